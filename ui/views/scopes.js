// 练习范围: a subject's (a law's or a topic's) 编 and 章 with done / right / total for this person,
// the order (顺序 / 随机) and which questions (全部 / 未做的 / 错题).

import { api } from '../api.js';
import { alertBox, h, mount, progressBar, refusedBox } from '../dom.js';
import { startSet } from './practice.js';

let order = 'sequential';
let filter = 'all';

function stats(p) {
  return `已做 ${p.done} / ${p.total} · 答对 ${p.right}`;
}

/**
 * `subject`: a law id or a topic id; none (去练习 from another screen): the
 * first card of 首页's 按法律练习.
 */
export async function renderScopes(root, subject) {
  mount(root, h('p', { class: 'loading' }, '正在加载…'));
  let tree;
  try {
    if (!subject) {
      const first = (await api.home()).subjects[0];
      if (!first) {
        mount(root, alertBox('还没有可以练习的法律', '学习范围里的法律还没有题目。'), h('a', { class: 'btn', href: '#/' }, '返回首页'));
        return null;
      }
      subject = first.subject;
    }
    tree = await api.practiceScopes(subject);
  } catch (e) {
    mount(root, alertBox('加载失败', e.message), h('a', { class: 'btn', href: '#/' }, '返回首页'));
    return null;
  }
  const err = h('div', {});
  async function start(part, chapter) {
    try {
      const set = await api.practiceStart({ subject, part, chapter }, order, filter);
      if (!set.ids.length) {
        mount(
          err,
          alertBox(
            '没有可练的题',
            filter === 'wrong_book' ? '这个范围里没有错题。' : '这个范围里的题都已经做过了，可以选“全部题目”再练一遍。',
          ),
        );
        return;
      }
      startSet(set);
    } catch (e) {
      mount(err, refusedBox('开始练习失败', e));
    }
  }
  const radio = (name, value, label, current, set) =>
    h(
      'label',
      { class: 'choice' },
      h('input', { type: 'radio', name, value, checked: current === value, onchange: () => set(value) }),
      label,
    );
  const options = h(
    'div',
    { class: 'card options-card' },
    h(
      'fieldset',
      {},
      h('legend', {}, '顺序'),
      radio('order', 'sequential', '按法条顺序', order, (v) => {
        order = v;
      }),
      radio('order', 'random', '随机', order, (v) => {
        order = v;
      }),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, '题目'),
      radio('filter', 'all', '全部题目', filter, (v) => {
        filter = v;
      }),
      radio('filter', 'unanswered', '只做未做过的', filter, (v) => {
        filter = v;
      }),
      radio('filter', 'wrong_book', '只做错题', filter, (v) => {
        filter = v;
      }),
    ),
  );
  const rows = [];
  for (const p of tree.parts) {
    if (p.part) {
      rows.push(
        h(
          'div',
          { class: 'scope-row scope-part' },
          h('div', { class: 'scope-name' }, p.part),
          h(
            'div',
            { class: 'scope-stats' },
            progressBar(p.progress.total ? p.progress.done / p.progress.total : 0, p.part),
            h('span', {}, stats(p.progress)),
          ),
          h(
            'button',
            { type: 'button', class: 'btn', onclick: () => start(p.part, null) },
            /^第\S+编/.test(p.part) ? '练习本编' : '练习这部分',
          ),
        ),
      );
    }
    for (const c of p.chapters) {
      const name = c.chapter || p.part || '其他';
      rows.push(
        h(
          'div',
          { class: 'scope-row' },
          h('div', { class: 'scope-name' }, name),
          h(
            'div',
            { class: 'scope-stats' },
            progressBar(c.progress.total ? c.progress.done / c.progress.total : 0, name),
            h('span', {}, stats(c.progress)),
          ),
          h('button', { type: 'button', class: 'btn', dataset: { chapter: name }, onclick: () => start(p.part, c.chapter) }, '练习本章'),
        ),
      );
    }
  }
  mount(
    root,
    h(
      'div',
      { class: 'page-head' },
      h('div', {}, h('a', { class: 'btn btn-link', href: '#/' }, '← 返回首页'), h('h1', {}, `${tree.title} · 练习`)),
      h('span', { class: 'muted' }, stats(tree.progress)),
    ),
    options,
    err,
    h(
      'div',
      { class: 'actions-top' },
      h(
        'button',
        { type: 'button', class: 'btn btn-primary', id: 'start-all', onclick: () => start(null, null) },
        `练习全部 ${tree.progress.total} 题`,
      ),
    ),
    rows.length ? h('section', { class: 'card scope-list', 'aria-label': '按章练习' }, rows) : null,
  );
  return null;
}

// 我的成绩 (menu): every contest attempt this person handed in, newest
// first — score, 及格 / 未及格, the rank once the organizer has published
// the results — each with a link to its result screen.

import { api } from '../api.js';
import { h, mount, refusedBox } from '../dom.js';

function passText(r) {
  if (!r.pass_mark) return '不设及格线';
  return r.passed ? '及格' : '未及格';
}

function rankText(r) {
  if (r.rank) return `第 ${r.rank} 名${r.participants ? ` / ${r.participants} 人` : ''}`;
  return r.contest_state === 'published' ? '未排名' : '待公布';
}

function row(r, several) {
  return h(
    'li',
    { class: 'card my-result', dataset: { attempt: r.attempt_id } },
    h(
      'div',
      { class: 'my-result-main' },
      h('h2', {}, r.title),
      h('p', { class: 'muted' }, `第 ${r.attempt_no} 次作答 · 交卷 ${r.submitted_at || '—'}${several && r.counted ? ' · 计入成绩' : ''}`),
    ),
    h(
      'dl',
      { class: 'my-result-facts' },
      h('div', {}, h('dt', {}, '得分'), h('dd', { class: 'my-score' }, `${r.score}`, h('small', {}, ` / ${r.max_score}`))),
      h('div', {}, h('dt', {}, '结果'), h('dd', { class: r.passed || !r.pass_mark ? 'is-pass' : 'is-fail' }, passText(r))),
      h('div', {}, h('dt', {}, '名次'), h('dd', {}, rankText(r), r.tier ? h('span', { class: 'my-tier' }, r.tier) : null)),
    ),
    h('a', { class: 'btn', href: `#/result/${r.attempt_id}` }, '查看成绩'),
  );
}

export async function renderMyResults(root) {
  mount(root, h('p', { class: 'loading' }, '正在加载我的成绩…'));
  let list;
  try {
    list = await api.myResults();
  } catch (e) {
    mount(root, refusedBox('我的成绩加载失败', e), h('a', { class: 'btn', href: '#/' }, '返回首页'));
    return null;
  }
  mount(
    root,
    h('h1', {}, '我的成绩'),
    list.length
      ? h(
          'ul',
          { class: 'my-results', id: 'my-results' },
          list.map((r) => row(r, list.filter((x) => x.contest_id === r.contest_id).length > 1)),
        )
      : h(
          'section',
          { class: 'card', id: 'my-results-empty' },
          h('p', {}, '还没有参加过有奖竞答。竞答开放后，首页顶部会出现“开始答题”。'),
          h('a', { class: 'btn btn-primary', href: '#/' }, '返回首页'),
        ),
    list.length
      ? h('p', { class: 'hint my-results-hint' }, '名次在组织者公布成绩后显示；可以作答多次的竞答，“计入成绩”的那一次参加排名。')
      : null,
  );
  return null;
}

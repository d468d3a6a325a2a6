// 成绩: score, time used, pass, rank and prize once published, and the
// review (answers, 解析, articles) when the contest allows it.

import { api } from '../../api.js';
import { alertBox, h, mount } from '../../dom.js';
import { articleCard } from '../article.js';

const LETTERS = 'ABCDEF';

export function formatDuration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return `${m} 分 ${String(s % 60).padStart(2, '0')} 秒`;
}

function responseText(item, r) {
  if (!r) return '未作答';
  if (r.kind === 'judge') return r.value ? '对' : '错';
  if (r.kind === 'fill') return r.text || '未作答';
  const letters = item.options.map((o, i) => (r.keys.includes(o.id) ? LETTERS[i] : null)).filter(Boolean);
  return letters.join('、') || '未作答';
}

function solutionText(item, s) {
  if (s.kind === 'judge') return s.value ? '对' : '错';
  if (s.kind === 'fill') return s.answer;
  return item.options
    .map((o, i) => (s.keys.includes(o.id) ? LETTERS[i] : null))
    .filter(Boolean)
    .join('、');
}

function reviewItem(item) {
  const right = item.verdict === 'Right';
  return h(
    'article',
    { class: `card review-item ${right ? 'right' : 'wrong'}` },
    h(
      'div',
      { class: 'tags' },
      h('span', { class: 'tag tag-type' }, `第 ${item.position + 1} 题 · ${item.qtype_name}题`),
      h(
        'span',
        { class: `tag ${right ? 'tag-right' : 'tag-wrong'}` },
        right ? `✓ 得 ${item.points} 分` : `✗ 得 ${item.points} / ${item.max_points} 分`,
      ),
    ),
    h('h3', { class: 'review-stem' }, item.stem),
    item.options.length
      ? h(
          'ol',
          { class: 'review-options' },
          item.options.map((o, i) => h('li', {}, `${LETTERS[i]}. ${o.text}`)),
        )
      : null,
    h('p', {}, `您的答案：${responseText(item, item.response)}　正确答案：${solutionText(item, item.solution)}`),
    h('p', { class: 'muted' }, `解析：${item.explanation}`),
    item.article ? articleCard(item.article) : null,
  );
}

export async function renderResult(root, attemptId) {
  mount(root, h('p', { class: 'loading' }, '正在加载成绩…'));
  let r;
  try {
    r = await api.attemptResult(attemptId);
  } catch (e) {
    mount(root, alertBox('成绩加载失败', e.message), h('a', { class: 'btn', href: '#/' }, '返回首页'));
    return null;
  }
  const noMark = !r.pass_mark;
  const mood = r.tier ? 'is-prize' : r.passed ? 'is-pass' : 'is-fail';
  const verdict = noMark ? '已交卷' : r.passed ? '✓ 及格' : '未及格';
  const cheer = r.tier
    ? `恭喜获得${r.tier}！`
    : noMark
      ? '感谢参加本次竞答。'
      : r.passed
        ? '恭喜您通过本次竞答！'
        : '继续加油！多练习错题，下次一定更好。';
  const when = [r.answers_when, r.rank_when].filter(Boolean);
  mount(
    root,
    h(
      'section',
      { class: `card result-card ${mood}`, id: 'result' },
      h('h1', {}, r.title),
      h('p', { class: 'muted' }, r.state === 'expired' ? '答题时间已到，系统已自动交卷。' : '您已交卷，成绩已保存。'),
      h('p', { class: 'result-cheer', id: 'result-cheer' }, cheer),
      h(
        'div',
        { class: 'score-line' },
        h(
          'div',
          { class: 'score-box score-main' },
          h('span', {}, '得分'),
          h('strong', { id: 'score' }, `${r.score}`),
          h('small', {}, ` / ${r.max_score}`),
        ),
        h('div', { class: 'score-box' }, h('span', {}, '用时'), h('strong', {}, formatDuration(r.time_used_ms))),
        h(
          'div',
          { class: 'score-box score-verdict' },
          h('span', {}, noMark ? '结果' : `结果（${r.pass_mark} 分及格）`),
          h('strong', { id: 'verdict' }, verdict),
        ),
        h(
          'div',
          { class: 'score-box' },
          h('span', {}, '名次'),
          h('strong', {}, r.published && r.rank ? `第 ${r.rank} 名` : '待公布'),
          r.participants ? h('small', {}, ` / ${r.participants} 人`) : null,
        ),
      ),
      when.length
        ? h(
            'ul',
            { class: 'result-when', id: 'result-when' },
            when.map((w) => h('li', {}, w)),
          )
        : null,
      h(
        'div',
        { class: 'actions-center' },
        h('a', { class: 'btn', href: '#/', id: 'result-home' }, '返回首页'),
        h('a', { class: 'btn btn-primary', href: '#/scopes', id: 'result-practice' }, '去练习'),
      ),
    ),
    r.review ? h('section', { 'aria-label': '答题回顾' }, h('h2', {}, '答题回顾'), r.review.map(reviewItem)) : null,
  );
  return null;
}

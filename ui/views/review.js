// 今日复习: the questions due today by each person's FSRS schedule (the
// backend chooses them, the wrong-answer book's first), answered in the
// practice screen. 首页 shows the card with the due count and the streak.

import { api } from '../api.js';
import { h, mount, refusedBox } from '../dom.js';
import { startSet } from './practice.js';

/** Starts 今日复习, or shows into `errBox` why it cannot start. */
async function startReview(errBox) {
  try {
    const set = await api.reviewSet();
    if (set.ids.length) startSet(set, '#/');
    else location.hash = '#/review';
  } catch (e) {
    mount(errBox, refusedBox('今日复习暂时不能打开', e));
  }
}

function figure(id, value, unit, label) {
  return h(
    'div',
    { class: 'review-figure', id },
    h('div', { class: 'fig-value' }, h('strong', {}, String(value)), h('span', { class: 'unit' }, unit)),
    h('span', { class: 'label' }, label),
  );
}

/** 首页's 今日复习 card from a ReviewSummary. */
export function reviewCard(s) {
  const errBox = h('div', {});
  // Nothing due: a calm status in place of a button that could not be used.
  const btn = s.due
    ? h(
        'button',
        { type: 'button', class: 'btn btn-primary', id: 'review-start', onclick: () => startReview(errBox) },
        `开始复习（${s.due} 题）`,
      )
    : h('p', { class: 'review-status', id: 'review-status' }, s.reviewed_today ? '✓ 今日复习已完成' : '今天没有到期的题');
  const note = s.due
    ? '按记忆规律（FSRS）安排：快忘的题先复习，错题本里的题排在最前。'
    : s.reviewed_today
      ? '今天的复习已完成，明天再来。'
      : '练习过的题会按记忆规律安排复习时间，到期后出现在这里。';
  return h(
    'section',
    { class: 'card review-card', 'aria-label': '今日复习', id: 'review-card' },
    h('div', { class: 'review-head' }, h('h2', {}, '今日复习'), h('p', { class: 'muted' }, note)),
    h(
      'div',
      { class: 'review-figures' },
      figure('review-due', s.due, '题', '今天到期'),
      figure('review-today', s.reviewed_today, '题', '今天已复习'),
      figure('review-streak', s.streak, '天', '连续复习'),
    ),
    h('div', { class: 'review-action' }, btn, errBox),
  );
}

/** #/review: starts the session, or says today's review is done. */
export async function renderReview(root) {
  mount(root, h('p', { class: 'loading' }, '正在打开今日复习…'));
  let set;
  let s;
  try {
    [set, s] = await Promise.all([api.reviewSet(), api.reviewSummary()]);
  } catch (e) {
    mount(root, refusedBox('今日复习暂时不能打开', e), h('a', { class: 'btn', href: '#/' }, '返回首页'));
    return null;
  }
  if (set.ids.length) {
    startSet(set, '#/');
    return null;
  }
  mount(
    root,
    h(
      'section',
      { class: 'card empty-book', id: 'review-done' },
      h('h1', {}, s.reviewed_today ? '今日复习已完成' : '今天没有要复习的题'),
      h(
        'p',
        {},
        s.reviewed_today
          ? `今天复习了 ${s.reviewed_today} 题，已连续复习 ${s.streak} 天。到期的题明天会出现在这里。`
          : '练习过的题会按记忆规律安排复习时间，到期后出现在这里。先去练习吧。',
      ),
      h(
        'div',
        { class: 'actions-center' },
        h('a', { class: 'btn', href: '#/' }, '返回首页'),
        h('a', { class: 'btn btn-primary', href: '#/scopes' }, '去练习'),
      ),
    ),
  );
  return null;
}

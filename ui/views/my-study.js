// 首页's 学时 by source: 在线学习 (measured in the app) and each kind of
// offline study the person attended (recorded by the organizer), this
// campaign, with the total the target counts.

import { h } from '../dom.js';

/** The list under 我的学时 from a StudySources. */
export function sourcesList(s) {
  // Only the app's time: the sentence above says it all.
  if (!s || s.sources.length < 2) return null;
  return h(
    'ul',
    { class: 'study-sources', id: 'study-sources', 'aria-label': '学时来源' },
    s.sources.map((x) =>
      h(
        'li',
        { dataset: { source: x.source } },
        h('span', { class: 'src-name' }, x.source),
        h('span', { class: 'src-hours' }, h('strong', {}, `${x.hours_campaign}`), ' 学时'),
        h('span', { class: 'src-year muted small' }, `全年 ${x.hours_year}`),
      ),
    ),
  );
}

// 集体宣誓 on the big screen: the oath's phrases, lit one by one as the
// leader reads them (the host's key moves the step; the backend keeps it, so
// a reload or a restart shows the same phrase), with the unit's name and the
// date in Chinese, and the source in a small line at the foot. The text comes
// from the backend (shipped as data with the bank), never from this file.

import { h } from '../../dom.js';

/**
 * `oath`: oath_text's {title, lines, source, unit_name, date_text} and the step.
 * Step 0 shows every phrase dim; step n lights the first n, the n-th as the
 * one being read.
 */
export function oathPage(oath) {
  const lines = Array.isArray(oath.lines) ? oath.lines : [];
  const step = Math.max(0, Math.min(oath.step || 0, lines.length));
  return h(
    'section',
    { class: 'show-oath', id: 'show-oath', dataset: { step: String(step), total: String(lines.length) } },
    h('h2', { class: 'show-oath-title' }, oath.title || '宪法宣誓'),
    h(
      'p',
      { class: 'show-oath-lines', id: 'oath-lines' },
      lines.map((text, i) =>
        h(
          'span',
          {
            class: `show-oath-line${i < step ? ' lit' : ''}${i === step - 1 ? ' now' : ''}`,
            dataset: { n: String(i + 1) },
          },
          text,
        ),
      ),
    ),
    h(
      'div',
      { class: 'show-oath-foot' },
      h('p', { class: 'show-oath-unit', id: 'oath-unit' }, [oath.unit_name, oath.date_text].filter(Boolean).join('　')),
      oath.source ? h('p', { class: 'show-oath-source', id: 'oath-source' }, oath.source) : null,
    ),
  );
}

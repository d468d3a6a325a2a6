// The article card: an article (or 题注) with the basis quote highlighted.
// Shared by practice feedback and, later, the law library.

import { h } from '../dom.js';

/** Splits marked segments into <p> paragraphs at each newline, marks as <mark>. */
export function paragraphs(segments) {
  const paras = [[]];
  for (const seg of segments) {
    const pieces = seg.text.split('\n');
    pieces.forEach((piece, i) => {
      if (i > 0) paras.push([]);
      if (piece) paras[paras.length - 1].push(seg.mark ? h('mark', {}, piece) : piece);
    });
  }
  return paras.filter((p) => p.length).map((p) => h('p', {}, p));
}

/** Long articles (the 序言) show the paragraphs with the quote, and a button for the rest. */
const LONG = 4;

export function articleCard(a) {
  const title = a.article === null || a.article === undefined ? `《${a.law_title}》题注` : `《${a.law_title}》${a.label}`;
  return h(
    'section',
    { class: 'article', 'aria-label': '法条原文' },
    h('div', { class: 'article-title' }, title),
    a.location.length ? h('div', { class: 'article-where' }, a.location.join(' · ')) : null,
    textBlock(a.segments),
  );
}

function textBlock(segments) {
  const paras = paragraphs(segments);
  const box = h('div', { class: 'article-text' });
  const marked = paras.filter((p) => p.querySelector('mark'));
  if (paras.length <= LONG || marked.length === 0) {
    box.append(...paras);
    return box;
  }
  box.append(...marked);
  const more = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-link',
      onclick: () => {
        box.replaceChildren(...paras);
      },
    },
    `显示全文（共 ${paras.length} 段）`,
  );
  box.append(more);
  return box;
}

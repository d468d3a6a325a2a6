// 现场竞答 (the live show): what every show page shares — the words for
// round kinds and phases, the team colours (a fixed palette of twelve CSS
// variables, --team-1 … --team-12 in tokens.css), the countdown drawn from
// the backend's remaining milliseconds (the page keeps no timer of its own:
// it only counts down between two states the backend sent), option labels,
// and the article card with its quote highlighted.

import { h } from '../../dom.js';
import { paragraphs } from '../article.js';

export const KINDS = [
  ['required', '必答'],
  ['buzz', '抢答'],
  ['risk', '风险题'],
  ['speed', '限时速答'],
];

export const kindLabel = (kind) => (KINDS.find(([k]) => k === kind) || [kind, kind])[1];

export const PHASES = {
  intro: '题前介绍',
  pick: '选择分值',
  question: '读题',
  open: '抢答开始',
  answering: '作答中',
  judged: '已判定',
  reveal: '公布答案',
  scoreboard: '比分',
  speed: '限时速答',
  oath: '集体宣誓',
  finished: '已结束',
  setup: '准备中',
};

export const phaseLabel = (phase) => PHASES[phase] || phase || '';

/** The palette's names, in order; a team's `colour` is one of them. */
export const PALETTE = ['red', 'blue', 'green', 'orange', 'purple', 'teal', 'brown', 'pink', 'navy', 'olive', 'slate', 'amber'];
export const PALETTE_LABELS = ['红', '蓝', '绿', '橙', '紫', '青', '棕', '粉', '藏青', '橄榄', '灰', '琥珀'];

/** The CSS colour of a palette entry (a name, or its 1-based number). */
export function teamColour(colour) {
  const i = PALETTE.indexOf(String(colour));
  const digits = /(\d+)/.exec(String(colour));
  const n = i >= 0 ? i + 1 : Math.max(1, Math.min(12, digits ? parseInt(digits[1], 10) : 1));
  return `var(--team-${n})`;
}

/** A coloured swatch and the team's name. */
export function teamTag(team, extra = {}) {
  if (!team) return null;
  return h('span', { class: 'show-team-tag', style: `--team: ${teamColour(team.colour)}`, ...extra },
    h('span', { class: 'show-swatch', 'aria-hidden': 'true' }), team.name);
}

export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/**
 * The options of a question as the pages show them: [{id, label, text}].
 * 判断 has 对 / 错 (ids "true"/"false") when the backend sends no options.
 */
export function optionsOf(q) {
  if (!q) return [];
  if (Array.isArray(q.options) && q.options.length) {
    return q.options.map((o, i) => {
      const id = typeof o === 'object' && o !== null ? String(o.id ?? i) : String(i);
      const text = typeof o === 'object' && o !== null ? (o.text ?? '') : String(o);
      return { id, label: LETTERS[i] || String(i + 1), text };
    });
  }
  if (q.qtype === 'judge') return [{ id: 'true', label: '对', text: '正确' }, { id: 'false', label: '错', text: '错误' }];
  return [];
}

/** mm:ss of `ms` (rounded up to the second). */
export function clock(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * A countdown driven by the backend: `set(remainingMs)` whenever a state
 * arrives, and the element counts down to 0 between states (never past).
 * `null` hides it.
 */
export function countdown(cls = 'show-clock') {
  const el = h('div', { class: cls, role: 'timer', 'aria-live': 'off', hidden: true });
  let until = null;
  const draw = () => {
    if (until === null) { el.hidden = true; return; }
    const left = until - performance.now();
    el.hidden = false;
    el.textContent = clock(left);
    el.dataset.urgent = String(left <= 5000);
  };
  const timer = setInterval(draw, 200);
  return {
    el,
    set(remainingMs) {
      until = remainingMs === null || remainingMs === undefined ? null : performance.now() + Math.max(0, remainingMs);
      draw();
    },
    stop() { clearInterval(timer); },
  };
}

/** The article with the basis quote highlighted (segments as the practice card gets them). */
export function articleBlock(a, cls = 'show-article') {
  if (!a) return null;
  const title = a.article === null || a.article === undefined ? `《${a.law_title || ''}》题注` : `《${a.law_title || ''}》${a.label || ''}`;
  const segs = Array.isArray(a.segments) ? a.segments : [{ text: a.text || '', mark: false }];
  const paras = paragraphs(segs);
  const marked = paras.filter((p) => p.querySelector('mark'));
  // A long article on a screen: the paragraphs with the quote only.
  const shown = paras.length > 2 && marked.length ? marked : paras;
  return h('section', { class: cls, 'aria-label': '法条原文' },
    h('div', { class: `${cls}-title` }, title, shown.length < paras.length ? h('span', { class: `${cls}-part` }, '（节选）') : null),
    h('div', { class: `${cls}-text` }, shown));
}

/** The key with its options' texts: "A　人民"; 判断: 对 / 错. */
export function keyLong(q, key) {
  const short = keyText(q, key);
  if (!q || q.qtype === 'judge') return short;
  const ids = (Array.isArray(key) ? key : [key]).map(String);
  const texts = optionsOf(q).filter((o) => ids.includes(o.id)).map((o) => o.text);
  return texts.length ? `${short}　${texts.join('；')}` : short;
}

/** The text of a key as shown: option labels, or 对 / 错. */
export function keyText(q, key) {
  if (key === null || key === undefined) return '';
  const opts = optionsOf(q);
  const ids = Array.isArray(key) ? key.map(String) : [String(key)];
  if (q && q.qtype === 'judge' && !opts.some((o) => ids.includes(o.id) && o.label !== '对' && o.label !== '错')) {
    return ids.includes('true') ? '对' : '错';
  }
  const labels = ids.map((id) => (opts.find((o) => o.id === id) || { label: id }).label);
  return labels.join('');
}

/** A team from its id. */
export const teamById = (state, id) => (state && Array.isArray(state.teams) ? state.teams.find((t) => t.id === id) : null) || null;

/** Teams ordered by score (the scoreboard's order), ties by position. */
export function standings(teams) {
  const list = [...(teams || [])].sort((a, b) => (b.score - a.score) || ((a.position ?? 0) - (b.position ?? 0)));
  let rank = 0;
  let last = null;
  list.forEach((t, i) => {
    if (t.score !== last) { rank = i + 1; last = t.score; }
    t.rank = rank;
  });
  return list;
}

/** Keeps the screen awake on a phone where the browser allows it. */
export async function keepAwake() {
  try {
    if (navigator.wakeLock) return await navigator.wakeLock.request('screen');
  } catch { /* not allowed here: the phone may dim */ }
  return null;
}

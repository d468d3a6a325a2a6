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
  podium: '最终排名',
  setup: '准备中',
};

export const phaseLabel = (phase) => PHASES[phase] || phase || '';

/** The palette: a team's `colour` is one of team-1 … team-12 (CSS --team-N). */
export const PALETTE = Array.from({ length: 12 }, (_, i) => `team-${i + 1}`);
export const PALETTE_LABELS = ['红', '蓝', '绿', '橙', '紫', '青', '棕', '粉', '藏青', '橄榄', '灰', '琥珀'];

/**
 * A palette entry as the pages mark it: data-colour="team-N" sets --team
 * (show.css). An attribute, not an inline style: the host's pages forbid
 * inline styles (CSP style-src 'self').
 */
export function colourName(colour) {
  const digits = /(\d+)/.exec(String(colour));
  const n = Math.max(1, Math.min(12, digits ? parseInt(digits[1], 10) : 1));
  return `team-${n}`;
}

/** A coloured swatch and the team's name. */
export function teamTag(team, extra = {}) {
  if (!team) return null;
  return h(
    'span',
    { class: 'show-team-tag', 'data-colour': colourName(team.colour), ...extra },
    h('span', { class: 'show-swatch', 'aria-hidden': 'true' }),
    team.name,
  );
}

export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/**
 * The options of a question as the pages show them: [{id, label, text}]
 * (ids are numbers, as the backend sends them). 判断 comes as 1 正确 and
 * 0 错误: labelled 对 / 错.
 */
export function optionsOf(q) {
  if (!q || !Array.isArray(q.options)) return [];
  return q.options.map((o, i) => ({
    id: o.id,
    label: q.qtype === 'judge' ? (o.id === 1 ? '对' : '错') : LETTERS[i] || String(i + 1),
    text: o.text,
  }));
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
    if (until === null) {
      el.hidden = true;
      return;
    }
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
    stop() {
      clearInterval(timer);
    },
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
  return h(
    'section',
    { class: cls, 'aria-label': '法条原文' },
    h('div', { class: `${cls}-title` }, title, shown.length < paras.length ? h('span', { class: `${cls}-part` }, '（节选）') : null),
    h('div', { class: `${cls}-text` }, shown),
  );
}

/** The labels of the option ids `ids` as this question shows them ("AC", "对"). */
export function labelsOf(q, ids) {
  const list = Array.isArray(ids) ? ids : [];
  return optionsOf(q)
    .filter((o) => list.includes(o.id))
    .map((o) => o.label)
    .join('');
}

/** The key as the pages say it: "A　人民" (the backend's answer_text when it has one). */
export function keyLong(q, key) {
  if (!key) return '';
  const labels = labelsOf(q, key.answer);
  if (q && q.qtype === 'judge') return labels || key.answer_text || '';
  const texts = optionsOf(q)
    .filter((o) => (key.answer || []).includes(o.id))
    .map((o) => o.text);
  if (labels && texts.length) return `${labels}　${texts.join('；')}`;
  return key.answer_text || labels;
}

/** A team from its id. */
export const teamById = (state, id) =>
  (state && Array.isArray(state.teams) && id !== null && id !== undefined ? state.teams.find((t) => t.id === id) : null) || null;

/** Teams ordered by score (the scoreboard's order), ties by position. */
export function standings(teams) {
  const list = [...(teams || [])].sort((a, b) => b.score - a.score || (a.position ?? 0) - (b.position ?? 0));
  let rank = 0;
  let last = null;
  list.forEach((t, i) => {
    if (t.score !== last) {
      rank = i + 1;
      last = t.score;
    }
    t.rank = rank;
  });
  return list;
}

/** Keeps the screen awake on a phone where the browser allows it. */
export async function keepAwake() {
  try {
    if (navigator.wakeLock) return await navigator.wakeLock.request('screen');
  } catch {
    /* not allowed here: the phone may dim */
  }
  return null;
}

/**
 * What a page draws from a public view, without what changes on every push
 * (counts of devices and audience answers, clocks): a page redraws only when
 * this changes, so a button is never replaced under a finger.
 */
export function viewKey(s, extra = null) {
  if (!s) return '';
  const audience = s.audience ? { ...s.audience, answered: 0, joined: 0 } : null;
  const teams = (s.teams || []).map((t) => ({ ...t, devices: 0 }));
  return JSON.stringify({ ...s, version: 0, server_ms: 0, remaining_ms: 0, audience, teams, extra });
}

// 竞答's set-up form, its starting points: the default paper and prizes of
// the coming 12月4日 (on the laws in 学习范围), a new prize tier, and the
// 编/章 of any law a rule may narrow to.

import { api } from '../../api.js';

/** A tier as the editor adds it: no minimum score, a pass required. */
export function newTier(name, count) {
  return { name, count, min_score: null, require_pass: true };
}

/** The year of the coming 12月4日 (today counts; after it, next year's). */
export function comingConstitutionDayYear(now = new Date()) {
  return now.getMonth() === 11 && now.getDate() > 4 ? now.getFullYear() + 1 : now.getFullYear();
}

/**
 * The default paper's laws: 宪法 and 民法典 when they are in 学习范围,
 * else the first laws there in their place (one law: all four rules on it).
 */
function defaultLaws(view) {
  const enabled = view.laws.filter((l) => l.enabled).map((l) => l.id);
  const pool = enabled.length ? enabled : view.laws.map((l) => l.id);
  const spare = pool.filter((id) => id !== '宪法' && id !== '民法典');
  const pick = (preferred) => (pool.includes(preferred) ? preferred : spare.shift() || pool[0] || preferred);
  const first = pick('宪法');
  const second = pick('民法典');
  return [first, second];
}

export function defaultSpec(view) {
  const y = comingConstitutionDayYear();
  const [a, b] = defaultLaws(view);
  const title = a === '宪法' && b === '民法典' ? `${y}年宪法民法典知识有奖竞答` : `${y}年国家宪法日法治知识有奖竞答`;
  return {
    title,
    opens_at: `${y}-12-04T09:00`,
    closes_at: `${y}-12-04T11:00`,
    time_limit_minutes: 30,
    attempts_allowed: 1,
    counting: 'best',
    pass_mark: 60,
    review: 'after_close',
    multi_scoring: 'all_or_nothing',
    paper: [
      { count: 20, qtype: 'single', scope: { subject: a }, difficulty: null, points: 2 },
      { count: 20, qtype: 'single', scope: { subject: b }, difficulty: null, points: 2 },
      { count: 5, qtype: 'multi', scope: { subject: b }, difficulty: null, points: 4 },
      { count: 10, qtype: 'judge', scope: { subject: a }, difficulty: null, points: 1 },
    ],
    // New tiers require a pass: a prize never goes to a failed paper.
    tiers: [newTier('一等奖', 3), newTier('二等奖', 5), newTier('三等奖', 10)],
    lottery: { count: 10, min_score: 80 },
  };
}

/**
 * The 编 (parts) and 章 of a law a rule may narrow to, from its outline:
 * {parts: [name], chapters: {part or '': [name]}}. A topic has none.
 */
async function lawScope(law) {
  const out = { parts: [], chapters: {} };
  const nodes = await api.libraryTree(law);
  let part = null;
  for (const n of nodes) {
    if (n.depth === 0) {
      part = n.name;
      out.parts.push(part);
    }
    if (n.depth === 2) {
      const key = part || '';
      out.chapters[key] = out.chapters[key] || [];
      out.chapters[key].push(n.name);
    }
  }
  return out;
}

/**
 * Adds to `scopes` (law → lawScope) the laws among `subjects` it lacks
 * (topics such as 宪法日常识 are skipped: they have no outline).
 */
export async function scopeOptions(view, subjects, scopes = {}) {
  const laws = new Set(view.laws.map((l) => l.id));
  for (const s of new Set(subjects)) {
    if (laws.has(s) && !scopes[s]) scopes[s] = await lawScope(s);
  }
  return scopes;
}

/** The 章 a rule may choose: a law with 编 lists the chosen 编's; without, all. */
export function chaptersFor(scope, part) {
  if (!scope) return [];
  if (scope.parts.length) return part ? scope.chapters[part] || [] : [];
  return scope.chapters[''] || [];
}

// 竞答's set-up form, its starting points: the default paper and prizes of
// the coming 12月4日, a new prize tier, and the 编/章 a rule may narrow to.

import { api } from '../../api.js';

/** A tier as the editor adds it: no minimum score, a pass required. */
export function newTier(name, count) {
  return { name, count, min_score: null, require_pass: true };
}

/** The year of the coming 12月4日 (today counts; after it, next year's). */
export function comingConstitutionDayYear(now = new Date()) {
  return now.getMonth() === 11 && now.getDate() > 4 ? now.getFullYear() + 1 : now.getFullYear();
}

export function defaultSpec() {
  const y = comingConstitutionDayYear();
  return {
    title: `${y}年宪法民法典知识有奖竞答`,
    opens_at: `${y}-12-04T09:00`,
    closes_at: `${y}-12-04T11:00`,
    time_limit_minutes: 30,
    attempts_allowed: 1,
    counting: 'best',
    pass_mark: 60,
    review: 'after_close',
    multi_scoring: 'all_or_nothing',
    paper: [
      { count: 20, qtype: 'single', scope: { subject: '宪法' }, difficulty: null, points: 2 },
      { count: 20, qtype: 'single', scope: { subject: '民法典' }, difficulty: null, points: 2 },
      { count: 5, qtype: 'multi', scope: { subject: '民法典' }, difficulty: null, points: 4 },
      { count: 10, qtype: 'judge', scope: { subject: '宪法' }, difficulty: null, points: 1 },
    ],
    // New tiers require a pass: a prize never goes to a failed paper.
    tiers: [newTier('一等奖', 3), newTier('二等奖', 5), newTier('三等奖', 10)],
    lottery: { count: 10, min_score: 80 },
  };
}

export async function scopeOptions() {
  const out = { 宪法: { parts: [], chapters: {} }, 民法典: { parts: [], chapters: {} } };
  for (const law of ['宪法', '民法典']) {
    const nodes = await api.libraryTree(law);
    let part = null;
    for (const n of nodes) {
      if (n.depth === 0) {
        part = n.name;
        out[law].parts.push(part);
      }
      if (n.depth === 2) {
        const key = part || '';
        out[law].chapters[key] = out[law].chapters[key] || [];
        out[law].chapters[key].push(n.name);
      }
    }
  }
  return out;
}

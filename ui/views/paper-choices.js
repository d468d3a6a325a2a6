// The choices a paper rule offers, shared by the contest editor and the
// live show's round editor: the law or topic (from law_list: see
// law-list.js), and which questions a rule may draw.

export { defaultSubject, subjectChoices } from './law-list.js';

/** The [value, label] choices of a subject select, keeping `current` even when it has left the list. */
export function withCurrent(choices, current) {
  return !current || choices.some(([v]) => v === current) ? choices : [[current, current], ...choices];
}

// 竞赛专用题 are questions nobody could practise (题库 → 竞赛专用题).
export const POOLS = [
  ['any', '全部题目'],
  ['contest_only', '仅竞赛专用题'],
  ['practice', '仅练习题'],
];

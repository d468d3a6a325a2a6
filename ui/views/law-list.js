// The laws there are, as data (law_list): a choice of law that works for 2
// or 20 laws (a select grouped by kind, short names), and the words for a
// law or topic. Staff get only the laws in 学习范围; organizers get all.

import { api } from '../api.js';
import { h } from '../dom.js';

/** The kinds in the order the chooser groups them. */
const KINDS = ['宪法', '宪法修正案', '法律', '决定'];

/** LawsView from the backend: {laws, topics}. */
export function loadLaws() {
  return api.lawList();
}

/** Laws grouped by kind, each group in display order: [[kind, laws]]. */
export function byKind(laws) {
  const kinds = [...KINDS, ...new Set(laws.map((l) => l.kind).filter((k) => !KINDS.includes(k)))];
  return kinds.map((k) => [k, laws.filter((l) => l.kind === k)]).filter(([, ls]) => ls.length);
}

/**
 * A <select> of laws by their short names, grouped by kind (optgroups; ↑/↓
 * and typing a name move through it). `extra` = [[value, label]] before
 * the laws (e.g. 全部法律).
 */
export function lawSelect(laws, current, attrs = {}, extra = []) {
  const opt = (value, label) => h('option', { value, selected: value === current }, label);
  const groups = byKind(laws);
  return h(
    'select',
    { class: 'input', ...attrs },
    extra.map(([v, l]) => opt(v, l)),
    groups.length > 1
      ? groups.map(([kind, ls]) =>
          h(
            'optgroup',
            { label: kind },
            ls.map((l) => opt(l.id, l.enabled === false ? `${l.id}（未列入学习范围）` : l.id)),
          ),
        )
      : laws.map((l) => opt(l.id, l.id)),
  );
}

/**
 * What a paper rule or a show round may draw from: every law (short name;
 * those outside 学习范围 say so), then the topics. [[id, label]].
 */
export function subjectChoices(view) {
  return [...view.laws.map((l) => [l.id, l.enabled ? l.id : `${l.id}（未列入学习范围）`]), ...view.topics.map((t) => [t.id, t.id])];
}

/** Whether `id` names a law (not a topic such as 宪法日常识). */
export function isLaw(view, id) {
  return view.laws.some((l) => l.id === id);
}

/**
 * The subject a new rule starts with: `preferred` when it is there (and
 * enabled), else the first law in 学习范围, else the first law or topic.
 */
export function defaultSubject(view, preferred) {
  const enabled = view.laws.filter((l) => l.enabled);
  if (preferred && enabled.some((l) => l.id === preferred)) return preferred;
  return enabled[0]?.id || view.laws[0]?.id || view.topics[0]?.id || '';
}

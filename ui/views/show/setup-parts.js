// The live show's set-up form, its parts: a labelled select, a number
// field, a team's colour picker, and the rounds and show a new form starts
// with (the backend's defaults, made visible).

import { h } from '../../dom.js';
import { field } from '../forms.js';
import { defaultSubject, subjectChoices, withCurrent } from '../paper-choices.js';
import { colourName, kindLabel, PALETTE, PALETTE_LABELS } from './common.js';

// What a round's rule may draw from (law_list), set when 现场竞答 opens:
// a new round starts with 宪法 when it is in 学习范围, else the first law there.
let subjects = { first: '', choices: [] };

/** Takes the laws and topics there are (a LawsView). */
export function useLaws(view) {
  subjects = { first: defaultSubject(view, '宪法'), choices: subjectChoices(view) };
}

/** The [value, label] choices of a rule's 科目, keeping `current`. */
export function subjectOptions(current) {
  return withCurrent(subjects.choices, current);
}

let uid = 0;
/** A labelled select (the label names it for screen readers and clicks). */
export function labelled(label, select) {
  const id = `show-f${++uid}`;
  select.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), select);
}

/** A round's settings as the form starts them (the backend's defaults, made visible). */
export function defaultSettings(kind) {
  switch (kind) {
    case 'buzz':
      return { points_right: 10, points_wrong: 10, foul_penalty: 0, answer_seconds: 20, count: 6 };
    case 'risk':
      return { risk_values: [10, 20, 30], answer_seconds: 30, count: 1 };
    case 'speed':
      return { points_right: 10, points_wrong: 0, speed_seconds: 60, count: 10 };
    default:
      return { points_right: 10, points_wrong: 0, answer_seconds: 20, count: 1 };
  }
}

export function newRound(kind, n) {
  return {
    kind,
    title: `第${'一二三四五六七八九十'[n] || n + 1}轮 ${kindLabel(kind)}`,
    ...defaultSettings(kind),
    rule: { subject: subjects.first, qtype: kind === 'speed' ? 'judge' : 'single', difficulty: null, pool: 'any' },
    question_ids: [],
  };
}

export function defaultSpec() {
  const y = new Date().getFullYear();
  return {
    title: `${y}年国家宪法日现场知识竞答`,
    unit_name: '',
    teams: [
      { name: '第一队', colour: PALETTE[0], department: null, members: [] },
      { name: '第二队', colour: PALETTE[1], department: null, members: [] },
      { name: '第三队', colour: PALETTE[2], department: null, members: [] },
      { name: '第四队', colour: PALETTE[3], department: null, members: [] },
    ],
    rounds: [newRound('required', 0), newRound('buzz', 1), newRound('risk', 2)],
  };
}

/** The colour picker of one team: a radio per palette colour. */
export function colourPicker(t, i, onchange) {
  return h(
    'fieldset',
    { class: 'show-colours', 'aria-label': `${t.name || `第${i + 1}队`}的颜色` },
    PALETTE.map((c, n) =>
      h(
        'label',
        { title: PALETTE_LABELS[n] },
        h('input', {
          type: 'radio',
          name: `team-colour-${i}`,
          value: c,
          checked: t.colour === c,
          'aria-label': PALETTE_LABELS[n],
          onchange: () => {
            t.colour = c;
            onchange();
          },
        }),
        h('span', { 'data-colour': colourName(c) }),
      ),
    ),
  );
}

export function num(label, value, onchange, attrs = {}) {
  const f = field(label, { type: 'number', value: value ?? '', ...attrs });
  f.input.addEventListener('change', () => {
    const v = f.input.value.trim();
    onchange(v === '' ? null : parseInt(v, 10));
  });
  f.row.classList.add('narrow');
  return f.row;
}

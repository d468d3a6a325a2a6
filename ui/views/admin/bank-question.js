// 题库 · 查找试题: open a question by its 编号 (the item analysis links here
// with ?q=<id>), with its key, accepted answers and basis; 撤下 it with a
// reason: a retired question is never drawn into a paper or practised
// again, while past attempts keep it.

import { api } from '../../api.js';
import { alertBox, h, mount, toast } from '../../dom.js';
import { formatDateTime, runAction } from '../forms.js';

const LETTERS = 'ABCDEFGH';

/** 填空: add a spelling that should count as right (prefilled from the
 * item analysis' 错答集中 flag). */
function acceptForm(q, suggested, redraw) {
  const err = h('div', {});
  const input = h('input', {
    class: 'input',
    id: 'accept-spelling',
    maxlength: 50,
    value: suggested || '',
    placeholder: '例如：民事权利能力',
    'aria-label': '要算对的填法',
  });
  const btn = h('button', { type: 'button', class: 'btn', id: 'accept-spelling-btn' }, '加入算对的填法');
  btn.addEventListener('click', () =>
    runAction(
      btn,
      err,
      async () => {
        const next = await api.acceptSpelling(q.id, input.value);
        toast('已加入：以后练习和竞答中这样填算对，已记入审计日志（以往的成绩不变）');
        redraw(next);
      },
      '没有加入',
    ),
  );
  return [
    h(
      'p',
      { class: 'small muted' },
      '错答集中在某种填法、而这种填法其实也对时，可以把它加入算对的填法：以后练习和竞答都按新的答案判分，已交卷的成绩不重新判分。',
    ),
    h('div', { class: 'search-form' }, input, btn),
    err,
  ];
}

function questionCard(q, redraw, suggested) {
  const err = h('div', {});
  const reason = h('input', {
    class: 'input',
    id: 'retire-reason',
    maxlength: 200,
    placeholder: '例如：区分度为负，答案有争议',
    'aria-label': '撤下原因',
  });
  const retire = h('button', { type: 'button', class: 'btn btn-danger', id: 'retire-question' }, '撤下这道题');
  retire.addEventListener('click', () =>
    runAction(
      retire,
      err,
      async () => {
        const next = await api.retireQuestion(q.id, reason.value);
        toast('已撤下：以后的竞答和练习都不会再出这道题，已记入审计日志');
        redraw(next);
      },
      '没有撤下',
    ),
  );
  const keys = new Set(q.key_text.split('；').map((k) => k.split('：')[0]));
  return h(
    'article',
    { class: 'bank-question', id: 'bank-question', dataset: { question: q.id } },
    h('h2', {}, h('span', { class: 'tag tag-type' }, q.qtype_name), ' ', q.stem),
    h(
      'p',
      { class: 'small muted' },
      `编号 `,
      h('span', { class: 'mono' }, q.id),
      ` · ${q.subject}${q.basis ? ` · 依据 ${q.basis}` : ' · 无法条依据'}`,
    ),
    q.options.length
      ? h(
          'ul',
          { class: 'options' },
          q.options.map((o, i) =>
            h('li', { class: keys.has(LETTERS[i]) ? 'is-key' : null }, `${LETTERS[i]}．${o}${keys.has(LETTERS[i]) ? '　✓ 正确答案' : ''}`),
          ),
        )
      : h('p', {}, `正确答案：${q.key_text}`),
    q.accepted.length ? h('p', { class: 'small' }, `算对的填法：${q.accepted.join('、')}`) : null,
    h('p', { class: 'small muted' }, `解析：${q.explanation}`),
    q.qtype_name === '填空' && !q.retired_at ? acceptForm(q, suggested, redraw) : null,
    q.retired_at
      ? h(
          'p',
          { class: 'retired-note', id: 'retired-note' },
          `已撤下（${formatDateTime(q.retired_at)}，${q.retired_by}${q.retired_reason ? `：${q.retired_reason}` : ''}）。以后的竞答和练习都不会再出这道题，以往的成绩不受影响。`,
        )
      : [
          h(
            'p',
            { class: 'small muted' },
            '撤下后，这道题不再被抽进竞答试卷，也不再出现在练习和错题本中；已经交卷的成绩和答题记录保持不变。要修改题目内容，可以撤下后在下方“从文件导入题目”中导入改好的新题。',
          ),
          h('div', { class: 'search-form' }, reason, retire),
          err,
        ],
  );
}

/** The 查找试题 card; opens `initial` (an id from the address) at once,
 * with `suggested` (a 填空 spelling) in the accept field. */
export function questionLookup(initial, suggested) {
  const box = h('div', {});
  const input = h('input', {
    class: 'input',
    id: 'question-id',
    placeholder: '题目编号，例如 mf2-zz-127',
    'aria-label': '题目编号',
    value: initial || '',
  });
  const open = async () => {
    const id = input.value.trim();
    if (!id) return;
    try {
      const q = await api.bankQuestion(id);
      const redraw = (next) => mount(box, questionCard(next, redraw, id === initial ? suggested : ''));
      redraw(q);
    } catch (e) {
      mount(box, alertBox('没有找到这道题', e.message));
    }
  };
  const btn = h('button', { type: 'button', class: 'btn btn-primary', id: 'open-question', onclick: open }, '打开');
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') open();
  });
  if (initial) open();
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, '查找试题'),
    h('p', { class: 'muted small' }, '输入题目编号查看题目、答案和依据；在“试题分析”中点“在题库中打开”会直接来到这里。'),
    h('div', { class: 'search-form' }, input, btn),
    box,
  );
}

// 管理 → 法律库: every law there is (名称, 类别, 版本, 条文数, 题目数, the
// questions a new edition set aside, and whether it is in 学习范围, saved
// with 保存学习范围), 导入法律 (preview, then all or nothing), and the
// questions waiting to be fixed (待修订题目).

import { api } from '../../api.js';
import { alertBox, h, mount } from '../../dom.js';
import { lawImportCard, setAsideTable } from './law-import.js';
import { saveStudyButton, studyBox } from './study-laws.js';

function lawsTable(view, redraw) {
  const table = h(
    'table',
    { class: 'table laws-table', id: 'laws-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['名称', '类别', '版本', '条文数', '题目数', '待修订', '学习范围'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      view.laws.map((l) =>
        h(
          'tr',
          { dataset: { law: l.id }, class: l.enabled ? '' : 'inactive' },
          h(
            'td',
            {},
            h('a', { href: `#/library/${encodeURIComponent(l.id)}`, class: 'law-name' }, l.id),
            l.title !== l.id ? h('div', { class: 'muted small' }, l.title) : null,
          ),
          h('td', { class: 'nowrap' }, l.kind),
          h('td', {}, l.edition),
          h('td', { class: 'num' }, l.articles),
          h('td', { class: 'num' }, l.questions),
          h('td', { class: `num${l.set_aside ? ' set-aside-count' : ''}` }, l.set_aside),
          h(
            'td',
            { class: 'study-cell' },
            h('label', { class: 'choice', for: `study-${l.id}` }, studyBox(l), l.enabled ? '已列入' : '列入'),
          ),
        ),
      ),
    ),
  );
  const { button, err } = saveStudyButton(table, redraw);
  const on = view.laws.filter((l) => l.enabled).length;
  return [
    h('div', { class: 'table-wrap' }, table),
    err,
    h(
      'div',
      { class: 'actions-top study-actions' },
      button,
      h(
        'span',
        { class: 'muted small', id: 'study-count' },
        `已列入学习范围 ${on} 部，共 ${view.laws.length} 部。职工只看到学习范围里的法律。`,
      ),
    ),
  ];
}

export async function renderLaws(body) {
  mount(body, h('p', { class: 'loading' }, '正在加载…'));
  let view;
  let setAside;
  try {
    [view, setAside] = await Promise.all([api.lawList(), api.setAsideQuestions()]);
  } catch (e) {
    mount(body, alertBox('法律库加载失败', e.message));
    return null;
  }
  const tableBox = h('div', { id: 'laws-table-box' });
  const setAsideBox = h('div', { id: 'set-aside-box' });
  const drawTable = (v) => mount(tableBox, lawsTable(v, drawTable));
  const drawSetAside = (list) =>
    mount(
      setAsideBox,
      list.length
        ? [
            h(
              'p',
              { class: 'muted small' },
              `共 ${list.length} 题。新版本改动了它们所依据的条文，依据原文不再一字不差：这些题不会出现在试卷和练习中。改好依据原文后，在“题库导入”中重新导入即可恢复。`,
            ),
            setAsideTable(list, 'set-aside'),
          ]
        : h('p', { class: 'muted', id: 'set-aside-none' }, '没有待修订的题目。'),
    );
  drawTable(view);
  drawSetAside(setAside);
  const refresh = async () => {
    try {
      const [v, list] = await Promise.all([api.lawList(), api.setAsideQuestions()]);
      drawTable(v);
      drawSetAside(list);
    } catch (e) {
      mount(tableBox, alertBox('法律库刷新失败', e.message));
    }
  };
  mount(
    body,
    h(
      'section',
      { class: 'card', id: 'laws' },
      h('h2', {}, '法律库'),
      h('p', { class: 'muted small' }, '点名称可以在法条库中阅读全文。勾选“学习范围”决定职工在法条库、练习和搜索中看到哪些法律。'),
      tableBox,
    ),
    lawImportCard(refresh),
    h('section', { class: 'card', id: 'set-aside-card' }, h('h2', {}, '待修订题目'), setAsideBox),
  );
  return null;
}

// 试题分析 (#/results/<id>/items): per question of a contest, from each
// person's counted attempt, its facility (正确率), discrimination (前 27% 减
// 后 27%), corrected point-biserial, each option's share (by the bank's
// option, not the shuffled position) and the flags; from a flagged question
// the organizer opens it in 题库 to retire it.

import { api } from '../../api.js';
import { alertBox, h, mount } from '../../dom.js';
import { runAction, savedToast } from '../forms.js';
import { disclosureMenu } from '../menu.js';

const LETTERS = 'ABCDEFGH';
const pct = (x) => `${Math.round(x * 100)}%`;
const num = (x) => (x === null || x === undefined ? '—' : x.toFixed(2));

/** A thin bar for a share (0..1). */
export function bar(x, right = false) {
  return h(
    'span',
    { class: `bar${right ? ' is-right' : ''}`, 'aria-hidden': 'true' },
    h('span', { style: `width:${Math.max(0, Math.min(1, x)) * 100}%` }),
  );
}

function optionList(row) {
  if (!row.stats.options.length) {
    return h('span', { class: 'muted' }, `填空 · 未作答 ${row.stats.blank} 人`);
  }
  const judge = row.qtype_name === '判断';
  return h(
    'ul',
    { class: 'opt-list', 'aria-label': '各选项选择比例' },
    row.stats.options.map((o) => {
      const name = judge ? o.text : LETTERS[o.option];
      return h(
        'li',
        { title: judge ? o.text : `${name}：${o.text}` },
        h('span', { class: `opt-key${o.correct ? ' is-key' : ''}` }, `${name}${o.correct ? '✓' : ''}`),
        bar(o.share, o.correct),
        h('span', { class: 'pct' }, pct(o.share)),
      );
    }),
  );
}

function flagTags(row, min) {
  if (row.stats.takers < min) return h('span', { class: 'flag-none' }, `作答不足 ${min} 人，不作提示`);
  if (!row.flag_notes.length) return h('span', { class: 'flag-none' }, '—');
  return row.stats.flags.map((f, i) =>
    h(
      'span',
      { class: `flag${f.kind === 'negative_discrimination' ? ' flag-negative' : ''}`, dataset: { flag: f.kind } },
      row.flag_notes[i],
    ),
  );
}

/** 题库 · 查找试题 for this question; a 错答集中 spelling comes along to
 * be accepted with one click. */
function bankLink(row) {
  const cluster = row.stats.flags.find((f) => f.kind === 'fill_cluster');
  const accept = cluster ? `&accept=${encodeURIComponent(cluster.spelling)}` : '';
  return `#/admin/bank?q=${encodeURIComponent(row.question_id)}${accept}`;
}

export async function renderItemAnalysis(root, id) {
  mount(root, h('p', { class: 'loading' }, '正在分析…'));
  let a;
  try {
    a = await api.itemAnalysis(id);
  } catch (e) {
    mount(root, alertBox('试题分析加载失败', e.message), h('a', { class: 'btn', href: `#/results/${id}` }, '返回成绩'));
    return null;
  }
  const exportErr = h('div', {});
  const exportItem = (label, format, table) => ({
    label,
    id: `export-items-${format}`,
    onclick: () =>
      runAction(
        menu.querySelector('.menu-button'),
        exportErr,
        async () => savedToast(await api.exportContest(id, format, table)),
        '导出没有成功',
      ),
  });
  const menu = disclosureMenu(
    '导出',
    [exportItem('Excel 工作簿（含试题分析、部门薄弱环节）', 'xlsx', 'items'), exportItem('试题分析 CSV', 'csv', 'items')],
    { id: 'items-export-menu' },
  );
  const onlyFlagged = h('input', { type: 'checkbox', id: 'only-flagged' });
  const tbody = h('tbody', {});
  const draw = () => {
    const rows = a.items.filter((r) => !onlyFlagged.checked || r.flag_notes.length);
    mount(
      tbody,
      rows.map((r, i) =>
        h(
          'tr',
          {
            class: [r.flag_notes.length ? 'flagged' : '', r.retired ? 'retired' : ''].join(' ').trim() || null,
            dataset: { question: r.question_id },
          },
          h('td', { class: 'num' }, i + 1),
          h(
            'td',
            { class: 'stem' },
            h('span', { class: 'tag tag-type' }, r.qtype_name),
            ' ',
            r.stem,
            h(
              'span',
              { class: 'qmeta' },
              `${r.basis || r.subject} · 答案：${r.key_text} · `,
              h('span', { class: 'mono' }, r.question_id),
              r.retired ? ' · 已撤下' : '',
            ),
          ),
          h('td', { class: 'num' }, r.stats.takers),
          h('td', { class: 'num rate' }, pct(r.stats.facility), bar(r.stats.facility, true)),
          h('td', { class: `num${r.stats.discrimination < 0 ? ' neg' : ''}` }, num(r.stats.discrimination)),
          h('td', { class: `num${r.stats.point_biserial < 0 ? ' neg' : ''}` }, num(r.stats.point_biserial)),
          h('td', {}, optionList(r)),
          h('td', { class: 'flags' }, flagTags(r, a.min_takers_for_flags)),
          h('td', { class: 'row-actions' }, h('a', { class: 'btn-link', href: bankLink(r) }, r.retired ? '查看' : '在题库中打开')),
        ),
      ),
    );
    if (!rows.length) mount(tbody, h('tr', {}, h('td', { colspan: 9, class: 'muted' }, '没有需要注意的题。')));
  };
  onlyFlagged.addEventListener('change', draw);
  const heads = [['#', 1], ['题目'], ['人数', 1], ['正确率', 1], ['区分度', 1], ['点双列', 1], ['选项分布'], ['提示'], ['操作']];
  mount(
    root,
    h(
      'div',
      { class: 'page-head results-head' },
      h('div', {}, h('a', { class: 'btn btn-link', href: `#/results/${id}` }, '← 返回成绩'), h('h1', {}, `${a.title} · 试题分析`)),
      h('div', { class: 'results-actions' }, menu, h('a', { class: 'btn', href: `#/results/${id}/weak`, id: 'to-weak' }, '部门薄弱环节')),
    ),
    exportErr,
    h(
      'section',
      { class: 'card' },
      h(
        'div',
        { class: 'insight-summary' },
        h('span', { class: 'stat' }, h('strong', {}, a.takers), '人参与分析'),
        h('span', { class: 'stat' }, h('strong', {}, a.items.length), '道题'),
        h('span', { class: 'stat', id: 'flagged-count' }, h('strong', {}, a.flagged), '道需要注意'),
      ),
      h(
        'dl',
        { class: 'insight-legend' },
        h('dt', {}, '正确率'),
        h('dd', {}, '得分占该题分值的平均比例；'),
        h('dt', {}, '区分度'),
        h('dd', {}, '总分前 27% 的人的正确率减去后 27% 的人的正确率，0.3 以上较好，负数说明题目可能有问题；'),
        h('dt', {}, '点双列'),
        h('dd', {}, '该题得分与“总分减去该题得分”的相关系数。'),
        h('dd', {}, `每人只计入计分的那一次作答；每道题只统计抽到它的人，不足 ${a.min_takers_for_flags} 人的题不作提示。`),
      ),
    ),
    h('div', { class: 'insight-tools' }, h('label', { class: 'choice', for: 'only-flagged' }, onlyFlagged, '只看需要注意的题')),
    a.takers === 0
      ? h('p', { class: 'muted' }, '还没有人交卷，暂无可分析的数据。')
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'table items-table', id: 'item-analysis' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                heads.map(([t, n]) => h('th', { scope: 'col', class: n ? 'num' : null }, t)),
              ),
            ),
            tbody,
          ),
        ),
  );
  draw();
  root.classList.add('page-wide');
  return () => root.classList.remove('page-wide');
}

// 学时证明: one person's year of 学时 on one A4 page (portrait), printed from
// the window's print dialog (which can also save a PDF): in-app study time
// converted at the set minutes per 学时, every offline activity attended,
// the total against the year's target, the issuing unit, a marked place for
// the seal and the date in Chinese numerals.

import { api } from '../../api.js';
import { alertBox, h, mount } from '../../dom.js';

/** A4 portrait with no page margin while this page is shown. */
function pageRule() {
  const link = h('link', { rel: 'stylesheet', href: 'styles/print-portrait.css', id: 'print-page-rule' });
  document.head.append(link);
  return () => link.remove();
}

function statementSheet(s) {
  const dept = s.department ? `${s.department} ` : '';
  return h(
    'section',
    { class: 'statement', id: 'statement' },
    h('h1', { class: 'st-title' }, '学时证明'),
    h(
      'p',
      { class: 'st-lead' },
      `兹证明 ${dept}${s.name} 同志（工号 ${s.staff_no}）${s.year} 年度参加法治学习共计 `,
      h('strong', { id: 'st-total' }, `${s.total_hours}`),
      ' 学时，其中在线学习 ',
      h('strong', {}, `${s.in_app_hours}`),
      ' 学时、线下学习 ',
      h('strong', {}, `${s.offline_hours}`),
      ` 学时（年度目标 ${s.target_hours_year} 学时）。明细如下：`,
    ),
    h(
      'table',
      { class: 'st-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['序号', '日期', '类别', '内容', '学时'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        h(
          'tr',
          {},
          h('td', {}, '1'),
          h('td', {}, `${s.year} 年全年`),
          h('td', {}, '在线学习'),
          h('td', {}, `法治知识竞答练习与法条阅读，共 ${s.in_app_minutes} 分钟（每 ${s.minutes_per_hour} 分钟计 1 学时）`),
          h('td', { class: 'num' }, s.in_app_hours),
        ),
        s.lines.map((l, i) =>
          h(
            'tr',
            {},
            h('td', {}, String(i + 2)),
            h('td', { class: 'nowrap' }, l.held_on),
            h('td', { class: 'nowrap' }, l.kind),
            h('td', {}, l.title),
            h('td', { class: 'num' }, l.hours),
          ),
        ),
      ),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', colspan: 4 }, '合计'), h('td', { class: 'num' }, s.total_hours))),
    ),
    h('p', { class: 'st-note' }, '特此证明。'),
    h(
      'div',
      { class: 'st-sign' },
      h('div', { class: 'st-seal', 'aria-label': '盖章处' }, h('span', { class: 'st-seal-label no-print' }, '盖章处')),
      h('div', { class: 'st-unit' }, s.unit || '（发证单位）'),
      h('div', { class: 'st-date' }, s.issued_on),
    ),
  );
}

export async function renderStatement(root, employeeId, year) {
  mount(root, h('p', { class: 'loading' }, '正在生成学时证明…'));
  let s;
  try {
    s = await api.studyStatement(employeeId, year);
  } catch (e) {
    mount(root, alertBox('学时证明生成失败', e.message), h('a', { class: 'btn', href: '#/admin/offline' }, '返回'));
    return null;
  }
  document.documentElement.classList.add('printing');
  const removeRule = pageRule();
  mount(
    root,
    h(
      'div',
      { class: 'page-head no-print' },
      h(
        'div',
        {},
        h('a', { class: 'btn btn-link', href: '#/admin/offline' }, '← 返回线下学习'),
        h('h1', {}, `学时证明 · ${s.name} · ${s.year} 年`),
      ),
      h('button', { type: 'button', class: 'btn btn-primary', id: 'print', onclick: () => window.print() }, '打印 / 存为 PDF'),
    ),
    h(
      'p',
      { class: 'print-note no-print' },
      '纸张：A4 纵向。打印时在打印对话框里选“实际大小”（不缩放）。',
      s.unit ? '' : '还没有设置发证单位：请在“管理 → 设置”中填写。',
    ),
    h('div', { class: 'statement-wrap' }, statementSheet(s)),
  );
  return () => {
    removeRule();
    document.documentElement.classList.remove('printing');
  };
}

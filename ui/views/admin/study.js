// 学时统计: per department and per person — 学时 this campaign and this year,
// questions practised, accuracy, and who is below the campaign target. 学时
// split 在线 (measured in the app) and 线下 (offline activities, 线下学习);
// the 合计 counts against the target.

import { api } from '../../api.js';
import { alertBox, h, mount } from '../../dom.js';
import { runAction, savedToast } from '../forms.js';

/** A table head; numeric columns ([label, 1]) right-aligned like their cells. */
const heads = (cols) =>
  h(
    'thead',
    {},
    h(
      'tr',
      {},
      cols.map(([t, num]) => h('th', { scope: 'col', class: num ? 'num' : null }, t)),
    ),
  );

const pct = (x) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);

export async function renderStudy(body) {
  mount(body, h('p', { class: 'loading' }, '正在统计…'));
  let r;
  try {
    r = await api.studyReport();
  } catch (e) {
    mount(body, alertBox('统计失败', e.message));
    return null;
  }
  const below = r.people.filter((p) => p.below_target).length;
  const err = h('div', {});
  const exportBtn = (label, format) => {
    const b = h('button', { type: 'button', class: 'btn' }, label);
    b.addEventListener('click', () =>
      runAction(
        b,
        err,
        async () => {
          const path = await api.exportStudy(format);
          savedToast(path);
        },
        '导出没有成功',
      ),
    );
    return b;
  };
  mount(
    body,
    h('div', { class: 'actions-top' }, exportBtn('导出 Excel', 'xlsx'), exportBtn('导出 CSV', 'csv')),
    err,
    h(
      'p',
      {},
      `每 ${r.minutes_per_hour} 分钟计 1 学时；本期（${r.campaign_start} 起）目标 ${r.target_hours_campaign} 学时，全年目标 ${r.target_hours_year} 学时。`,
      h('strong', {}, ` 未达到本期目标：${below} 人。`),
    ),
    h('h2', {}, '按部门'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table', id: 'dept-study' },
        heads([['部门'], ['人数', 1], ['人均合计学时', 1], ['未达标人数', 1], ['练习题数', 1], ['正确率', 1]]),
        h(
          'tbody',
          {},
          r.departments.map((d) =>
            h(
              'tr',
              {},
              h('td', {}, d.name),
              h('td', { class: 'num' }, d.staff),
              h('td', { class: 'num' }, d.avg_hours_campaign),
              h('td', { class: 'num' }, d.below_target),
              h('td', { class: 'num' }, d.answered),
              h('td', { class: 'num' }, pct(d.accuracy)),
            ),
          ),
        ),
      ),
    ),
    h('h2', {}, '按人员'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table', id: 'person-study' },
        heads([
          ['工号'],
          ['姓名'],
          ['部门'],
          ['本期在线分钟', 1],
          ['本期在线', 1],
          ['本期线下', 1],
          ['本期合计', 1],
          ['全年合计', 1],
          ['练习题数', 1],
          ['正确率', 1],
          ['是否达标'],
        ]),
        h(
          'tbody',
          {},
          r.people.map((p) =>
            h(
              'tr',
              { class: p.below_target ? 'below' : '', dataset: { staffNo: p.staff_no } },
              h('td', {}, p.staff_no),
              h('td', {}, p.name),
              h('td', {}, p.department || '—'),
              h('td', { class: 'num minutes' }, p.minutes_campaign),
              h('td', { class: 'num' }, p.hours_campaign),
              h('td', { class: 'num offline' }, p.offline_hours_campaign),
              h('td', { class: 'num total' }, p.total_hours_campaign),
              h('td', { class: 'num' }, p.total_hours_year),
              h('td', { class: 'num' }, p.answered),
              h('td', { class: 'num' }, pct(p.accuracy)),
              h('td', {}, p.below_target ? '✗ 未达标' : '✓ 已达标'),
            ),
          ),
        ),
      ),
    ),
  );
  return null;
}

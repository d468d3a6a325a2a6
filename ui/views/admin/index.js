// 管理: the organizer's screens behind tabs — 竞答, 现场竞答, 人员, 题库导入,
// 法律库, 学时统计, 线下学习, 设置, 审计日志.
// The backend refuses every organizer call from a staff session; these
// screens are only reachable with an organizer session.

import { h, mount } from '../../dom.js';
import { renderShowAdmin } from '../show/setup.js';
import { renderAudit } from './audit.js';
import { renderBank } from './bank.js';
import { renderContests } from './contests.js';
import { renderLaws } from './laws.js';
import { renderOffline } from './offline.js';
import { renderPeople } from './people.js';
import { renderSettings } from './settings.js';
import { renderStudy } from './study.js';

const TABS = [
  ['contests', '竞答', renderContests],
  ['show', '现场竞答', renderShowAdmin],
  ['people', '人员', renderPeople],
  ['bank', '题库导入', renderBank],
  ['laws', '法律库', renderLaws],
  ['study', '学时统计', renderStudy],
  ['offline', '线下学习', renderOffline],
  ['settings', '设置', renderSettings],
  ['audit', '审计日志', renderAudit],
];

export async function renderAdmin(root, tab) {
  const current = TABS.find(([id]) => id === tab) || TABS[0];
  const body = h('div', { class: 'admin-body' });
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, '管理')),
    h(
      'div',
      { class: 'tabs admin-tabs', role: 'tablist' },
      TABS.map(([id, label]) =>
        h(
          'a',
          { role: 'tab', class: 'tab', href: `#/admin/${id}`, id: `admin-tab-${id}`, 'aria-selected': String(id === current[0]) },
          label,
        ),
      ),
    ),
    body,
  );
  return current[2](body);
}

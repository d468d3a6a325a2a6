// 设置: minutes per 学时, the targets, the campaign start, who sets PINs,
// 学习范围 (which laws staff see), the LAN host and backups.

import { api, isLocalWindow, session } from '../../api.js';
import { alertBox, h, mount, toast } from '../../dom.js';
import { dateField, field, runAction, selectField } from '../forms.js';
import { hostSection } from './host.js';
import { studyLawsSection } from './study-laws.js';

export async function renderSettings(body) {
  let s;
  let laws;
  try {
    [s, laws] = await Promise.all([api.getSettings(), api.lawList()]);
  } catch (e) {
    mount(body, alertBox('设置加载失败', e.message));
    return null;
  }
  const err = h('div', {});
  const minutes = field(
    '每学时的分钟数',
    { type: 'number', min: 10, max: 120, value: s.minutes_per_hour, name: 'minutes_per_hour' },
    '默认 45 分钟计 1 学时。',
  );
  const campaign = field('本期学时目标（每人）', {
    type: 'number',
    min: 0,
    step: 0.5,
    value: s.target_hours_campaign,
    name: 'target_campaign',
  });
  const year = field('全年学时目标（每人）', { type: 'number', min: 0, step: 0.5, value: s.target_hours_year, name: 'target_year' });
  const start = dateField('本期开始日期', s.campaign_start, {
    name: 'campaign_start',
    optional: true,
    hint: '年-月-日，例如 2026-09-01；留空表示从今年 1 月 1 日算起。',
  });
  const issuer = field('发证单位（印在奖状和光荣榜上）', {
    value: s.issuing_unit || '',
    name: 'issuing_unit',
    placeholder: '例如：某某市某某局',
  });
  const policy = selectField(
    'PIN 由谁设置',
    [
      ['first_login', '职工首次登录时自己设置'],
      ['organizer', '由管理员设置（或发放登录码）'],
    ],
    s.pin_policy,
  );
  const btn = h('button', { type: 'submit', class: 'btn btn-primary', id: 'settings-save' }, '保存设置');
  mount(
    body,
    h(
      'section',
      { class: 'card' },
      h(
        'form',
        {
          class: 'form form-grid',
          onsubmit: (e) => {
            e.preventDefault();
            runAction(
              btn,
              err,
              async () => {
                await api.updateSettings({
                  ...s,
                  minutes_per_hour: parseInt(minutes.input.value, 10) || 0,
                  target_hours_campaign: parseFloat(campaign.input.value) || 0,
                  target_hours_year: parseFloat(year.input.value) || 0,
                  campaign_start: start.value() || null,
                  pin_policy: policy.input.value,
                  issuing_unit: issuer.input.value.trim(),
                });
                toast('设置已保存');
              },
              '保存没有成功',
            );
          },
        },
        minutes.row,
        campaign.row,
        year.row,
        start.row,
        policy.row,
        issuer.row,
        err,
        h('div', { class: 'actions' }, h('span'), btn),
      ),
    ),
    studyLawsSection(laws),
    isLocalWindow ? hostSection() : null,
    h('section', { class: 'card', id: 'backups' }, h('h2', {}, '数据备份'), backupBox),
  );
  drawBackups();
  return null;
}

const KIND = { daily: '每日自动', manual: '手动', 'before-restore': '恢复前自动保存' };

const backupBox = h('div', {});

async function drawBackups() {
  const err = h('div', {});
  let list = [];
  try {
    list = await api.backups();
  } catch (e) {
    mount(backupBox, alertBox('备份列表加载失败', e.message));
    return;
  }
  const now = h('button', { type: 'button', class: 'btn btn-primary', id: 'backup-now' }, '立即备份');
  now.addEventListener('click', () =>
    runAction(
      now,
      err,
      async () => {
        const b = await api.backupNow();
        toast(`已备份：${b.name}`);
        drawBackups();
      },
      '备份没有成功',
    ),
  );
  const restore = (b) =>
    runAction(
      now,
      err,
      async () => {
        if (!window.confirm(`用备份“${b.name}”替换现在的全部数据吗？\n现在的数据会先自动另存为一个备份。恢复后所有人需要重新登录。`))
          return;
        await api.restoreBackup(b.name);
        session.clear();
        location.hash = '#/login';
      },
      '恢复没有成功',
    );
  mount(
    backupBox,
    h(
      'p',
      { class: 'muted' },
      '程序每天自动备份一次（保留最近 14 份），升级前也会自动备份。备份保存在数据库文件旁的 backups 文件夹中，可复制到 U 盘保存。',
    ),
    h('div', { class: 'actions-top' }, now),
    err,
    list.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['备份', '类型', '大小', ''].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h(
              'tbody',
              {},
              list.map((b) =>
                h(
                  'tr',
                  {},
                  h('td', {}, b.name),
                  h('td', {}, KIND[b.kind] || b.kind),
                  h('td', { class: 'num' }, `${(b.bytes / 1048576).toFixed(1)} MB`),
                  h('td', {}, h('button', { type: 'button', class: 'btn-link', onclick: () => restore(b) }, '从此备份恢复')),
                ),
              ),
            ),
          ),
        )
      : h('p', {}, '还没有备份。'),
  );
}

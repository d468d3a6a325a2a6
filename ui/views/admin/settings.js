// 设置: minutes per 学时, the targets, the campaign start, and who sets PINs.

import { api } from '../../api.js';
import { h, mount, alertBox, toast } from '../../dom.js';
import { field, selectField, runAction } from '../forms.js';

export async function renderSettings(body) {
  let s;
  try {
    s = await api.getSettings();
  } catch (e) {
    mount(body, alertBox('设置加载失败', e.message));
    return null;
  }
  const err = h('div', {});
  const minutes = field('每学时的分钟数', { type: 'number', min: 10, max: 120, value: s.minutes_per_hour, name: 'minutes_per_hour' }, '默认 45 分钟计 1 学时。');
  const campaign = field('本期学时目标（每人）', { type: 'number', min: 0, step: 0.5, value: s.target_hours_campaign, name: 'target_campaign' });
  const year = field('全年学时目标（每人）', { type: 'number', min: 0, step: 0.5, value: s.target_hours_year, name: 'target_year' });
  const start = field('本期开始日期', { type: 'date', value: s.campaign_start || '', name: 'campaign_start' }, '留空表示从今年 1 月 1 日算起。');
  const policy = selectField('PIN 由谁设置', [['first_login', '职工首次登录时自己设置'], ['organizer', '由管理员设置（或发放登录码）']], s.pin_policy);
  const btn = h('button', { type: 'submit', class: 'btn btn-primary', id: 'settings-save' }, '保存设置');
  mount(body, h('section', { class: 'card' }, h('form', { class: 'form form-grid', onsubmit: (e) => {
    e.preventDefault();
    runAction(btn, err, async () => {
      await api.updateSettings({ ...s,
        minutes_per_hour: parseInt(minutes.input.value, 10) || 0,
        target_hours_campaign: parseFloat(campaign.input.value) || 0,
        target_hours_year: parseFloat(year.input.value) || 0,
        campaign_start: start.input.value || null,
        pin_policy: policy.input.value });
      toast('设置已保存');
    }, '保存没有成功');
  } }, minutes.row, campaign.row, year.row, start.row, policy.row, err, h('div', { class: 'actions' }, h('span'), btn))));
  return null;
}

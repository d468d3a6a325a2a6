// 首页: greeting, the days to 国家宪法日, and a card per practice subject with
// this PC's progress.

import { api } from '../api.js';
import { h, mount, progressBar, alertBox } from '../dom.js';
import { lastPosition } from './practice.js';

function daysToConstitutionDay(now = new Date()) {
  const year = now.getMonth() === 11 && now.getDate() > 4 ? now.getFullYear() + 1 : now.getFullYear();
  const day = new Date(year, 11, 4);
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((day - today) / 86400000);
}

function greeting(now = new Date()) {
  const hour = now.getHours();
  if (hour < 11) return '上午好';
  if (hour < 13) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

function subjectCard(s) {
  const start = lastPosition(s.subject);
  const label = s.done === 0 ? '开始练习' : (start > 0 ? `继续练习（第 ${start + 1} 题）` : '再练一遍');
  return h('section', { class: 'card subject-card', 'aria-label': s.title },
    h('h2', {}, s.title),
    h('p', { class: 'blurb' }, s.blurb),
    progressBar(s.total ? s.done / s.total : 0, `${s.title} 练习进度`),
    h('p', { class: 'stats' }, `已练 ${s.done} / ${s.total} 题 · 答对 ${s.right} 题`),
    h('a', { class: 'btn btn-primary', href: `#/practice/${encodeURIComponent(s.subject)}/${start + 1}`,
      dataset: { subject: s.subject } }, label));
}

export async function renderHome(root) {
  mount(root, h('p', { class: 'loading' }, '正在加载…'));
  let home;
  try {
    home = await api.home();
  } catch (e) {
    mount(root, alertBox('首页加载失败', e.message));
    return null;
  }
  const days = daysToConstitutionDay();
  const badge = days === 0
    ? h('div', { class: 'day-badge' }, h('strong', {}, '今天'), '是国家宪法日')
    : h('div', { class: 'day-badge' }, '距 12月4日 国家宪法日', h('strong', {}, `${days} 天`));
  mount(root,
    h('section', { class: 'card hero' },
      h('div', {},
        h('h1', {}, `${greeting()}，欢迎参加法治学习`),
        h('p', { class: 'muted' }, '按法律逐题练习，每题答完都能看到所依据的法条原文。')),
      badge),
    h('h2', {}, '按法律练习'),
    h('div', { class: 'grid' }, home.subjects.map(subjectCard)),
    h('p', { class: 'muted small' }, `版本 ${home.app_version} · 法律文本：宪法（2018年修正）、民法典（2020年）`));
  return null;
}

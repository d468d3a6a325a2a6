// 首页 (staff): greeting, this campaign's 学时 against the target as a ring,
// the days to 国家宪法日, practice by law, the wrong-answer book and the
// law library.

import { api } from '../api.js';
import { alertBox, h, mount, progressBar, refusedBox } from '../dom.js';
import { sourcesList } from './my-study.js';
import { startSet } from './practice.js';
import { fillRecommended } from './recommended.js';
import { reviewCard } from './review.js';

/** "2026-12-04T11:00" → "11:00" today, "12月4日 11:00" on another day. */
export function closesText(closesAt, now = new Date()) {
  const [date, time = ''] = String(closesAt).split(/[T ]/);
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return String(closesAt);
  const today = y === now.getFullYear() && m === now.getMonth() + 1 && d === now.getDate();
  return today ? time : `${m}月${d}日 ${time}`;
}

/** The top card while a contest is open: 竞答进行中 · 11:00 截止 [开始答题]. */
function contestNow(c) {
  const ends = `${closesText(c.closes_at)} 截止`;
  let line;
  let action;
  if (c.open_attempt) {
    line = `竞答进行中 · ${ends}`;
    action = h('a', { class: 'btn btn-primary btn-big', href: `#/attempt/${c.open_attempt}`, dataset: { contest: c.id } }, '继续答题');
  } else if (c.can_start) {
    line = `竞答进行中 · ${ends}`;
    action = h('a', { class: 'btn btn-primary btn-big', href: `#/contest/${c.id}`, dataset: { contest: c.id } }, '开始答题');
  } else if (!c.started) {
    line = `竞答将于 ${closesText(c.opens_at)} 开始 · ${ends}`;
    action = h('a', { class: 'btn btn-big', href: `#/contest/${c.id}`, dataset: { contest: c.id } }, '查看竞答说明');
  } else {
    line = `竞答进行中 · ${ends}`;
    action = c.last_attempt
      ? h('a', { class: 'btn btn-big', href: `#/result/${c.last_attempt}`, dataset: { contest: c.id } }, '查看成绩')
      : h('a', { class: 'btn btn-big', href: `#/contest/${c.id}`, dataset: { contest: c.id } }, '查看');
  }
  const facts = `限时 ${c.time_limit_minutes} 分钟 · 共 ${c.question_count} 题，满分 ${c.total_points} 分`;
  return h(
    'section',
    { class: `card contest-now${c.started ? ' is-live' : ''}`, 'aria-label': '有奖竞答', dataset: { contest: c.id } },
    h(
      'div',
      { class: 'contest-now-text' },
      h('p', { class: 'contest-now-line' }, c.started ? h('span', { class: 'live-dot', 'aria-hidden': 'true' }) : null, line),
      h('h2', {}, c.title),
      h(
        'p',
        { class: 'muted' },
        c.open_attempt
          ? '您有一份答卷还没有交，时间照常计算，请尽快继续。'
          : c.can_start
            ? `${facts}。点“开始答题”先看竞答说明，再开始计时。`
            : c.why_not || facts,
      ),
    ),
    action,
  );
}

const SVG = 'http://www.w3.org/2000/svg';

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

/** A progress ring (SVG) with the figure in the middle. */
export function ring(ratio, big, small, label) {
  const r = 52;
  const c = 2 * Math.PI * r;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 120 120');
  svg.setAttribute('class', 'ring');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const track = document.createElementNS(SVG, 'circle');
  const bar = document.createElementNS(SVG, 'circle');
  for (const el of [track, bar]) {
    el.setAttribute('cx', '60');
    el.setAttribute('cy', '60');
    el.setAttribute('r', String(r));
  }
  track.setAttribute('class', 'ring-track');
  bar.setAttribute('class', 'ring-bar');
  bar.setAttribute('stroke-dasharray', `${c * Math.max(0, Math.min(1, ratio))} ${c}`);
  bar.setAttribute('transform', 'rotate(-90 60 60)');
  if (ratio > 0) svg.append(track, bar);
  else svg.append(track);
  return h('div', { class: 'ring-box' }, svg, h('div', { class: 'ring-text' }, h('strong', {}, big), h('span', {}, small)));
}

function subjectCard(s) {
  return h(
    'section',
    { class: 'card subject-card', 'aria-label': s.title },
    h('h2', {}, s.title),
    h('p', { class: 'blurb' }, s.blurb),
    progressBar(s.total ? s.done / s.total : 0, `${s.title} 练习进度`),
    h('p', { class: 'stats' }, `已练 ${s.done} / ${s.total} 题 · 答对 ${s.right} 题`),
    h(
      'a',
      { class: 'btn btn-primary', href: `#/scopes/${encodeURIComponent(s.subject)}`, dataset: { subject: s.subject } },
      s.done === 0 ? '开始练习' : '继续练习',
    ),
  );
}

export async function renderHome(root) {
  mount(root, h('p', { class: 'loading' }, '正在加载…'));
  let home;
  let contests = [];
  let review = null;
  let sources = null;
  try {
    [home, contests, review, sources] = await Promise.all([api.home(), api.openContests(), api.reviewSummary(), api.myStudySources()]);
  } catch (e) {
    mount(root, alertBox('首页加载失败', e.message));
    return null;
  }
  const st = home.study;
  const days = daysToConstitutionDay();
  const target = st.target_hours_campaign;
  const period = st.campaign_start ? `本期（${st.campaign_start} 起）` : '本期';
  // The ring and the year count every source: the app's time and the
  // offline study the organizer recorded (my_study_sources).
  const total = sources ? sources.total_hours_campaign : st.hours_campaign;
  const totalYear = sources ? sources.total_hours_year : st.hours_year;
  const offline =
    sources && sources.sources.length > 1 ? `线下学习 ${Math.round((total - st.hours_campaign) * 10) / 10} 学时，合计 ${total} 学时。` : '';
  const studyCard = h(
    'section',
    { class: 'card study-card', 'aria-label': '我的学时' },
    ring(target > 0 ? total / target : 1, `${total}`, `/ ${target} 学时`, `${period}已完成 ${total} 学时，目标 ${target} 学时`),
    h(
      'div',
      {},
      h('h2', {}, '我的学时'),
      h(
        'p',
        { id: 'study-line' },
        `${period}在线学习 ${st.minutes_campaign} 分钟，折合 ${st.hours_campaign} 学时（每 ${st.minutes_per_hour} 分钟计 1 学时）。${offline}`,
      ),
      sourcesList(sources),
      h(
        'p',
        { class: 'muted small' },
        `全年 ${totalYear} / ${st.target_hours_year} 学时。练习和阅读法条都计入学时，闲置超过 2 分钟不计入学时；集体学法、培训等线下学习由管理员登记。`,
      ),
    ),
  );
  const badge =
    days === 0
      ? h('div', { class: 'day-badge' }, h('strong', {}, '今天'), '是国家宪法日')
      : h('div', { class: 'day-badge' }, '距 12月4日 国家宪法日', h('strong', {}, `${days} 天`));
  const recommendedBox = h('div', { id: 'recommended' });
  fillRecommended(recommendedBox);
  const wrongErr = h('div', {});
  const wrongBtn = h(
    'button',
    {
      type: 'button',
      class: 'btn',
      id: 'wrong-book',
      disabled: home.wrong_book === 0,
      onclick: async () => {
        try {
          startSet(await api.wrongBookSet());
        } catch (e) {
          mount(wrongErr, refusedBox('错题本暂时不能打开', e));
        }
      },
    },
    home.wrong_book ? '练习错题' : '暂无错题',
  );
  mount(
    root,
    contests.length ? h('div', { class: 'contest-now-list', id: 'contest-now' }, contests.map(contestNow)) : null,
    h(
      'section',
      { class: 'card hero' },
      h(
        'div',
        {},
        h('h1', {}, `${greeting()}，${home.name}`),
        h('p', { class: 'muted' }, '按法律逐题练习，每题答完都能看到所依据的法条原文。'),
      ),
      badge,
    ),
    studyCard,
    recommendedBox,
    review ? reviewCard(review) : null,
    h('h2', {}, '按法律练习'),
    h('div', { class: 'grid' }, home.subjects.map(subjectCard)),
    h(
      'div',
      { class: 'grid grid-2 spaced' },
      h(
        'section',
        { class: 'card tool-card' },
        h('h2', {}, '错题本'),
        h('p', { class: 'muted' }, `共有 ${home.wrong_book} 道错题。答错的题会自动收进错题本，连续答对两次后移出。`),
        wrongBtn,
        wrongErr,
      ),
      h(
        'section',
        { class: 'card tool-card' },
        h('h2', {}, '法条库'),
        h('p', { class: 'muted' }, '学习范围内各部法律的全文，按编、章、节浏览，可以全文搜索。'),
        h('a', { class: 'btn', href: '#/library' }, '打开法条库'),
      ),
    ),
    h(
      'p',
      { class: 'muted small' },
      `版本 ${home.app_version} · `,
      h('a', { href: '#/about', id: 'about-link' }, '关于本程序（数据位置、法律文本版本）'),
    ),
  );
  return null;
}

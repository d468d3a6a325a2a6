// 大屏 (the hall screen): what the projector shows to the hall, in its own
// full-screen window (opened from 成绩与抽奖 → 大屏控制; in a browser, this
// page full-window). Built for the back row: a banner with the unit's name
// and 12·4 国家宪法日, type sized on the screen's height (vh), one screen at
// a time (see hall-pages.js): during the contest a big countdown and
// 已交卷 N / M, then the winners tier by tier and the lottery.
//
// No control is drawn here: the organizer steps with the keyboard (space,
// → or PageDown: next; ← or PageUp: back; a presenter remote sends these)
// or from the results page's 大屏控制; the step lives in the backend, so
// both windows show the same screen. F11 toggles full screen, Esc leaves it
// (the contest is never closed from here). Refreshes every 3 seconds; the
// countdown's deadline comes from the backend and is counted down between
// refreshes.

import { api, isLocalWindow } from '../api.js';
import { h, mount } from '../dom.js';
import { clampStep, hallPages } from './hall-pages.js';

/** This page is the app's hall window (the organizer's window otherwise). */
const inHallWindow = () => isLocalWindow && window.__LAWQUIZ_HALL__ === true;

function clockText(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  return `${hh ? `${hh}:` : ''}${String(mm).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

// Whole seconds first, then split: 119,600 ms is 2分00秒, never 1分60秒.
const minutes = (ms) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}分${String(s % 60).padStart(2, '0')}秒`;
};

function banner(d) {
  return h(
    'header',
    { class: 'hall-banner' },
    h(
      'div',
      { class: 'hall-unit' },
      h('span', { class: 'hall-seal', 'aria-hidden': 'true' }, '法'),
      h('span', { id: 'hall-unit' }, d.issuing_unit || '法治知识竞答'),
    ),
    h('div', { class: 'hall-day' }, h('strong', {}, '12·4'), ' 国家宪法日'),
  );
}

function personCards(people, count) {
  return h(
    'ul',
    { class: 'hall-names', dataset: { count: String(Math.min(count, 12)) } },
    people.map((p) =>
      h(
        'li',
        { class: 'hall-person' },
        h('span', { class: 'hall-name' }, p.name),
        p.department ? h('span', { class: 'hall-dept' }, p.department) : null,
      ),
    ),
  );
}

function board(d, title) {
  const rows = d.top.slice(0, 10);
  return h(
    'section',
    { class: 'hall-board', id: 'screen-top' },
    h('h2', { class: 'hall-board-title' }, title),
    h(
      'div',
      { class: 'hall-board-grid', role: 'table' },
      h(
        'div',
        { class: 'hall-row head', role: 'row' },
        ['名次', '姓名', '部门', '得分', '用时'].map((t) => h('span', { role: 'columnheader' }, t)),
      ),
      rows.length
        ? rows.map((r) =>
            h(
              'div',
              { class: `hall-row${r.rank <= 3 ? ' podium' : ''}`, role: 'row' },
              h('span', { class: 'rank', role: 'cell' }, r.rank),
              h('span', { class: 'name', role: 'cell' }, r.name),
              h('span', { class: 'dept', role: 'cell' }, r.department || ''),
              h('span', { class: 'num', role: 'cell' }, r.score),
              h('span', { class: 'num', role: 'cell' }, minutes(r.time_used_ms)),
            ),
          )
        : h('p', { class: 'hall-quiet' }, '还没有人交卷'),
    ),
  );
}

export async function renderBigScreen(root, id) {
  const html = document.documentElement;
  html.classList.add('big-screen');
  if (inHallWindow()) html.classList.add('hall-window');
  let data = null;
  let step = 0;
  let changed = 0; // local step changes, so a refresh begun before one does not undo it
  let deadlineAt = 0;
  const box = h('div', { class: 'hall', id: 'hall' });
  mount(root, box);

  function page() {
    const pages = hallPages(data);
    return { pages, p: pages[clampStep(step, pages)] };
  }

  function draw() {
    if (!data) return;
    const { pages, p } = page();
    step = clampStep(step, pages);
    box.dataset.page = p.kind;
    box.dataset.step = String(step);
    const head = h(
      'div',
      { class: 'hall-title' },
      h('h1', {}, data.title),
      data.state === 'open' && p.kind !== 'countdown'
        ? h('div', { class: 'hall-clock-small', id: 'screen-clock' }, `距结束 ${clockText(deadlineAt - performance.now())}`)
        : null,
    );
    let body;
    if (p.kind === 'countdown') {
      body = h(
        'section',
        { class: 'hall-countdown' },
        h('p', { class: 'hall-label' }, '距答题结束'),
        h('div', { class: 'hall-clock', id: 'screen-clock' }, clockText(deadlineAt - performance.now())),
        h(
          'p',
          { class: 'hall-submitted', id: 'hall-submitted' },
          '已交卷 ',
          h('strong', {}, data.participants),
          h('span', { class: 'of' }, ` / ${data.expected}`),
        ),
      );
    } else if (p.kind === 'board') {
      body = board(data, data.state === 'open' ? '实时成绩 · 前十名' : '成绩榜 · 前十名');
    } else if (p.kind === 'tier') {
      body = h(
        'section',
        { class: 'hall-tier', id: 'hall-tier', dataset: { tier: p.tier } },
        h('h2', {}, p.tier, p.parts > 1 ? h('small', {}, `（${p.part}/${p.parts}）`) : null),
        personCards(p.people, p.people.length),
      );
    } else if (p.kind === 'lottery') {
      const lot = data.lottery;
      body = h(
        'section',
        { class: 'hall-tier lottery', id: 'screen-lottery' },
        h('h2', {}, '幸运抽奖', p.parts > 1 ? h('small', {}, `（${p.part}/${p.parts}）`) : null),
        data.lottery_note && p.part === 1 ? h('p', { class: 'hall-note', id: 'lottery-note' }, data.lottery_note) : null,
        lot && p.part === 1
          ? h('p', { class: 'hall-phrase' }, `${data.lottery_note ? `第 ${lot.seq} 次抽奖 · ` : ''}口令“${lot.phrase}”`)
          : null,
        lot ? personCards(p.people, p.people.length) : null,
      );
    } else {
      const closed = ['closed', 'published'].includes(data.state);
      body = h(
        'section',
        { class: 'hall-cover' },
        h('p', { class: 'hall-big' }, closed ? '获奖名单揭晓' : '竞答即将开始'),
        h('p', { class: 'hall-label' }, closed ? `共 ${data.participants} 人参加竞答` : '请做好答题准备'),
      );
    }
    mount(box, banner(data), head, h('div', { class: 'hall-body' }, body));
    fitNames();
  }

  /** A name longer than its card (5 characters and more) is set smaller. */
  function fitNames() {
    for (const el of box.querySelectorAll('.hall-name')) {
      el.style.fontSize = '';
      const card = el.parentElement;
      const pad = parseFloat(getComputedStyle(card).paddingLeft) + parseFloat(getComputedStyle(card).paddingRight);
      const room = card.clientWidth - pad;
      if (el.scrollWidth > room) {
        el.style.fontSize = `${Math.floor((parseFloat(getComputedStyle(el).fontSize) * room) / el.scrollWidth)}px`;
      }
    }
  }

  /** Only the clock's text changes between refreshes. */
  function tick() {
    if (data?.state !== 'open') return;
    const el = document.getElementById('screen-clock');
    if (!el) return;
    const left = clockText(deadlineAt - performance.now());
    el.textContent = el.classList.contains('hall-clock') ? left : `距结束 ${left}`;
  }

  async function refresh() {
    const seen = changed;
    try {
      const d = await api.hallScreen(id);
      data = d;
      deadlineAt = performance.now() + d.closes_in_ms;
      if (seen === changed) step = d.step;
      draw();
    } catch (_e) {
      if (!data)
        mount(
          box,
          banner({}),
          h('div', { class: 'hall-body' }, h('p', { class: 'hall-label' }, '大屏暂时无法显示，请在管理员电脑上检查。')),
        );
    }
  }

  async function go(delta) {
    if (!data) return;
    const { pages } = page();
    const next = clampStep(step + delta, pages);
    if (next === step) return;
    step = next;
    changed += 1;
    draw();
    try {
      await api.setHallStep(id, next);
    } catch {
      /* the next refresh shows what the backend holds */
    }
  }

  async function fullscreen(on) {
    if (inHallWindow()) {
      try {
        await api.hallFullscreen(on);
      } catch {
        /* not in the app's window */
      }
      return;
    }
    try {
      const want = on === undefined ? !document.fullscreenElement : on;
      if (want && !document.fullscreenElement) await html.requestFullscreen();
      if (!want && document.fullscreenElement) await document.exitFullscreen();
    } catch {
      /* the browser refused: F11 of the browser itself still works */
    }
  }

  function onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if ([' ', 'ArrowRight', 'PageDown', 'Enter'].includes(e.key)) {
      e.preventDefault();
      go(1);
    } else if (['ArrowLeft', 'PageUp', 'Backspace'].includes(e.key)) {
      e.preventDefault();
      go(-1);
    } else if (e.key === 'F11') {
      e.preventDefault();
      fullscreen();
    } else if (e.key === 'Escape') {
      // Leaves full screen; in the organizer's own window, with nothing to
      // leave, goes back to the results page. Never closes the contest.
      if (inHallWindow() || document.fullscreenElement) fullscreen(false);
      else location.hash = `#/results/${id}`;
    }
  }

  const poke = () => refresh();
  document.addEventListener('keydown', onKey);
  window.addEventListener('resize', fitNames);
  window.addEventListener('lawquiz-hall-step', poke);
  await refresh();
  const timer = setInterval(refresh, 3000);
  const clock = setInterval(tick, 250);
  return () => {
    clearInterval(timer);
    clearInterval(clock);
    document.removeEventListener('keydown', onKey);
    window.removeEventListener('lawquiz-hall-step', poke);
    window.removeEventListener('resize', fitNames);
    html.classList.remove('big-screen', 'hall-window');
  };
}

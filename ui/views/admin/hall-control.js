// 大屏控制 (on the results page, the organizer's own window): `openHall`
// opens the hall screen in its own full-screen window (on the second display
// when there is one; the page's 打开大屏), the panel steps the reveal
// (揭晓下一项 / 上一项) and closes it (退出大屏). The
// hall window shows no control; what it shows is the backend's step, which
// space on the hall window moves too, so both stay in step. In a browser
// (the LAN host's page) the hall opens in a new window instead.

import { api, isLocalWindow } from '../../api.js';
import { h, mount } from '../../dom.js';
import { clampStep, hallPages } from '../hall-pages.js';

let browserHall = null;

/** Opens the hall screen of contest `id`; says where it went. */
export async function openHall(id) {
  if (isLocalWindow) {
    const w = await api.openHallScreen(id);
    return w.second_display ? '大屏已在第二块屏幕上全屏打开。' : '大屏已全屏打开（只有一块屏幕：按 Esc 退出全屏后可回到本窗口）。';
  }
  browserHall = window.open(`#/screen/${id}`, 'lawquiz-hall');
  return '大屏已在新窗口打开：拖到投影屏幕上，按 F11 全屏。';
}

async function closeHall() {
  if (isLocalWindow) return api.closeHallScreen();
  if (browserHall && !browserHall.closed) browserHall.close();
  browserHall = null;
  return true;
}

/** The panel; it stops refreshing once it is off the page. */
export function hallControl(id) {
  const said = h('p', { class: 'hall-said', role: 'status' });
  const now = h('p', { class: 'hall-now', id: 'hall-now' }, '正在读取大屏…');
  const order = h('ol', { class: 'hall-order', id: 'hall-order' });
  const prev = h('button', { type: 'button', class: 'btn', id: 'hall-prev' }, '上一项');
  const next = h('button', { type: 'button', class: 'btn btn-primary', id: 'hall-next' }, '揭晓下一项');
  const close = h('button', { type: 'button', class: 'btn', id: 'hall-close' }, '退出大屏');
  let pages = [];
  let step = 0;

  function draw() {
    const p = pages[step];
    now.textContent = p ? `大屏画面：第 ${step + 1} / ${pages.length} 项 · ${p.label}` : '';
    mount(
      order,
      pages.map((x, i) => h('li', { 'aria-current': i === step ? 'step' : false, class: i === step ? 'on' : '' }, `${i + 1}. ${x.label}`)),
    );
    const after = pages[step + 1];
    next.textContent = after ? `揭晓下一项：${after.label}` : '已是最后一项';
    next.disabled = !after;
    prev.disabled = step === 0;
  }

  async function refresh() {
    if (!panel.isConnected && started) {
      stop();
      return;
    }
    try {
      const d = await api.hallScreen(id);
      pages = hallPages(d);
      step = clampStep(d.step, pages);
      draw();
    } catch (e) {
      now.textContent = `大屏状态读取失败：${e.message}`;
    }
  }

  async function move(delta) {
    const to = clampStep(step + delta, pages);
    if (to === step) return;
    step = to;
    draw();
    try {
      await api.setHallStep(id, to);
    } catch (e) {
      said.textContent = e.message;
    }
  }

  prev.addEventListener('click', () => move(-1));
  next.addEventListener('click', () => move(1));
  close.addEventListener('click', async () => {
    try {
      await closeHall();
      said.textContent = '大屏已关闭。竞答和成绩不受影响。';
    } catch (e) {
      said.textContent = e.message;
    }
  });

  const panel = h(
    'section',
    { class: 'card hall-control', id: 'hall-control' },
    h('h2', {}, '大屏控制'),
    h(
      'p',
      { class: 'hall-help' },
      '点上方“打开大屏”后，大屏在第二块屏幕（投影）上全屏显示，上面没有任何按钮。揭晓获奖名单：在这里点“揭晓下一项”，或在大屏上按空格键（→ 也可以，← 回到上一项）。大屏上按 F11 切换全屏，按 Esc 退出全屏。',
    ),
    h('div', { class: 'hall-buttons' }, next, prev, close),
    now,
    said,
    order,
  );

  let started = false;
  const poke = () => refresh();
  const timer = setInterval(refresh, 3000);
  function stop() {
    clearInterval(timer);
    window.removeEventListener('lawquiz-hall-step', poke);
  }
  window.addEventListener('lawquiz-hall-step', poke);
  refresh().then(() => {
    started = true;
  });
  return panel;
}

// 大屏: the projector screen — dark, huge type; the contest title, the time
// to the close or 已结束, the live top 10, then the winners revealed tier by
// tier (lowest first, vacant places said as such) and the lottery: only the
// valid draw, with a note when an earlier draw was voided. Refreshes every
// 3 seconds.

import { api } from '../api.js';
import { h, mount, alertBox } from '../dom.js';

function clockText(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  return `${hh ? `${hh}:` : ''}${String(mm).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export async function renderBigScreen(root, id) {
  document.documentElement.classList.add('big-screen');
  let revealed = 0;
  let data = null;
  const box = h('div', { class: 'screen' });
  mount(root, box);

  function draw() {
    if (!data) return;
    const tiers = [...data.tiers].reverse();
    const shown = tiers.slice(0, revealed);
    const next = tiers[revealed];
    const hasLottery = !!(data.lottery || data.lottery_note);
    const lotteryNext = revealed === tiers.length && hasLottery;
    mount(box,
      h('header', { class: 'screen-head' },
        h('h1', {}, data.title),
        h('div', { class: 'screen-clock', id: 'screen-clock' }, data.state === 'open' ? `距结束 ${clockText(data.closes_in_ms)}` : data.state_name)),
      h('p', { class: 'screen-sub' }, `已交卷 ${data.participants} 人`),
      revealed === 0
        ? h('table', { class: 'screen-table', id: 'screen-top' },
          h('thead', {}, h('tr', {}, ['名次', '姓名', '部门', '得分', '用时'].map((t) => h('th', {}, t)))),
          h('tbody', {}, data.top.map((r) => h('tr', {}, h('td', {}, r.rank), h('td', {}, r.name), h('td', {}, r.department || ''),
            h('td', {}, r.score), h('td', {}, `${Math.floor(r.time_used_ms / 60000)}分${Math.round((r.time_used_ms % 60000) / 1000)}秒`)))))
        : null,
      shown.map((t) => h('section', { class: 'screen-tier' }, h('h2', {}, t.tier),
        t.people.length
          ? h('ul', {}, t.people.map((p) => h('li', {}, `${p.name}`, h('small', {}, p.department || ''))))
          : null,
        t.people.length === 0 || t.vacancy_note
          ? h('p', { class: 'screen-empty' }, t.people.length ? t.vacancy_note : '本奖项空缺')
          : null)),
      revealed > tiers.length && hasLottery
        ? h('section', { class: 'screen-tier lottery', id: 'screen-lottery' }, h('h2', {}, '幸运抽奖'),
          data.lottery_note ? h('p', { class: 'screen-note', id: 'lottery-note' }, data.lottery_note) : null,
          data.lottery
            ? [h('p', { class: 'screen-sub' }, `${data.lottery_note ? `第 ${data.lottery.seq} 次抽奖 · ` : ''}口令“${data.lottery.phrase}”`),
              h('ul', {}, data.lottery.winners.map((w) => h('li', {}, w.name, h('small', {}, w.department || ''))))]
            : null)
        : null,
      h('footer', { class: 'screen-foot' },
        h('a', { class: 'screen-btn', href: '#/admin/contests' }, '退出大屏'),
        ['closed', 'published'].includes(data.state) && (next || lotteryNext)
          ? h('button', { type: 'button', class: 'screen-btn primary', id: 'reveal', onclick: () => { revealed += 1; draw(); } },
            next ? `揭晓${next.tier}` : '揭晓抽奖结果')
          : null));
  }

  async function refresh() {
    try {
      data = await api.bigScreen(id);
      draw();
    } catch (e) {
      mount(box, alertBox('大屏数据加载失败', e.message));
    }
  }
  await refresh();
  const timer = setInterval(refresh, 3000);
  return () => { clearInterval(timer); document.documentElement.classList.remove('big-screen'); };
}

// 成绩与抽奖: the ranking with prize tiers (and their vacancies), the
// department table, the prize draw (phrase announced in the room → list hash
// → winners, verifiable; one valid draw, a re-draw only after voiding the
// last one with a reason, every draw kept on the page), and the result chain
// check.

import { api } from '../../api.js';
import { h, mount, alertBox, toast } from '../../dom.js';
import { runAction } from '../forms.js';
import { formatDuration } from '../contest/result.js';

const pct = (x) => `${Math.round(x * 100)}%`;

/** Stored UTC time → local date and time. */
function when(ts) {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? ts : d.toLocaleString('zh-CN', { hour12: false });
}

/** A valid draw's 作废 button, opening a reason prompt in the card. */
function voidControl(id, d, reload) {
  const box = h('div', { class: 'void-box' });
  const open = h('button', { type: 'button', class: 'btn-link danger', dataset: { voidDraw: d.id } }, '作废');
  open.addEventListener('click', () => {
    const err = h('div', {});
    const reason = h('input', { class: 'input', name: 'void_reason', maxlength: 200,
      placeholder: '例如：口令念错了，现场重新宣布', 'aria-label': '作废原因' });
    const confirm = h('button', { type: 'button', class: 'btn btn-danger', id: `confirm-void-${d.id}` }, '确认作废');
    confirm.addEventListener('click', () => runAction(confirm, err, async () => {
      await api.voidDraw(id, d.id, reason.value);
      toast('这次抽奖已作废，作废记录已记入审计日志');
      reload();
    }, '作废没有成功'));
    const cancel = h('button', { type: 'button', class: 'btn', onclick: () => mount(box) }, '取消');
    mount(box,
      h('p', { class: 'small' }, `作废第 ${d.seq} 次抽奖：请写明原因（至少 4 个字）。作废后这次抽奖仍保留在记录和审计日志中，之后可以重新抽奖。`),
      h('div', { class: 'search-form' }, reason, confirm, cancel),
      err);
    reason.focus();
  });
  return [open, box];
}

function drawCard(id, d, reload) {
  const out = h('span', { class: 'muted' });
  const verify = h('button', { type: 'button', class: 'btn-link', onclick: async () => {
    try {
      const v = await api.verifyDraw(id, d.id);
      out.textContent = v.same_winners && v.same_list ? '✓ 复核一致：用同一口令重抽，结果相同。' : '✗ 复核不一致！请检查记录。';
    } catch (e) { out.textContent = e.message; }
  } }, '复核');
  const voided = d.status === 'voided';
  const [voidBtn, voidBox] = voided ? [null, null] : voidControl(id, d, reload);
  return h('section', { class: `card draw-card${voided ? ' voided' : ''}`, dataset: { drawId: d.id, status: d.status } },
    h('h3', {}, `第 ${d.seq} 次抽奖 `, h('span', { class: `tag ${voided ? 'tag-wrong' : 'tag-right'}` }, d.status_name), `　口令：“${d.phrase}”`),
    voided
      ? h('p', { class: 'void-note' }, `已作废：${d.void_reason}（${d.voided_by}，${when(d.voided_at)}）`)
      : null,
    h('p', { class: 'small muted mono' }, `${when(d.created_at)} 由 ${d.actor} 抽取 · 算法 ${d.algorithm} · 名单 ${d.eligible_count} 人 · 名单 SHA-256 ${d.list_hash}`),
    h('ol', { class: 'winners' }, d.winners.map((w) => h('li', {}, `${w.name}（${w.staff_no}）${w.department ? ` · ${w.department}` : ''}`))),
    h('p', {}, verify, voidBtn ? ' · ' : '', voidBtn, ' ', out),
    voidBox);
}

/** The tiers with their floors, winners counted and vacancies. */
function tierSummary(tiers) {
  if (!tiers.length) return h('p', { class: 'muted' }, '这场竞答没有设置奖项。');
  return h('ul', { class: 'tier-summary', id: 'tier-summary' }, tiers.map((t) => h('li', {},
    h('strong', { class: 'tier' }, t.name), `　${t.count} 名${t.floor ? `（${t.floor}）` : ''}：`,
    t.awarded ? `${t.awarded} 人获奖` : '',
    t.vacancy_note ? h('span', { class: 'vacancy' }, `${t.awarded ? '，' : ''}${t.vacancy_note}`) : '')));
}

export async function renderResults(root, id) {
  mount(root, h('p', { class: 'loading' }, '正在统计…'));
  const reload = () => renderResults(root, id);
  let r;
  try {
    r = await api.contestResults(id);
  } catch (e) {
    mount(root, alertBox('成绩加载失败', e.message), h('a', { class: 'btn', href: '#/admin/contests' }, '返回'));
    return null;
  }
  const c = r.contest;
  const err = h('div', {});
  const phrase = h('input', { class: 'input', id: 'draw-phrase', placeholder: '例如：2026宪法日 法治同行', 'aria-label': '抽奖口令' });
  const drawBtn = h('button', { type: 'button', class: 'btn btn-primary', id: 'run-draw' }, '抽奖');
  drawBtn.addEventListener('click', () => runAction(drawBtn, err, async () => {
    await api.runDraw(id, phrase.value);
    toast('抽奖完成，已记入审计日志');
    reload();
  }, '抽奖没有成功'));
  const exportBtn = (label, format, table) => {
    const b = h('button', { type: 'button', class: 'btn' }, label);
    b.addEventListener('click', () => runAction(b, err, async () => {
      const path = await api.exportContest(id, format, table);
      if (path) toast(`已保存：${path}`);
    }, '导出没有成功'));
    return b;
  };
  mount(root,
    h('div', { class: 'page-head' },
      h('div', {}, h('a', { class: 'btn btn-link', href: '#/admin/contests' }, '← 返回竞答'), h('h1', {}, `${c.spec.title} · 成绩`)),
      h('a', { class: 'btn', href: `#/screen/${id}` }, '打开大屏')),
    h('div', { class: 'actions-top' },
      exportBtn('导出 Excel（排名、部门、奖项、抽奖记录、答题明细）', 'xlsx'), exportBtn('导出排名 CSV', 'csv', 'ranking'), exportBtn('导出部门统计 CSV', 'csv', 'departments'),
      exportBtn('导出奖项 CSV', 'csv', 'prizes'), exportBtn('导出抽奖记录 CSV', 'csv', 'draws'), exportBtn('导出答题明细 CSV', 'csv', 'answers'),
      h('a', { class: 'btn', href: `#/print/${id}/certificates`, id: 'print-certificates' }, '打印奖状'),
      h('a', { class: 'btn', href: `#/print/${id}/honor`, id: 'print-honor' }, '打印光荣榜')),
    h('p', {}, h('span', { class: `tag state-${c.state}` }, c.state_name), ` 已交卷 ${r.ranking.length} 人 · 满分 ${c.total_points} 分 · 及格 ${c.spec.pass_mark} 分`),
    r.tampered.length
      ? alertBox('成绩记录被改动过', `以下成绩在交卷后被改动，与校验链不符：${r.tampered.join('、')}。`)
      : h('p', { class: 'muted small', id: 'chain-ok' }, '✓ 成绩校验链完整：交卷后没有记录被改动。'),
    h('h2', {}, '奖项'),
    tierSummary(r.tiers),
    h('h2', {}, '排名'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'ranking' },
      h('thead', {}, h('tr', {}, ['名次', '工号', '姓名', '部门', '得分', '用时', '及格', '奖项'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, r.ranking.map((row) => h('tr', { dataset: { staffNo: row.staff_no } },
        h('td', { class: 'num' }, row.rank), h('td', {}, row.staff_no), h('td', {}, row.name), h('td', {}, row.department || '—'),
        h('td', { class: 'num' }, row.score), h('td', { class: 'num' }, formatDuration(row.time_used_ms)),
        h('td', {}, row.passed ? '✓' : '✗'), h('td', { class: 'tier' }, row.tier || '')))))),
    h('h2', {}, '按部门'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, ['部门', '在职人数', '参赛人数', '参与率', '平均分', '及格率'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, r.departments.map((d) => h('tr', {},
        h('td', {}, d.name), h('td', { class: 'num' }, d.staff), h('td', { class: 'num' }, d.participants),
        h('td', { class: 'num' }, pct(d.participation_rate)), h('td', { class: 'num' }, d.average_score.toFixed(1)), h('td', { class: 'num' }, pct(d.pass_rate))))))),
    h('h2', {}, '抽奖'),
    c.spec.lottery
      ? h('section', { class: 'card' },
        h('p', {}, `在得分不低于 ${c.spec.lottery.min_score} 分的人中抽取 ${c.spec.lottery.count} 名。请在现场宣布一句口令，输入后抽奖；任何人都可以用同一口令复核结果。`),
        r.eligible ? h('p', { class: 'small mono', id: 'eligible' }, `抽奖名单：${r.eligible.count} 人（按工号排序），名单 SHA-256：${r.eligible.list_hash}`) : null,
        h('p', { class: 'small muted' }, '每场竞答只有一次有效抽奖。确需重新抽奖（例如口令念错），先在下面把上一次抽奖“作废”并写明原因；作废的抽奖和原因都保留在本页、导出文件和审计日志中。'),
        !['closed', 'published'].includes(c.state)
          ? h('p', { class: 'muted' }, '竞答结束后才能抽奖。')
          : r.draws.some((d) => d.status === 'valid')
            ? h('p', { class: 'muted', id: 'draw-done' }, '已经抽过奖。如需重新抽奖，请先作废上一次抽奖并写明原因。')
            : h('div', { class: 'search-form' }, phrase, drawBtn),
        err)
      : h('p', { class: 'muted' }, '这场竞答没有设置抽奖。'),
    [...r.draws].reverse().map((d) => drawCard(id, d, reload)));
  return null;
}

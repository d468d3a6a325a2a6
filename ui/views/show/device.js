// 现场竞答 on a phone or PC (#/show-join): join with the show's code and a
// name, as a team's buzzer or as audience. No staff log-in: the code is the
// ticket, and the device keeps the token the host gave it (this browser's
// localStorage, per code), so a reload or a dropped Wi-Fi reconnects by
// itself to the same team and the same state.
// - Team: the team's name in its colour, one big 抢答 button (space bar
//   too), the answer buttons (A–D / 对错, keys 1–4 / A–D) when it is the
//   team's turn, the risk values to pick, and 犯规 when it buzzed too soon.
// - Audience: the question with big answer buttons, and its own rank.
// Phones first: 360–414 px wide, every target ≥ 44 px.

import { api } from '../../api.js';
import { h, mount, alertBox } from '../../dom.js';
import { optionsOf, teamColour, phaseLabel, keyText, keepAwake } from './common.js';

const STORE = 'lawquiz.show.device';

function saved() {
  try { return JSON.parse(localStorage.getItem(STORE) || 'null'); } catch { return null; }
}
function remember(d) { try { localStorage.setItem(STORE, JSON.stringify(d)); } catch { /* private mode: no reconnect after a reload */ } }
function forget() { try { localStorage.removeItem(STORE); } catch { /* nothing kept */ } }

/** Phases in which a question is on screen and may be answered. */
const ANSWERABLE = ['question', 'open', 'answering', 'speed'];

function joinForm(root, query, onJoined) {
  const err = h('div', { id: 'join-error' });
  const code = h('input', { class: 'input code-input', id: 'join-code', name: 'code', inputmode: 'numeric', autocomplete: 'off', maxlength: 6, value: query.get('code') || '', 'aria-label': '加入码（6 位数字）', placeholder: '6 位加入码' });
  const name = h('input', { class: 'input', id: 'join-name', name: 'name', autocomplete: 'nickname', maxlength: 20, 'aria-label': '你的名字', placeholder: '你的名字' });
  const teamsBox = h('div', { class: 'show-team-pick', id: 'join-teams' });
  let role = query.get('role') === 'team' ? 'team' : 'audience';
  const roleBtn = (r, label) => h('button', { type: 'button', class: `btn${role === r ? ' btn-primary' : ''}`, id: `join-as-${r}`, 'aria-pressed': String(role === r), onclick: () => { role = r; draw(); } }, label);
  const go = h('button', { type: 'submit', class: 'btn btn-primary btn-wide btn-big', id: 'join-go' }, '加入');

  async function join(team) {
    mount(err);
    const c = code.value.replace(/\D/g, '');
    if (c.length !== 6) { mount(err, alertBox('加入码不对', '加入码是 6 位数字，在会场大屏和主持人那里可以看到。')); code.focus(); return; }
    if (!name.value.trim()) { mount(err, alertBox('还缺名字', role === 'team' ? '请填写你的名字（队员名）。' : '请填写你的名字，排名时显示。')); name.focus(); return; }
    go.disabled = true;
    try {
      const req = { code: c, role, name: name.value.trim() };
      if (team !== undefined) req.team = team;
      const out = await api.showJoin(req);
      if (role === 'team' && team === undefined && out.teams && !out.device_token) {
        // The host asks which team: show the show's teams to pick from.
        mount(teamsBox, h('p', {}, '选择你的参赛队：'), out.teams.map((t) => h('button', {
          type: 'button', class: 'btn', style: `--team: ${teamColour(t.colour)}`, dataset: { team: String(t.id) }, onclick: () => join(t.id),
        }, h('span', { class: 'show-swatch', 'aria-hidden': 'true' }), t.name)));
        return;
      }
      const d = { code: c, role, name: name.value.trim(), token: out.device_token, team: out.team || null, show: out.show || null };
      remember(d);
      onJoined(d);
    } catch (e) {
      mount(err, alertBox('没有加入', e.message));
    } finally { go.disabled = false; }
  }

  function draw() {
    mount(root, h('section', { class: 'card show-join', id: 'show-join' },
      h('h1', {}, '加入现场竞答'),
      h('form', { class: 'show-join-form', onsubmit: (e) => { e.preventDefault(); join(); } },
        h('label', { for: 'join-code' }, '加入码'), code,
        h('label', { for: 'join-name' }, '名字'), name,
        h('div', { class: 'show-role-pick', role: 'group', 'aria-label': '身份' }, roleBtn('audience', '我是观众'), roleBtn('team', '我是参赛队')),
        teamsBox, err, go)));
  }
  draw();
  (code.value ? name : code).focus();
}

/** The team's page. */
function teamPage(root, d, s, send) {
  const me = (s.teams || []).find((t) => t.id === (d.team && (d.team.id ?? d.team))) || d.team || {};
  const myId = me.id;
  const phase = s.phase;
  const turn = s.turn ?? (s.item ? s.item.team : null);
  const myTurn = turn === myId && ['answering', 'question', 'speed', 'pick'].includes(phase);
  const buzzRound = s.round && s.round.kind === 'buzz';
  const buzzes = Array.isArray(s.buzzes) ? s.buzzes : [];
  const mine = buzzes.find((b) => b.team === myId);
  const fouled = (Array.isArray(s.fouls) ? s.fouls : []).some((f) => (f.team ?? f) === myId) || send.fouled;
  const first = buzzes.length ? buzzes[0].team : null;
  let status;
  if (s.state === 'finished') status = '比赛结束，谢谢参与！';
  else if (fouled && phase === 'question') status = '犯规：抢答还没有开始！';
  else if (buzzRound && phase === 'question') status = '请看大屏读题，等主持人宣布“抢答开始”。';
  else if (buzzRound && phase === 'open') status = '抢答开始！';
  else if (first === myId && phase === 'answering') status = '你队抢到了！请作答。';
  else if (first !== null && first !== myId && phase === 'answering') status = `${((s.teams || []).find((t) => t.id === first) || {}).name || '其他队'}抢到了`;
  else if (myTurn && phase === 'pick') status = '请选择本题分值';
  else if (myTurn) status = '轮到你队答题';
  else status = phaseLabel(phase) ? `${phaseLabel(phase)}…` : '请等待主持人开始';

  const buzzDisabled = !buzzRound || !['question', 'open'].includes(phase) || !!mine;
  const buzz = h('button', { type: 'button', class: 'show-buzz', id: 'buzz', disabled: buzzDisabled,
    dataset: { state: mine ? (first === myId ? 'won' : 'late') : 'ready' }, onclick: () => send.buzz() },
  mine ? (first === myId ? '抢到了' : `第 ${mine.place || buzzes.indexOf(mine) + 1}`) : '抢答',
  h('small', {}, mine && mine.ms_after_open !== undefined ? `开放后 ${mine.ms_after_open} 毫秒` : (buzzDisabled ? '' : '（空格键）')));

  let answers = null;
  const q = s.question;
  if (q && myTurn && ANSWERABLE.includes(phase) && !s.round_no_device) {
    answers = answerButtons(q, send.choice, (c) => send.answer(s.item ? s.item.id : null, c), false);
  }
  const values = myTurn && phase === 'pick' ? h('div', { class: 'show-answers judge' }, ((s.round && (s.round.settings || s.round).risk_values) || []).map((val) => h('button', {
    type: 'button', class: 'show-answer', onclick: () => send.pick(val),
  }, `${val} 分`))) : null;

  mount(root,
    h('div', { class: 'show-team-band', id: 'team-band', style: `--team: ${teamColour(me.colour)}` }, me.name || '参赛队',
      me.score !== undefined ? h('span', { class: 'small' }, `　${me.score} 分`) : null),
    h('p', { class: 'show-status', id: 'team-status', role: 'status' }, status),
    fouled && phase === 'question' ? h('p', { class: 'show-foul-note', id: 'foul-note' }, '犯规！抢答开始前按了抢答键。') : null,
    values,
    answers ? [h('p', { class: 'show-device-stem' }, q.stem), answers] : (buzzRound ? buzz : null),
    send.note ? h('p', { class: 'muted small show-mine', id: 'team-note' }, send.note) : null,
    leaveButton(send.leave));
}

function answerButtons(q, chosen, onChoose, reveal) {
  const opts = optionsOf(q);
  const right = reveal && q.key !== undefined && q.key !== null ? (Array.isArray(q.key) ? q.key : [q.key]).map(String) : [];
  return h('div', { class: `show-answers${q.qtype === 'judge' ? ' judge' : ''}`, id: 'answers', role: 'group', 'aria-label': '选择答案' }, opts.map((o) => h('button', {
    type: 'button', class: `show-answer${right.includes(o.id) ? ' right' : ''}`, dataset: { choice: o.id },
    'aria-pressed': String(chosen === o.id), disabled: chosen !== null && chosen !== undefined, onclick: () => onChoose(o.id),
  }, h('span', { class: 'show-letter' }, o.label), q.qtype === 'judge' ? null : h('span', {}, o.text))));
}

function leaveButton(leave) {
  return h('div', { class: 'actions-center' }, h('button', { type: 'button', class: 'btn btn-link', onclick: leave }, '退出，换一个身份加入'));
}

/** The audience's page. */
function audiencePage(root, d, s, send) {
  const q = s.question;
  const phase = s.phase;
  const me = s.me || s.audience || {};
  const itemId = s.item ? s.item.id : null;
  const chosen = send.chosen[itemId];
  let body;
  if (s.state === 'finished') {
    body = h('p', { class: 'show-status' }, '比赛结束，谢谢参与！');
  } else if (q && (ANSWERABLE.includes(phase) || phase === 'judged')) {
    body = [h('p', { class: 'show-device-stem', id: 'aud-stem' }, q.stem),
      answerButtons(q, chosen ?? null, (c) => send.answer(itemId, c), false),
      h('p', { class: 'show-status', role: 'status', id: 'aud-status' }, chosen !== undefined ? '已提交，等待公布答案' : '请选择答案')];
  } else if (q && phase === 'reveal') {
    const right = q.key !== undefined && q.key !== null ? (Array.isArray(q.key) ? q.key : [q.key]).map(String) : [];
    body = [h('p', { class: 'show-device-stem' }, q.stem), answerButtons(q, chosen ?? null, () => {}, true),
      h('p', { class: 'show-status', id: 'aud-status' }, chosen === undefined ? `本题未作答，正确答案 ${keyText(q, q.key)}` : (right.includes(String(chosen)) ? '✓ 答对了！' : `✗ 答错了，正确答案 ${keyText(q, q.key)}`))];
  } else {
    body = h('p', { class: 'show-status', id: 'aud-status' }, `${phaseLabel(phase) || '等待开始'}，请看大屏。`);
  }
  mount(root,
    h('div', { class: 'show-device-head' }, h('h1', {}, s.title || '现场竞答'), h('span', { class: 'muted' }, d.name)),
    body,
    h('p', { class: 'show-mine', id: 'aud-rank' }, me.rank ? ['我的排名 ', h('strong', {}, `第 ${me.rank} 名`), `　答对 ${me.right ?? me.score ?? 0} 题${me.of ? ` / 共 ${me.of} 人` : ''}`] : '答对的题越多、越快，排名越靠前'),
    send.note ? h('p', { class: 'muted small show-mine' }, send.note) : null,
    leaveButton(send.leave));
}

export async function renderShowJoin(root, query) {
  const html = document.documentElement;
  html.classList.add('show-device');
  let sub = null;
  let lock = null;
  let d = saved();
  if (d && query.get('code') && query.get('code') !== d.code) d = null;
  let last = null;
  const send = { choice: null, chosen: {}, note: '', fouled: false };

  const redraw = () => {
    if (!last || !d) return;
    if (d.role === 'team') teamPage(root, d, last, send); else audiencePage(root, d, last, send);
  };

  send.buzz = async () => {
    if (!d) return;
    try {
      const r = await api.showBuzz(d.token);
      send.fouled = !!r.foul;
      send.note = r.foul ? '犯规：抢答还没有开始。' : (r.accepted ? `已抢答：第 ${r.place} 个，开放后 ${r.ms_after_open} 毫秒` : '');
    } catch (e) { send.note = e.message; }
    redraw();
  };
  send.answer = async (item, choice) => {
    if (!d || item === null) return;
    send.chosen[item] = choice;
    send.choice = choice;
    redraw();
    try { await api.showAnswer(d.token, item, choice); send.note = ''; } catch (e) { delete send.chosen[item]; send.choice = null; send.note = e.message; }
    redraw();
  };
  send.pick = async (value) => {
    try { await api.showPick(d.token, value); send.note = ''; } catch (e) { send.note = e.message; }
    redraw();
  };
  send.leave = () => { forget(); if (sub) sub.close(); sub = null; d = null; last = null; start(); };

  function onState(s) {
    const itemId = s.item ? s.item.id : null;
    if (last && (last.item ? last.item.id : null) !== itemId) { send.choice = null; send.fouled = false; send.note = ''; }
    if (last && last.phase !== s.phase && s.phase !== 'question') send.fouled = false;
    if (s.you && s.you.choice !== undefined && itemId !== null) send.chosen[itemId] = s.you.choice;
    last = s;
    redraw();
  }

  function onKey(e) {
    if (!d || !last || e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) return;
    if (e.key === ' ' && d.role === 'team') {
      const b = document.getElementById('buzz');
      e.preventDefault();
      if (b && !b.disabled) send.buzz();
      return;
    }
    const k = e.key.toUpperCase();
    const idx = '1234'.indexOf(k) >= 0 ? '1234'.indexOf(k) : 'ABCD'.indexOf(k);
    if (idx >= 0) {
      const b = document.querySelectorAll('#answers .show-answer')[idx];
      if (b && !b.disabled) { e.preventDefault(); b.click(); }
    }
  }

  function start() {
    if (!d) {
      joinForm(root, query, (joined) => { d = joined; start(); });
      return;
    }
    mount(root, h('p', { class: 'loading' }, '正在连接主机…'));
    sub = api.showSubscribe(d.token, onState, (status, e) => {
      if (status === 'error' && e && ['unauthorized', 'not_found', 'device_unknown'].includes(e.code)) {
        forget(); d = null; if (sub) sub.close(); sub = null; start();
        return;
      }
      const banner = document.getElementById('conn');
      if (banner) banner.hidden = status !== 'reconnecting';
    });
    keepAwake().then((l) => { lock = l; });
  }

  document.addEventListener('keydown', onKey);
  start();
  return () => {
    if (sub) sub.close();
    if (lock) lock.release().catch(() => {});
    document.removeEventListener('keydown', onKey);
    html.classList.remove('show-device');
    const banner = document.getElementById('conn');
    if (banner) banner.hidden = true;
  };
}

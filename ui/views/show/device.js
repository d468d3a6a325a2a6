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
import { alertBox, h, mount } from '../../dom.js';
import { colourName, keepAwake, labelsOf, optionsOf, phaseLabel, teamById, viewKey } from './common.js';

// One device per show code and team (or audience) in this browser, and which was used last.
const STORE = 'lawquiz.show.devices';

function store() {
  try {
    return JSON.parse(localStorage.getItem(STORE) || '{}') || {};
  } catch {
    return {};
  }
}
const slot = (code, team) => `${code}:${team ?? ''}`;

/** The device this address asks for (code and team in it), else the last one used. */
function saved(query) {
  const all = store();
  const code = query.get('code');
  if (code) return all[slot(code, query.get('team'))] || null;
  return all.last ? all[all.last] || null : null;
}
function remember(d) {
  const all = store();
  const key = slot(d.code, d.role === 'team' ? d.team : null);
  all[key] = d;
  all.last = key;
  try {
    localStorage.setItem(STORE, JSON.stringify(all));
  } catch {
    /* private mode: no reconnect after a reload */
  }
}
function forget(d) {
  const all = store();
  const key = slot(d.code, d.role === 'team' ? d.team : null);
  delete all[key];
  if (all.last === key) delete all.last;
  try {
    localStorage.setItem(STORE, JSON.stringify(all));
  } catch {
    /* nothing kept */
  }
}

export function joinForm(root, query, onJoined) {
  const err = h('div', { id: 'join-error' });
  const code = h('input', {
    class: 'input code-input',
    id: 'join-code',
    name: 'code',
    inputmode: 'numeric',
    autocomplete: 'off',
    maxlength: 6,
    value: query.get('code') || '',
    'aria-label': '加入码（6 位数字）',
    placeholder: '6 位加入码',
  });
  const name = h('input', {
    class: 'input',
    id: 'join-name',
    name: 'name',
    autocomplete: 'nickname',
    maxlength: 20,
    'aria-label': '你的名字',
    placeholder: '你的名字',
  });
  const teamNo = h('input', {
    class: 'input',
    id: 'join-team',
    name: 'team',
    inputmode: 'numeric',
    value: query.get('team') || '',
    'aria-label': '队伍编号',
    placeholder: '主持人告诉你的队伍编号',
  });
  let role = query.get('team') ? 'team' : 'audience';
  const go = h('button', { type: 'submit', class: 'btn btn-primary btn-wide btn-big', id: 'join-go' }, '加入');

  async function join() {
    mount(err);
    const c = code.value.replace(/\D/g, '');
    if (c.length !== 6) {
      mount(err, alertBox('加入码不对', '加入码是 6 位数字，会场大屏上和主持人那里可以看到。'));
      code.focus();
      return;
    }
    if (!name.value.trim()) {
      mount(err, alertBox('还缺名字', role === 'team' ? '请填写你的名字（队员名）。' : '请填写你的名字，排名时显示。'));
      name.focus();
      return;
    }
    const team = parseInt(teamNo.value, 10);
    if (role === 'team' && !Number.isFinite(team)) {
      mount(err, alertBox('还缺队伍编号', '参赛队请填写主持人给的队伍编号，或直接打开主持人给本队的地址。'));
      teamNo.focus();
      return;
    }
    go.disabled = true;
    try {
      const req = { code: c, role, name: name.value.trim() };
      if (role === 'team') req.team = team;
      const out = await api.showJoin(req);
      const d = { code: c, role, name: req.name, token: out.device_token, team: out.team ? out.team.id : null };
      remember(d);
      onJoined(d, out);
    } catch (e) {
      mount(err, alertBox('没有加入', e.message));
    } finally {
      go.disabled = false;
    }
  }

  function draw() {
    const roleBtn = (r, label) =>
      h(
        'button',
        {
          type: 'button',
          class: `btn${role === r ? ' btn-primary' : ''}`,
          id: `join-as-${r}`,
          'aria-pressed': String(role === r),
          onclick: () => {
            role = r;
            draw();
          },
        },
        label,
      );
    mount(
      root,
      h(
        'section',
        { class: 'card show-join', id: 'show-join' },
        h('h1', {}, '加入现场竞答'),
        h(
          'form',
          {
            class: 'show-join-form',
            onsubmit: (e) => {
              e.preventDefault();
              join();
            },
          },
          h('label', { for: 'join-code' }, '加入码'),
          code,
          h('label', { for: 'join-name' }, '名字'),
          name,
          h(
            'div',
            { class: 'show-role-pick', role: 'group', 'aria-label': '身份' },
            roleBtn('audience', '我是观众'),
            roleBtn('team', '我是参赛队'),
          ),
          role === 'team' ? [h('label', { for: 'join-team' }, '队伍编号'), teamNo] : null,
          err,
          go,
        ),
      ),
    );
  }
  draw();
  (code.value ? name : code).focus();
}

/** The choice buttons of question `q`; `chosen` the ids given, `right` the key's (after the reveal). */
function answerButtons(q, chosen, onChoose, right = []) {
  const opts = optionsOf(q);
  const given = Array.isArray(chosen) ? chosen : null;
  const multi = q.qtype === 'multi';
  const picked = new Set();
  const box = h('div', {
    class: `show-answers${q.qtype === 'judge' ? ' judge' : ''}`,
    id: 'answers',
    role: 'group',
    'aria-label': '选择答案',
  });
  const buttons = opts.map((o) =>
    h(
      'button',
      {
        type: 'button',
        class: `show-answer${right.includes(o.id) ? ' right' : ''}`,
        dataset: { choice: String(o.id) },
        'aria-pressed': String(!!given && given.includes(o.id)),
        disabled: !!given,
        onclick: (e) => {
          if (!multi) {
            onChoose([o.id]);
            return;
          }
          if (picked.has(o.id)) picked.delete(o.id);
          else picked.add(o.id);
          e.currentTarget.setAttribute('aria-pressed', String(picked.has(o.id)));
          submit.disabled = picked.size === 0;
        },
      },
      h('span', { class: 'show-letter' }, o.label),
      q.qtype === 'judge' ? null : h('span', {}, o.text),
    ),
  );
  const submit =
    multi && !given
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn btn-primary btn-wide btn-big',
            id: 'answer-submit',
            disabled: true,
            onclick: () => onChoose([...picked].sort()),
          },
          '提交（多选）',
        )
      : null;
  box.append(...buttons);
  return [box, submit];
}

function leaveButton(leave) {
  return h(
    'div',
    { class: 'actions-center' },
    h('button', { type: 'button', class: 'btn btn-link', id: 'show-leave', onclick: leave }, '退出，换一个身份加入'),
  );
}

/** The team's page. */
export function teamPage(root, d, s, send) {
  const me = (s.teams || []).find((t) => t.id === d.team) || {};
  const myId = me.id;
  const phase = s.phase;
  const round = s.round || {};
  const turn = s.turn_team;
  const buzzes = Array.isArray(s.buzzes) ? s.buzzes : [];
  const mine = buzzes.find((b) => b.team === myId);
  const first = buzzes.length ? buzzes[0].team : null;
  const fouled = s.fouls.some((f) => f.team === myId);
  const buzzRound = round.kind === 'buzz';
  const answering = phase === 'answering' && turn === myId;
  const speeding = phase === 'speed' && turn === myId;
  const itemId = s.item ? s.item.id : null;
  const given = send.given[itemId];
  const judged = s.judgment && s.judgment.team === myId ? s.judgment : null;
  let status;
  if (s.state === 'finished') status = '比赛结束，谢谢参与！';
  else if (s.state === 'setup') status = '比赛还没有开始，请稍候。';
  else if (fouled && ['question', 'answering', 'judged'].includes(phase) && buzzRound && !mine) status = '犯规：抢答还没有开始！';
  else if (buzzRound && phase === 'question') status = '请看大屏读题，等主持人宣布“抢答开始”再抢答。';
  else if (buzzRound && phase === 'open') status = '抢答开始！';
  else if (answering && given) status = '已作答，等主持人公布。';
  else if (answering) status = buzzRound ? '你队抢到了！请作答。' : '轮到你队答题，请作答。';
  else if (speeding) status = '限时速答：答完一题接着下一题。';
  else if (phase === 'pick' && turn === myId) status = '请选择本题分值（选定后才看题）。';
  else if (judged && ['judged', 'reveal'].includes(phase))
    status = judged.right ? `✓ 答对了 ${judged.points > 0 ? '+' : ''}${judged.points} 分` : `✗ 答错了 ${judged.points} 分`;
  else if (buzzRound && first !== null && first !== myId && phase === 'answering')
    status = `${teamById(s, first)?.name || '其他队'}抢到了答题权`;
  else if (turn !== null && turn !== undefined && turn !== myId && phase !== 'scoreboard')
    status = `${teamById(s, turn)?.name || '其他队'}答题中`;
  else status = `${phaseLabel(phase)}…`;

  const canBuzz = buzzRound && ['question', 'open'].includes(phase) && !mine && !fouled;
  const buzz = buzzRound
    ? h(
        'button',
        {
          type: 'button',
          class: 'show-buzz',
          id: 'buzz',
          disabled: !canBuzz,
          dataset: { state: mine ? (mine.place === 1 ? 'won' : 'late') : 'ready' },
          onclick: () => send.buzz(),
        },
        mine ? (mine.place === 1 ? '抢到了' : `第 ${mine.place} 位`) : '抢答',
        h('small', {}, mine ? `开放后 ${mine.ms_after_open} 毫秒` : canBuzz ? '（也可以按空格键）' : ''),
      )
    : null;

  const q = s.question;
  const answers = q && (answering || speeding) && itemId !== null ? answerButtons(q, given, (c) => send.answer(itemId, c)) : null;
  const values =
    phase === 'pick' && turn === myId
      ? h(
          'div',
          { class: 'show-answers judge', id: 'risk-values' },
          (round.risk_values || []).map((val) =>
            h(
              'button',
              {
                type: 'button',
                class: 'show-answer',
                'aria-pressed': String(s.item && s.item.risk_value === val),
                onclick: () => send.pick(val),
              },
              `${val} 分`,
            ),
          ),
        )
      : null;

  mount(
    root,
    h(
      'div',
      { class: 'show-team-band', id: 'team-band', 'data-colour': colourName(me.colour), dataset: { team: String(myId ?? '') } },
      me.name || '参赛队',
      h('span', { class: 'show-team-score' }, `${me.score ?? 0} 分`),
    ),
    h('p', { class: 'show-status', id: 'team-status', role: 'status' }, status),
    fouled && buzzRound && !mine && ['question', 'answering', 'judged'].includes(phase)
      ? h('p', { class: 'show-foul-note', id: 'foul-note' }, '犯规！抢答开始前按了抢答键。')
      : null,
    values,
    answers ? [h('p', { class: 'show-device-stem' }, q.stem), answers] : buzz,
    send.note ? h('p', { class: 'muted small show-mine', id: 'team-note' }, send.note) : null,
    leaveButton(send.leave),
  );
}

/** The audience's page. */
export function audiencePage(root, d, s, send) {
  const q = s.question;
  const phase = s.phase;
  const itemId = s.item ? s.item.id : null;
  const given = send.given[itemId];
  let body;
  if (s.state === 'finished') {
    body = h('p', { class: 'show-status', id: 'aud-status' }, '比赛结束，谢谢参与！');
  } else if (q && ['question', 'open', 'answering', 'judged'].includes(phase)) {
    body = [
      h('p', { class: 'show-device-stem', id: 'aud-stem' }, q.stem),
      answerButtons(q, given, (c) => send.answer(itemId, c)),
      h('p', { class: 'show-status', role: 'status', id: 'aud-status' }, given ? '已提交，等待公布答案' : '请选择答案'),
    ];
  } else if (q && s.reveal && ['reveal', 'scoreboard'].includes(phase)) {
    const right = s.reveal.answer;
    const ok = given && given.length === right.length && given.every((x) => right.includes(x));
    body = [
      h('p', { class: 'show-device-stem' }, q.stem),
      answerButtons(q, given || [], () => {}, right),
      h(
        'p',
        { class: 'show-status', id: 'aud-status' },
        !given ? `本题未作答，正确答案 ${labelsOf(q, right)}` : ok ? '✓ 答对了！' : `✗ 答错了，正确答案 ${labelsOf(q, right)}`,
      ),
    ];
  } else {
    body = h(
      'p',
      { class: 'show-status', id: 'aud-status' },
      s.state === 'setup' ? '比赛还没有开始，请稍候。' : `${phaseLabel(phase)}，请看大屏。`,
    );
  }
  const top = s.audience && Array.isArray(s.audience.top) ? s.audience.top : [];
  const place = top.findIndex((t) => t.name === d.name);
  mount(
    root,
    h('div', { class: 'show-device-head' }, h('h1', {}, s.title || '现场竞答'), h('span', { class: 'muted' }, d.name)),
    body,
    h(
      'p',
      { class: 'show-mine', id: 'aud-rank' },
      place >= 0
        ? ['我的排名 ', h('strong', {}, `第 ${place + 1} 名`), `　答对 ${top[place].correct} 题`]
        : [`本机答对 ${send.right} 题`, top.length ? `　（前十名最少答对 ${top[top.length - 1].correct} 题）` : ''],
    ),
    send.note ? h('p', { class: 'muted small show-mine' }, send.note) : null,
    leaveButton(send.leave),
  );
}

export async function renderShowJoin(root, query) {
  const html = document.documentElement;
  html.classList.add('show-device');
  let sub = null;
  let lock = null;
  let d = saved(query);
  let last = null;
  // given: this device's answer per item; right: the audience's count of right answers seen here.
  const send = { given: {}, note: '', right: 0, counted: new Set() };

  let drawn = '';
  const redraw = () => {
    if (!last || !d) return;
    const key = viewKey(last, [d.token, send.note, send.given, send.right]);
    if (key === drawn) return;
    drawn = key;
    if (d.role === 'team') teamPage(root, d, last, send);
    else audiencePage(root, d, last, send);
  };

  send.buzz = async () => {
    if (!d) return;
    try {
      const r = await api.showBuzz(d.token);
      // A foul or a place is said by the page itself; other refusals here.
      send.note = r.accepted || r.foul ? '' : r.message || '';
    } catch (e) {
      send.note = e.message;
    }
    redraw();
  };
  send.answer = async (item, choice) => {
    if (!d || item === null) return;
    send.given[item] = choice;
    redraw();
    try {
      const ack = await api.showAnswer(d.token, item, choice);
      send.note = ack.counted ? '' : ack.message || '';
    } catch (e) {
      delete send.given[item];
      send.note = e.message;
    }
    redraw();
  };
  send.pick = async (value) => {
    try {
      last = await api.showPick(d.token, value);
      send.note = '';
    } catch (e) {
      send.note = e.message;
    }
    redraw();
  };
  send.leave = () => {
    if (d) forget(d);
    if (sub) sub.close();
    sub = null;
    d = null;
    last = null;
    drawn = '';
    start();
  };

  function onState(s) {
    const itemId = s.item ? s.item.id : null;
    if (last && (last.item ? last.item.id : null) !== itemId) send.note = '';
    // The audience's own tally: each revealed item once.
    if (d && d.role === 'audience' && s.reveal && itemId !== null && !send.counted.has(itemId)) {
      send.counted.add(itemId);
      const g = send.given[itemId];
      if (g && g.length === s.reveal.answer.length && g.every((x) => s.reveal.answer.includes(x))) send.right += 1;
    }
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
    if (idx >= 0 && k.length === 1) {
      const b = document.querySelectorAll('#answers .show-answer')[idx];
      if (b && !b.disabled) {
        e.preventDefault();
        b.click();
      }
    }
  }

  function start(joined) {
    if (!d) {
      joinForm(root, query, (dev, out) => {
        d = dev;
        start(out);
      });
      return;
    }
    if (joined?.my_answer && joined.show.item) send.given[joined.show.item.id] = joined.my_answer;
    if (joined) onState(joined.show);
    else mount(root, h('p', { class: 'loading' }, '正在连接主机…'));
    sub = api.showSubscribe(d.token, onState, (status, e) => {
      if (status === 'error' && e && e.code !== 'offline') {
        // The token no longer works (revoked, the show gone): join again.
        forget(d);
        d = null;
        if (sub) sub.close();
        sub = null;
        start();
        mount(document.getElementById('join-error') || root, alertBox('需要重新加入', e.message));
        return;
      }
      const banner = document.getElementById('conn');
      if (banner) banner.hidden = status !== 'reconnecting';
    });
    keepAwake().then((l) => {
      lock = l;
    });
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

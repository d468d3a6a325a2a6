// 现场竞答 · 主持台 (#/show/ID, the organizer's window): the current
// question with its key (shown only here), the phase, the backend's
// countdown, the buzz order with each buzz's milliseconds after the
// opening, 对 / 错, 换题 and 更正分数 (each with a reason), 撤销上一次计分,
// 下一步, the oath's step, and how to put the big screen on the projector
// (the hall window, or an address and the join code for a browser).
// Keyboard driven: Space / Enter 下一步, O 开放抢答, R or 1 答对, W or 2 答错,
// U 撤销, B 比分, → / ← the oath's phrase; the hints are on the buttons.
// The window has no event stream: it asks for the console view twice a
// second (and at once after each action).

import { api, isLocalWindow } from '../../api.js';
import { alertBox, h, mount } from '../../dom.js';
import { savedToast } from '../forms.js';
import { countdown, keyLong, kindLabel, optionsOf, phaseLabel, standings, teamById, teamTag } from './common.js';

const key = (k) => h('kbd', {}, k);

/** A dialog asking for a reason (and, for a correction, a team and points). */
function askDialog(title, fields, onOk) {
  const err = h('div', {});
  const inputs = fields.map((f) => {
    const id = `ask-${f.name}`;
    const input = f.options
      ? h(
          'select',
          { class: 'input', id, name: f.name },
          f.options.map(([v, l]) => h('option', { value: v }, l)),
        )
      : h('input', { class: 'input', id, name: f.name, type: f.type || 'text', placeholder: f.placeholder || '' });
    return { f, input, row: h('div', { class: 'field' }, h('label', { for: id }, f.label), input) };
  });
  const ok = h('button', { type: 'submit', class: 'btn btn-primary', id: 'ask-ok' }, '确定');
  const dlg = h('dialog', { class: 'dialog', id: 'show-ask' });
  const form = h(
    'form',
    {
      class: 'form',
      onsubmit: async (e) => {
        e.preventDefault();
        const values = Object.fromEntries(inputs.map(({ f, input }) => [f.name, input.value.trim()]));
        const missing = inputs.find(({ f, input }) => f.required && !input.value.trim());
        if (missing) {
          mount(err, alertBox('还缺内容', `请填写“${missing.f.label}”。`));
          missing.input.focus();
          return;
        }
        ok.disabled = true;
        try {
          await onOk(values);
          dlg.close();
        } catch (ex) {
          mount(err, alertBox('没有成功', ex.message));
        } finally {
          ok.disabled = false;
        }
      },
    },
    h('h2', {}, title),
    inputs.map((i) => i.row),
    err,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', onclick: () => dlg.close() }, '取消'), ok),
  );
  dlg.append(form);
  dlg.addEventListener('close', () => dlg.remove());
  document.body.append(dlg);
  dlg.showModal();
  if (inputs[0]) inputs[0].input.focus();
}

/**
 * A big-screen token, and where the screen goes: in a browser (the host's
 * page) a new window to drag onto the projector; in the app's window the
 * address to open in the projector's browser (the app has no show window of
 * its own yet: 本窗口显示大屏 shows it here instead).
 */
async function openScreen(id, said) {
  const t = await api.showScreenToken(id);
  if (!isLocalWindow) {
    window.open(t.path, 'lawquiz-show-screen');
    said.textContent = '大屏已在新窗口打开：拖到投影屏幕上，按 F11 全屏。';
  } else {
    said.textContent = '在投影电脑的浏览器里打开下面的大屏地址，按 F11 全屏；或点“本窗口显示大屏”。';
  }
  return t;
}

export async function renderShowConsole(root, id) {
  const clk = countdown('show-clock');
  const err = h('div', { id: 'show-console-error' });
  const said = h('p', { class: 'muted small', role: 'status', id: 'show-said' });
  const head = h('div', { class: 'page-head' });
  const left = h('div', {});
  const right = h('div', {});
  mount(root, head, err, h('div', { class: 'show-console', id: 'show-console' }, left, right));
  let v = null;
  let hostUrls = [];
  let screenToken = null;
  let busy = false;
  let stopped = false;

  async function act(action, label) {
    if (busy) return;
    busy = true;
    mount(err);
    try {
      v = await api.showAction(id, action);
      draw();
      if (label) said.textContent = label;
    } catch (e) {
      mount(err, alertBox('操作没有成功', e.message));
    } finally {
      busy = false;
    }
  }

  let oathLines = [];
  async function oath(step) {
    try {
      v = await api.showOathStep(id, step);
      draw();
    } catch (e) {
      mount(err, alertBox('宣誓页没有切换', e.message));
    }
  }

  /** The lit phrase (0: the oath is not on the screen). */
  const oathStep = () => (v ? v.public.oath_step || 0 : 0);
  const oathLen = () => oathLines.length;

  function button(label, k, cls, onclick, attrs = {}) {
    return h('button', { type: 'button', class: `btn ${cls || ''}`, onclick, ...attrs }, label, k ? key(k) : null);
  }

  function draw() {
    if (!v) return;
    const p = v.public;
    const s = { title: v.spec.title, state: v.state, code: v.code };
    const q = p.question;
    const key = v.key;
    const phase = p.phase;
    clk.set(p.remaining_ms ?? null);
    mount(head, h('h1', {}, `主持台：${s.title || ''}`), h('a', { class: 'btn', href: '#/admin/show' }, '返回现场竞答列表'));

    const buzzes = p.buzzes;
    const running = s.state === 'running';
    const round = p.round;
    const item = p.item || {};
    const turn = teamById(p, p.turn_team ?? item.team);
    const opts = optionsOf(q);
    const rightIds = key ? key.answer : [];

    const current = h(
      'section',
      { class: 'card', id: 'show-current' },
      h(
        'div',
        { class: 'show-console-head' },
        h(
          'span',
          { class: 'show-phase', id: 'show-phase', dataset: { phase: phase || '' } },
          s.state === 'setup' ? '准备中' : s.state === 'finished' ? '已结束' : phaseLabel(phase),
        ),
        round ? h('span', {}, `${round.title || kindLabel(round.kind)}（${kindLabel(round.kind)}）`) : null,
        item.number ? h('span', { class: 'muted' }, `第 ${item.number}${round?.items ? ` / ${round.items}` : ''} 题`) : null,
        turn ? teamTag(turn) : null,
        item.risk_value ? h('span', { class: 'tag' }, `分值 ${item.risk_value}`) : null,
        p.judgment
          ? h(
              'span',
              { class: `tag ${p.judgment.right ? 'tag-right' : 'tag-wrong'}`, id: 'show-judgment' },
              `${teamById(p, p.judgment.team)?.name || ''} ${p.judgment.right ? '答对' : '答错'} ${p.judgment.points > 0 ? '+' : ''}${p.judgment.points}`,
            )
          : null,
        clk.el,
      ),
      // The controls first: on a 768-high screen they stay in view.
      controls(s, phase, running),
      said,
      current_item(v) ? h('p', { class: 'muted small' }, `本题（尚未上屏）：${current_item(v).stem}`) : null,
      q
        ? [
            h('p', { class: 'show-console-stem', id: 'show-console-stem' }, q.stem),
            opts.length && q.qtype !== 'judge'
              ? h(
                  'ol',
                  { class: 'show-console-options' },
                  opts.map((o) => h('li', { class: rightIds.includes(o.id) ? 'key' : '' }, `${o.label}. ${o.text}`)),
                )
              : null,
          ]
        : h(
            'p',
            { class: 'muted' },
            s.state === 'setup'
              ? '比赛还没有开始：点“开始比赛”按规则抽题。'
              : s.state === 'finished'
                ? '比赛已结束，大屏显示最终排名。'
                : '题目还没有上屏。',
          ),
      key
        ? h(
            'p',
            { class: 'show-console-key', id: 'show-key' },
            `答案：${keyLong(q, key)}`,
            key.explanation ? h('span', { class: 'muted small' }, `　${key.explanation}`) : null,
          )
        : null,
      p.audience
        ? h('p', { class: 'muted small', id: 'show-audience' }, `观众：已加入 ${p.audience.joined} 人，本题已答 ${p.audience.answered} 人`)
        : null,
    );

    const buzzList = h(
      'section',
      { class: 'card', id: 'show-buzzes' },
      h('h2', {}, '抢答顺序'),
      buzzes.length
        ? h(
            'ol',
            { class: 'show-buzz-list' },
            buzzes.map((b) =>
              h(
                'li',
                {},
                teamTag(teamById(p, b.team)),
                h(
                  'span',
                  { class: 'ms' },
                  b.ms_after_open === null || b.ms_after_open === undefined ? '' : `开放后 ${b.ms_after_open} 毫秒`,
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, '本题还没有人抢答。'),
      p.fouls.length
        ? h(
            'p',
            { class: 'tag tag-wrong', id: 'show-fouls' },
            `犯规：${[...new Set(p.fouls.map((f) => f.team))].map((t) => teamById(p, t)?.name).join('、')}`,
          )
        : null,
    );

    const scores = h(
      'section',
      { class: 'card', id: 'show-scores' },
      h('h2', {}, '比分'),
      h(
        'table',
        { class: 'table show-score-table' },
        h('thead', {}, h('tr', {}, h('th', {}, '名次'), h('th', {}, '参赛队'), h('th', { class: 'num' }, '得分'))),
        h(
          'tbody',
          {},
          standings(p.teams).map((t) =>
            h('tr', { dataset: { team: String(t.id) } }, h('td', {}, t.rank), h('td', {}, teamTag(t)), h('td', { class: 'num' }, t.score)),
          ),
        ),
      ),
    );

    const log = Array.isArray(v.log) ? v.log : [];
    const logBox = h(
      'section',
      { class: 'card' },
      h('h2', {}, '记录'),
      log.length
        ? h(
            'ul',
            { class: 'show-log', id: 'show-log' },
            log
              .slice(0, 40)
              .map((e) =>
                h('li', { class: e.undone ? 'undone' : '' }, `${(e.at || '').slice(11, 19)} ${e.text}${e.undone ? '（已撤销）' : ''}`),
              ),
          )
        : h('p', { class: 'muted' }, '还没有记录。'),
    );

    mount(left, current, buzzList, logBox);
    mount(right, screenCard(s), oathCard(s), scores, devicesCard());
  }

  /** The devices that joined, with 停用 (its token stops working at once). */
  function devicesCard() {
    const list = (v.devices || []).filter((d) => d.role !== 'audience');
    const audience = (v.devices || []).filter((d) => d.role === 'audience' && !d.revoked).length;
    return h(
      'section',
      { class: 'card', id: 'show-devices' },
      h('h2', {}, '已连接的设备'),
      h('p', { class: 'muted small' }, `观众 ${audience} 台。`),
      list.length
        ? h(
            'ul',
            { class: 'show-device-list' },
            list.map((d) =>
              h(
                'li',
                { dataset: { device: String(d.id) } },
                d.role === 'screen' ? '大屏' : teamTag(teamById(v.public, d.team)),
                ` ${d.name || ''} `,
                h('span', { class: 'muted small' }, d.address || ''),
                d.revoked
                  ? h('span', { class: 'tag' }, '已停用')
                  : h(
                      'button',
                      {
                        type: 'button',
                        class: 'btn-link',
                        onclick: async () => {
                          askDialog('停用这台设备？它需要重新加入。', [], async () => {
                            await api.showRevoke(id, d.id);
                            seen = '';
                            await refresh();
                          });
                        },
                      },
                      '停用',
                    ),
              ),
            ),
          )
        : h('p', { class: 'muted small' }, '还没有参赛队设备加入。'),
    );
  }

  /** The current item's row (its stem is known before it is on screen). */
  function current_item(view) {
    if (view.public.question || view.state !== 'running') return null;
    return (view.items || []).find((it) => it.state === 'current') || null;
  }

  function controls(s, phase, running) {
    if (s.state === 'setup') {
      return h(
        'div',
        { class: 'show-controls' },
        button('开始比赛', null, 'btn-primary', () => act(null, '比赛开始：题目已抽好。'), {
          id: 'show-start',
          onclick: async () => {
            mount(err);
            try {
              v = await api.showStart(id);
              draw();
            } catch (e) {
              mount(err, alertBox('没有开始', e.message));
            }
          },
        }),
      );
    }
    if (!running) {
      return h(
        'div',
        { class: 'show-controls' },
        h('a', { class: 'btn btn-primary', id: 'show-certificates', href: `#/show-print/${id}` }, '打印奖状（获奖队和观众）'),
        h(
          'button',
          {
            type: 'button',
            class: 'btn',
            id: 'show-export',
            onclick: async () => {
              try {
                const where = await api.showExport(id);
                if (where) savedToast(where);
              } catch (e) {
                mount(err, alertBox('导出没有成功', e.message));
              }
            },
          },
          '导出比赛记录（Excel）',
        ),
      );
    }
    const isBuzz = v.public.round && v.public.round.kind === 'buzz';
    return h(
      'div',
      { class: 'show-controls' },
      button('下一步', 'Space', 'btn-primary', () => act({ kind: 'next' }), { id: 'show-next' }),
      isBuzz
        ? button('开放抢答', 'O', '', () => act({ kind: 'open_buzz' }, '抢答已开放。'), {
            id: 'show-open-buzz',
            disabled: phase !== 'question',
          })
        : null,
      button('答对', 'R', 'btn-right', () => act({ kind: 'judge', right: true }), {
        id: 'show-right',
        disabled: !['answering', 'speed', 'judged'].includes(phase),
      }),
      button('答错', 'W', 'btn-wrong', () => act({ kind: 'judge', right: false }), {
        id: 'show-wrong',
        disabled: !['answering', 'speed', 'judged'].includes(phase),
      }),
      phase === 'pick'
        ? (v.public.round.risk_values || []).map((val) =>
            button(`${val} 分`, null, '', () => act({ kind: 'pick_value', value: val }), { dataset: { value: String(val) } }),
          )
        : null,
      button('公布答案', null, '', () => act({ kind: 'reveal' }), { id: 'show-reveal' }),
      button('比分', 'B', '', () => act({ kind: 'scoreboard' }), { id: 'show-board-btn' }),
      button('撤销上一次计分', 'U', '', () => act({ kind: 'undo' }, '已撤销上一次计分。'), { id: 'show-undo' }),
      button(
        '换题…',
        null,
        '',
        () =>
          askDialog('换一道题', [{ name: 'reason', label: '换题原因', required: true, placeholder: '例如：题目有歧义' }], (x) =>
            act({ kind: 'replace', reason: x.reason }, '已换题。'),
          ),
        { id: 'show-replace' },
      ),
      button(
        '更正分数…',
        null,
        '',
        () =>
          askDialog(
            '更正分数',
            [
              { name: 'team', label: '参赛队', options: v.public.teams.map((t) => [String(t.id), t.name]) },
              { name: 'delta', label: '加减分（减分写负数，如 -10）', type: 'number', required: true },
              { name: 'reason', label: '原因', required: true },
            ],
            (x) => act({ kind: 'correct', team: Number(x.team), delta: parseInt(x.delta, 10) || 0, reason: x.reason }, '分数已更正。'),
          ),
        { id: 'show-correct' },
      ),
      button(
        '结束比赛',
        null,
        'btn-danger',
        () => askDialog('结束比赛？结束后大屏显示最终排名，不能再答题。', [], () => act({ kind: 'finish' }, '比赛已结束。')),
        { id: 'show-finish' },
      ),
    );
  }

  function screenCard(s) {
    const base = (hostUrls[0] || (isLocalWindow ? '' : `${location.origin}/`)).replace(/\/$/, '');
    const url = screenToken && base ? `${base}${screenToken.path}` : '';
    const join = base ? `${base}/#/show-join?code=${s.code}` : '';
    return h(
      'section',
      { class: 'card', id: 'show-screen-card' },
      h('h2', {}, '大屏与加入'),
      h(
        'div',
        { class: 'show-codes' },
        h('div', {}, '加入码 ', h('code', { class: 'show-join-code', id: 'show-join-code' }, s.code || '——')),
        join
          ? h('div', {}, '参赛队和观众打开 ', h('span', { class: 'show-url', id: 'show-join-url' }, join), '，输入加入码。')
          : h('p', { class: 'muted small' }, '要让手机和其他电脑加入，请先在“管理 → 设置”里打开局域网主机。'),
        base
          ? h(
              'details',
              { class: 'show-team-links' },
              h('summary', {}, '各队抢答器的地址'),
              h(
                'ul',
                {},
                v.public.teams.map((t) =>
                  h('li', {}, teamTag(t), ` 队伍编号 ${t.id}　`, h('span', { class: 'show-url' }, `${join}&team=${t.id}`)),
                ),
              ),
            )
          : null,
        url ? h('div', {}, '大屏地址（投影电脑的浏览器）：', h('span', { class: 'show-url', id: 'show-screen-url' }, url)) : null,
      ),
      h(
        'div',
        { class: 'show-controls' },
        button(
          '打开大屏',
          null,
          'btn-primary',
          async () => {
            try {
              screenToken = await openScreen(id, said);
              draw();
            } catch (e) {
              mount(err, alertBox('大屏没有打开', e.message));
            }
          },
          { id: 'show-open-screen' },
        ),
        screenToken && isLocalWindow
          ? h('a', { class: 'btn', href: screenToken.path.replace(/^\//, ''), id: 'show-screen-here' }, '本窗口显示大屏')
          : null,
      ),
    );
  }

  function oathCard(s) {
    if (s.state !== 'setup') return null;
    const step = oathStep();
    const n = oathLen();
    const now = step >= 1 ? oathLines[step - 1] : null;
    return h(
      'section',
      { class: 'card', id: 'show-oath-card', dataset: { step: String(step) } },
      h('h2', {}, '集体宣誓'),
      h('p', { class: 'muted small' }, '比赛开始前，大屏可以显示宪法宣誓誓词：领誓人每读一句，按 → 点亮下一句（← 回到上一句）。'),
      h('p', { id: 'oath-now' }, step >= 1 ? `大屏：第 ${step} / ${n} 句 “${now || ''}”` : '大屏现在显示封面和加入码。'),
      h(
        'div',
        { class: 'show-controls' },
        step < 1
          ? button('大屏显示宣誓词', '→', 'btn-primary', () => oath(1), { id: 'oath-open' })
          : [
              button('下一句', '→', 'btn-primary', () => oath(Math.min(n, step + 1)), { id: 'oath-next', disabled: step >= n }),
              button('上一句', '←', '', () => oath(Math.max(1, step - 1)), { id: 'oath-prev', disabled: step <= 1 }),
              button('结束宣誓', null, '', () => oath(0), { id: 'oath-close' }),
            ],
      ),
    );
  }

  function onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey || !v) return;
    if (document.querySelector('dialog[open]')) return;
    const t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
    const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (v.state === 'setup' && (k === 'ArrowRight' || k === 'ArrowLeft')) {
      e.preventDefault();
      oath(Math.max(oathStep() >= 1 ? 1 : 0, Math.min(oathLen(), oathStep() + (k === 'ArrowRight' ? 1 : -1))));
      return;
    }
    if (v.state !== 'running') return;
    const click = (sel) => {
      const b = document.querySelector(sel);
      if (b && !b.disabled) {
        e.preventDefault();
        b.click();
      }
    };
    if (k === ' ' || k === 'Enter') {
      if (t && t.tagName === 'BUTTON' && k === 'Enter') return; // Enter on a focused button presses that button
      click('#show-next');
    } else if (k === 'o') click('#show-open-buzz');
    else if (k === 'r' || k === '1') click('#show-right');
    else if (k === 'w' || k === '2') click('#show-wrong');
    else if (k === 'u') click('#show-undo');
    else if (k === 'b') click('#show-board-btn');
  }

  // Redrawn only when the show changed (so focus and an open menu stay put).
  let seen = '';
  async function refresh() {
    if (stopped) return;
    try {
      const next = await api.showGet(id);
      const mark = `${next.state}:${next.public.version}:${next.devices.length}:${next.devices.filter((d) => d.revoked).length}:${next.public.teams.map((t) => t.devices).join(',')}`;
      if (busy || mark === seen) {
        clk.set(next.public.remaining_ms ?? null);
        return;
      }
      seen = mark;
      v = next;
      draw();
    } catch (e) {
      if (!v) mount(err, alertBox('主持台读取失败', e.message));
    }
  }

  try {
    const st = await api.hostStatus();
    hostUrls = st?.running ? st.urls : [];
  } catch {
    /* the LAN host's address is optional */
  }
  try {
    oathLines = (await api.oathText(id)).lines;
  } catch {
    /* the oath card says 0 phrases */
  }
  await refresh();
  const timer = setInterval(refresh, 500);
  document.addEventListener('keydown', onKey);
  return () => {
    stopped = true;
    clearInterval(timer);
    clk.stop();
    document.removeEventListener('keydown', onKey);
  };
}

// 现场竞答 · 大屏 (#/show-screen?t=…): what the projector shows the hall,
// in any browser or the app's hall window. It only shows what the backend
// pushes (the public view: no key before the host reveals it) and draws one
// screen per phase, readable from the back row: the round's title card,
// the question with the backend's countdown, the team that buzzed first in
// its colour, the reveal with the article and its quote highlighted, the
// audience's answers and fastest correct answers, the scoreboard, the final
// podium, and the oath (集体宣誓). No control is drawn here; F11 toggles
// full screen.

import { api, isLocalWindow } from '../../api.js';
import { h, mount } from '../../dom.js';
import { articleBlock, colourName, countdown, keyLong, kindLabel, optionsOf, standings, teamById, teamTag, viewKey } from './common.js';
import { oathPage } from './oath.js';

function banner(s) {
  return h(
    'header',
    { class: 'hall-banner show-banner' },
    h(
      'div',
      { class: 'hall-unit' },
      h('span', { class: 'hall-seal', 'aria-hidden': 'true' }, '法'),
      h('span', { id: 'show-unit' }, s.unit_name || s.title || '法治知识竞答'),
    ),
    h('div', { class: 'show-code', id: 'show-code' }, s.code ? ['加入码 ', h('strong', {}, s.code)] : null),
    h('div', { class: 'hall-day' }, h('strong', {}, '12·4'), ' 国家宪法日'),
  );
}

function roundLine(s) {
  const r = s.round;
  if (!r) return h('div', { class: 'show-round-line' }, h('span', {}, s.title || ''));
  const item = s.item || {};
  const turn = teamById(s, s.turn_team ?? item.team);
  return h(
    'div',
    { class: 'show-round-line' },
    h('span', { class: 'show-round-name' }, `${r.title || kindLabel(r.kind)}`),
    item.number && r.kind !== 'speed'
      ? h('span', { class: 'show-round-count' }, `第 ${item.number}${r.items ? ` / ${r.items}` : ''} 题`)
      : null,
    turn && r.kind !== 'buzz' ? teamTag(turn, { class: 'show-team-tag show-turn' }) : null,
    item.risk_value ? h('span', { class: 'show-risk-value' }, `分值 ${item.risk_value}`) : null,
  );
}

function ruleText(r) {
  const st = r;
  switch (r.kind) {
    case 'required':
      return `各队轮流答本队的题：答对 +${st.points_right ?? 0} 分，答错不扣分`;
    case 'buzz':
      return `主持人宣布“抢答开始”后抢答，先抢到的队作答：答对 +${st.points_right ?? 0} 分，答错 −${st.points_wrong ?? 0} 分${st.foul_penalty ? `；提前抢答犯规 −${st.foul_penalty} 分` : '；提前抢答为犯规'}`;
    case 'risk':
      return `看题前先选分值（${(st.risk_values || []).join(' / ')}）：答对加上，答错扣除`;
    case 'speed':
      return `每队 ${st.speed_seconds ?? ''} 秒内连续答题，答对一题 +${st.points_right ?? 0} 分`;
    default:
      return '';
  }
}

function titleCard(s) {
  const r = s.round || {};
  return h(
    'section',
    { class: 'show-card show-intro', id: 'show-intro' },
    h('p', { class: 'show-kind' }, kindLabel(r.kind)),
    h('h2', { class: 'show-big-title' }, r.title || kindLabel(r.kind)),
    h('p', { class: 'show-rule' }, ruleText(r)),
  );
}

function pickCard(s) {
  const item = s.item || {};
  const team = teamById(s, s.turn_team ?? item.team);
  const values = s.round?.risk_values || [];
  return h(
    'section',
    { class: 'show-card show-pick', id: 'show-pick' },
    team ? h('p', { class: 'show-who', 'data-colour': colourName(team.colour) }, team.name) : null,
    h('h2', { class: 'show-big-title' }, '请选择本题分值'),
    h(
      'div',
      { class: 'show-values' },
      values.map((v) => h('span', { class: `show-value${item.risk_value === v ? ' on' : ''}` }, v)),
    ),
  );
}

/** The question, its options; `reveal` marks the right ones. */
function questionBlock(s, reveal) {
  const q = s.question || {};
  const rightIds = reveal && Array.isArray(reveal.answer) ? reveal.answer : [];
  const opts = optionsOf(q);
  return h(
    'div',
    { class: 'show-question', id: 'show-question', dataset: { qid: q.id || '' } },
    h('p', { class: 'show-stem', id: 'show-stem' }, q.stem || ''),
    opts.length
      ? h(
          'ol',
          { class: `show-options${opts.length > 4 ? ' many' : ''}` },
          opts.map((o) =>
            h(
              'li',
              {
                class: `show-option${rightIds.includes(o.id) ? ' right' : ''}`,
              },
              q.qtype === 'judge' ? null : h('span', { class: 'show-letter' }, o.label),
              h('span', { class: 'show-option-text' }, o.text),
              rightIds.includes(o.id) ? h('span', { class: 'show-right-mark' }, '✓ 正确答案') : null,
            ),
          ),
        )
      : null,
  );
}

/** Who buzzed (the first in its colour), or the turn team, and the verdict. */
function whoBlock(s) {
  const buzzes = Array.isArray(s.buzzes) ? s.buzzes : [];
  const turn = teamById(s, s.turn_team ?? s.item?.team);
  const first = buzzes.length ? teamById(s, buzzes[0].team) : null;
  const who = s.phase === 'open' ? null : first || turn;
  const verdict = s.judgment;
  const fouls = [...new Set((Array.isArray(s.fouls) ? s.fouls : []).map((f) => f.team))].map((id) => teamById(s, id)).filter(Boolean);
  return h(
    'div',
    { class: 'show-side' },
    s.phase === 'open' ? h('p', { class: 'show-open', id: 'show-open' }, '抢答开始！') : null,
    who
      ? h(
          'div',
          { class: 'show-buzzed', id: 'show-buzzed', 'data-colour': colourName(who.colour), dataset: { team: String(who.id) } },
          h('span', { class: 'show-buzzed-label' }, first && who === first ? '抢到答题权' : '答题'),
          h('span', { class: 'show-buzzed-name' }, who.name),
        )
      : null,
    verdict && verdict.right !== undefined
      ? h(
          'p',
          { class: `show-verdict ${verdict.right ? 'right' : 'wrong'}`, id: 'show-verdict' },
          verdict.right ? '✓ 回答正确' : '✗ 回答错误',
        )
      : null,
    fouls.length ? h('p', { class: 'show-foul', id: 'show-foul' }, `犯规：${fouls.map((t) => t.name).join('、')}`) : null,
  );
}

function distribution(s) {
  const aud = s.audience || {};
  const d = aud.distribution;
  if (!d) return null;
  const q = s.question || {};
  const opts = optionsOf(q);
  const counts = Object.fromEntries(d.map((x) => [x.option, x.count]));
  const total = aud.answered || d.reduce((a, x) => a + x.count, 0);
  if (!total) return h('div', { class: 'show-dist', id: 'show-dist' }, h('p', { class: 'show-dist-title' }, '观众作答：本题无人作答'));
  const rightIds = s.reveal && Array.isArray(s.reveal.answer) ? s.reveal.answer : [];
  return h(
    'div',
    { class: 'show-dist', id: 'show-dist' },
    h('p', { class: 'show-dist-title' }, `观众作答 ${total} 人`),
    opts.map((o) => {
      const n = Number(counts[o.id] || 0);
      const bar = h('span', { class: 'show-bar-fill' });
      bar.style.width = `${Math.round((n / total) * 100)}%`;
      return h(
        'div',
        { class: `show-bar${rightIds.includes(o.id) ? ' right' : ''}` },
        h('span', { class: 'show-bar-label' }, o.label),
        h('span', { class: 'show-bar-track' }, bar),
        h('span', { class: 'show-bar-n' }, `${Math.round((n / total) * 100)}%`),
      );
    }),
    Array.isArray(aud.fastest) && aud.fastest.length
      ? h(
          'div',
          { class: 'show-fastest', id: 'show-fastest' },
          h('p', { class: 'show-dist-title' }, '最快答对'),
          h(
            'ol',
            {},
            aud.fastest
              .slice(0, 3)
              .map((f) => h('li', {}, h('span', {}, f.name), h('span', { class: 'num' }, `${(f.ms / 1000).toFixed(1)} 秒`))),
          ),
        )
      : null,
  );
}

function revealCard(s) {
  const r = s.reveal || {};
  const q = s.question || {};
  return h(
    'section',
    { class: 'show-card show-reveal', id: 'show-reveal' },
    h(
      'div',
      { class: 'show-reveal-main' },
      h('p', { class: 'show-stem small' }, q.stem || ''),
      h('p', { class: 'show-key', id: 'show-key' }, '正确答案：', h('strong', {}, keyLong(q, r))),
      articleBlock(r.article),
    ),
    distribution(s),
  );
}

function scoreboard(s) {
  const list = standings(s.teams);
  const top = Math.max(1, ...list.map((t) => Math.abs(t.score)));
  return h(
    'section',
    { class: 'show-card show-board', id: 'show-board' },
    h('h2', { class: 'show-board-title' }, '比分'),
    h(
      'ol',
      { class: 'show-board-list', dataset: { count: String(list.length) } },
      list.map((t) => {
        const bar = h('span', { class: 'show-bar-fill' });
        bar.style.width = `${Math.max(0, Math.round((t.score / top) * 100))}%`;
        return h(
          'li',
          { class: 'show-board-row', 'data-colour': colourName(t.colour), dataset: { team: String(t.id) } },
          h('span', { class: 'rank' }, t.rank),
          h('span', { class: 'name' }, t.name),
          h('span', { class: 'show-bar-track' }, bar),
          h('span', { class: 'score num' }, t.score),
        );
      }),
    ),
  );
}

function podium(s) {
  const list = Array.isArray(s.podium) ? s.podium.map((p) => ({ ...p.team, rank: p.place })) : standings(s.teams);
  const at = (n) => list.filter((t) => t.rank === n);
  // Ties share a place: names joined on one step.
  const place = (n) => {
    const ts = at(n);
    return ts.length ? { ...ts[0], names: ts.map((t) => t.name) } : null;
  };
  const places = [place(2), place(1), place(3)];
  const steps = [
    ['second', '第二名'],
    ['first', '冠军'],
    ['third', '第三名'],
  ];
  const aud = s.audience && Array.isArray(s.audience.top) ? s.audience.top.filter((a) => a.correct > 0).slice(0, 3) : [];
  return h(
    'section',
    { class: 'show-card show-podium', id: 'show-podium' },
    h('h2', { class: 'show-big-title' }, '最终排名'),
    h(
      'div',
      { class: 'show-podium-steps' },
      places.map((t, i) =>
        t
          ? h(
              'div',
              {
                class: `show-step ${steps[i][0]}`,
                'data-colour': colourName(t.colour),
              },
              h(
                'span',
                { class: 'show-step-name' },
                t.names.map((n, k) => [k ? '、' : null, h('span', { class: 'nowrap' }, n)]),
              ),
              h('span', { class: 'show-step-score' }, `${t.score} 分`),
              h('span', { class: 'show-step-block' }, steps[i][1]),
            )
          : h('div', { class: `show-step ${steps[i][0]} empty` }),
      ),
    ),
    aud.length
      ? h(
          'p',
          { class: 'show-aud-winners', id: 'show-aud-winners' },
          '观众答题前三名：',
          aud.map((a, i) => h('span', {}, `${i ? '、' : ''}${a.name}（答对 ${a.correct} 题）`)),
        )
      : null,
  );
}

function scoreStrip(s) {
  const teams = Array.isArray(s.teams) ? s.teams : [];
  return h(
    'footer',
    { class: 'show-strip', dataset: { count: String(teams.length) } },
    teams.map((t) =>
      h(
        'span',
        {
          class: 'show-strip-team',
          'data-colour': colourName(t.colour),
        },
        h('span', { class: 'name' }, t.name),
        h('span', { class: 'score' }, t.score),
      ),
    ),
  );
}

function waiting(s) {
  return h(
    'section',
    { class: 'show-card show-intro' },
    h('h2', { class: 'show-big-title' }, s.title || '现场竞答'),
    h('p', { class: 'show-rule' }, s.state === 'finished' ? '竞答已结束' : '即将开始'),
    s.code
      ? h(
          'p',
          { class: 'show-join-hint', id: 'show-join-hint' },
          `观众请用手机或电脑打开主机地址，点“现场竞答：参赛队或观众加入”，输入加入码 ${s.code}`,
        )
      : null,
  );
}

/** The screen for state `s`: [page kind, body]. */
export function screenFor(s, clockEl, oath) {
  if (oathShown(s) && oath) return ['oath', oathPage({ ...oath, step: s.oath_step })];
  if (s.state === 'finished' || s.phase === 'podium') return ['podium', podium(s)];
  switch (s.phase) {
    case 'intro':
      return ['intro', titleCard(s)];
    case 'pick':
      return ['pick', pickCard(s)];
    case 'question':
    case 'open':
    case 'answering':
    case 'judged':
    case 'speed':
      return [
        'question',
        h(
          'section',
          { class: 'show-card show-q' },
          h('div', { class: 'show-q-main' }, questionBlock(s, null)),
          h('div', { class: 'show-q-side' }, clockEl, whoBlock(s)),
        ),
      ];
    case 'reveal':
      return ['reveal', revealCard(s)];
    case 'scoreboard':
      return ['scoreboard', scoreboard(s)];
    default:
      return ['waiting', waiting(s)];
  }
}

/**
 * Whether the big screen shows the oath: before the show starts (the
 * 12·4 event opens with it) once the host has lit its first phrase.
 */
export const oathShown = (s) => s.state === 'setup' && (s.oath_step || 0) >= 1;

/** Fills `box` with the screen for state `s` (its kind in data-page). */
export function drawScreen(box, s, clockEl, oath) {
  const [kind, body] = screenFor(s, clockEl, oath);
  box.dataset.page = kind;
  box.dataset.phase = s.phase || '';
  const strip = ['question', 'pick', 'reveal'].includes(kind) ? scoreStrip(s) : null;
  mount(
    box,
    banner(s),
    ['oath', 'podium', 'waiting'].includes(kind) ? null : roundLine(s),
    h('div', { class: 'hall-body show-body' }, body),
    strip,
  );
  fitQuestion(box);
  // Again once the fonts are in and the frame is laid out (a CJK font that
  // arrives late is wider than the fallback measured first).
  requestAnimationFrame(() => fitQuestion(box));
  if (document.fonts?.ready) document.fonts.ready.then(() => fitQuestion(box));
}

/**
 * A long question (stem and options) is set smaller until it fits the
 * screen's height, never under 60% of its size; the scale is a CSS variable
 * set through the CSSOM (the host's pages allow no inline style markup).
 */
export function fitQuestion(box) {
  const main = box.querySelector('.show-q-main');
  if (!main) return;
  let scale = 1;
  main.style.setProperty('--q-scale', '1');
  while (scale > 0.6 && main.scrollHeight > main.clientHeight + 1) {
    scale -= 0.05;
    main.style.setProperty('--q-scale', scale.toFixed(2));
  }
}

export async function renderShowScreen(root, token) {
  const html = document.documentElement;
  html.classList.add('big-screen', 'show-screen');
  const box = h('div', { class: 'hall show-hall', id: 'show-screen' });
  const clk = countdown('show-clock');
  mount(root, box);
  let last = null;

  let oath = null;
  let drawn = '';
  function draw(s) {
    last = s;
    clk.set(s.remaining_ms ?? null);
    if (oathShown(s) && !oath) {
      api
        .oathText(s.show_id)
        .then((o) => {
          oath = o;
          drawn = '';
          if (last) draw(last);
        })
        .catch(() => {});
    }
    const key = viewKey(s, !!oath);
    if (key === drawn) return;
    drawn = key;
    drawScreen(box, s, clk.el, oath);
  }

  if (!token) {
    mount(
      box,
      banner({}),
      h(
        'div',
        { class: 'hall-body' },
        h('p', { class: 'hall-label' }, '这个大屏地址不完整：请在管理员的“现场竞答”主持台点“打开大屏”，或复制那里显示的大屏地址。'),
      ),
    );
    return () => html.classList.remove('big-screen', 'show-screen');
  }

  const sub = api.showSubscribe(token, draw, (status, e) => {
    if (status === 'error' && !last) {
      mount(
        box,
        banner({}),
        h('div', { class: 'hall-body' }, h('p', { class: 'hall-label' }, e ? e.message : '大屏暂时无法显示，请在管理员电脑上检查。')),
      );
    }
    box.dataset.conn = status;
  });

  function onKey(e) {
    if (e.key === 'F11') {
      e.preventDefault();
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
      else html.requestFullscreen().catch(() => {});
    } else if (e.key === 'Escape') {
      // Leaves full screen; in the organizer's own window, back to the console.
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
      else if (isLocalWindow) history.back();
    }
  }
  const refit = () => fitQuestion(box);
  document.addEventListener('keydown', onKey);
  window.addEventListener('resize', refit);
  return () => {
    window.removeEventListener('resize', refit);
    sub.close();
    clk.stop();
    document.removeEventListener('keydown', onKey);
    html.classList.remove('big-screen', 'show-screen');
  };
}

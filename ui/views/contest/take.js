// 答题: taking a contest, in exam mode: the header holds only the name, the
// countdown and 交卷 (no way to wander off). The countdown shows the time
// the backend reports (re-synced with every saved answer); the page only
// displays it — amber in the last 5 minutes, red in the last minute — and
// the backend refuses late answers and hands the paper in at the deadline.
// Every answer is saved the moment it is given ("已保存"); a grid shows
// answered (filled, ✓) / unanswered / marked (★); 交卷 confirms with the
// count of unanswered and marked questions.

import { trackStudy } from '../../activity.js';
import { api } from '../../api.js';
import { alertBox, h, mount } from '../../dom.js';
import { fontSizeSwitch } from '../../prefs.js';

const LETTERS = 'ABCDEF';
const WARN_MS = 5 * 60 * 1000;
const URGENT_MS = 60 * 1000;

function clockText(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export async function renderTake(root, attemptId) {
  mount(root, h('p', { class: 'loading' }, '正在加载答卷…'));
  let view;
  try {
    view = await api.attempt(attemptId);
  } catch (e) {
    mount(root, alertBox('答卷加载失败', e.message), h('a', { class: 'btn', href: '#/' }, '返回首页'));
    return null;
  }
  if (view.state !== 'open') {
    location.hash = `#/result/${attemptId}`;
    return null;
  }
  const stopTracking = trackStudy('contest');
  const answers = new Map(view.answers.map((a) => [a.position, a.response]));
  // The version of each position's answer: one more per new answer, from
  // what the host has stored (a reloaded page carries on from there).
  const seqs = new Map(view.answers.map((a) => [a.position, a.seq || 0]));
  const marked = new Set(view.marked);
  let current = 0;
  let deadlineAt = performance.now() + view.remaining_ms;
  let finished = false;

  const clockTime = h('span', { class: 'countdown-time' });
  const clock = h(
    'div',
    { class: 'countdown', id: 'countdown', role: 'timer', 'aria-live': 'off' },
    h('span', { class: 'countdown-label' }, '剩余 '),
    clockTime,
  );
  const phaseNote = h('span', { class: 'visually-hidden', 'aria-live': 'assertive' });
  const saveState = h('span', { class: 'save-state', id: 'save-state', 'aria-live': 'polite' });
  const grid = h('nav', { class: 'qgrid', 'aria-label': '题号' });
  const panel = h('section', { class: 'card take-panel' });
  const err = h('div', {});

  let phase = '';
  function tick() {
    const left = deadlineAt - performance.now();
    clockTime.textContent = clockText(left);
    const now = left < URGENT_MS ? 'urgent' : left < WARN_MS ? 'warn' : 'normal';
    if (now !== phase) {
      phase = now;
      clock.dataset.phase = now;
      clock.classList.toggle('warn', now === 'warn');
      clock.classList.toggle('urgent', now === 'urgent');
      phaseNote.textContent = now === 'warn' ? '剩余时间不到 5 分钟' : now === 'urgent' ? '剩余时间不到 1 分钟' : '';
    }
    if (left <= 0 && !finished) finish();
  }
  const timer = setInterval(tick, 250);

  function drawGrid() {
    mount(
      grid,
      view.items.map((it) =>
        h(
          'button',
          {
            type: 'button',
            class: `qcell${answers.has(it.position) ? ' answered' : ''}${marked.has(it.position) ? ' marked' : ''}${it.position === current ? ' current' : ''}`,
            'aria-label': `第 ${it.position + 1} 题${answers.has(it.position) ? '，已答' : '，未答'}${marked.has(it.position) ? '，已标记' : ''}`,
            'aria-current': it.position === current ? 'step' : false,
            dataset: { position: it.position },
            onclick: () => show(it.position),
          },
          answers.has(it.position) ? h('span', { class: 'qcell-check', 'aria-hidden': 'true' }, '✓') : null,
          String(it.position + 1),
        ),
      ),
    );
  }

  async function save(position, response) {
    answers.set(position, response);
    const seq = (seqs.get(position) || 0) + 1;
    seqs.set(position, seq);
    drawGrid();
    saveState.textContent = '正在保存…';
    saveState.className = 'save-state';
    for (let tries = 0; tries < 5; tries += 1) {
      try {
        const ack = await api.contestAnswer(view.attempt_id, position, response, seq);
        deadlineAt = performance.now() + ack.remaining_ms;
        saveState.textContent = '✓ 已保存';
        saveState.className = 'save-state saved';
        return;
      } catch (e) {
        if (e.code === 'forbidden') {
          saveState.textContent = e.message;
          finish();
          return;
        }
        saveState.textContent = '保存失败，正在重试…';
        saveState.className = 'save-state failed';
        await new Promise((r) => setTimeout(r, 500 * (tries + 1)));
      }
    }
    mount(err, alertBox('答案没有保存', '请检查后重新选择一次。'));
  }

  function show(position) {
    current = position;
    const it = view.items[position];
    const resp = answers.get(position);
    const multi = it.qtype === 'multi';
    const opts =
      it.qtype === 'judge'
        ? [
            { id: true, text: '对' },
            { id: false, text: '错' },
          ]
        : it.options;
    const chosen = new Set(resp ? (resp.kind === 'choice' ? resp.keys : resp.kind === 'judge' ? [resp.value] : []) : []);
    let fill = null;
    const buttons = opts.map((o, i) =>
      h(
        'button',
        {
          type: 'button',
          class: 'option',
          role: multi ? 'checkbox' : 'radio',
          'aria-checked': String(chosen.has(o.id)),
          dataset: { key: String(o.id) },
          onclick: () => pick(i),
        },
        h('span', { class: 'letter', 'aria-hidden': 'true' }, LETTERS[i]),
        h('span', { class: 'text' }, o.text),
      ),
    );
    function pick(i) {
      const id = opts[i].id;
      if (multi) {
        if (chosen.has(id)) chosen.delete(id);
        else chosen.add(id);
      } else {
        chosen.clear();
        chosen.add(id);
      }
      buttons.forEach((b, j) => {
        b.setAttribute('aria-checked', String(chosen.has(opts[j].id)));
      });
      if (it.qtype === 'judge') save(position, { kind: 'judge', value: id });
      else save(position, { kind: 'choice', keys: [...chosen] });
    }
    if (it.qtype === 'fill') {
      fill = h('input', {
        class: 'fill-input',
        type: 'text',
        'aria-label': '填写答案',
        value: resp && resp.kind === 'fill' ? resp.text : '',
        placeholder: '在此填写答案，按 Enter 保存',
      });
      fill.addEventListener('change', () => save(position, { kind: 'fill', text: fill.value }));
    }
    const markBtn = h(
      'button',
      {
        type: 'button',
        class: 'btn',
        id: 'mark',
        'aria-pressed': String(marked.has(position)),
        onclick: async () => {
          const on = !marked.has(position);
          if (on) marked.add(position);
          else marked.delete(position);
          markBtn.setAttribute('aria-pressed', String(on));
          markBtn.textContent = on ? '★ 已标记' : '☆ 标记此题';
          drawGrid();
          try {
            await api.contestMark(view.attempt_id, position, on);
          } catch {
            /* a mark is only a reminder */
          }
        },
      },
      marked.has(position) ? '★ 已标记' : '☆ 标记此题',
    );
    mount(
      panel,
      h(
        'div',
        { class: 'tags' },
        h('span', { class: 'tag tag-type' }, `第 ${position + 1} / ${view.items.length} 题 · ${it.qtype_name}题`),
        h('span', { class: 'tag' }, `${it.points} 分`),
      ),
      h('h1', { class: 'stem', id: 'stem', dataset: { position } }, it.stem),
      fill || h('div', { class: 'options', role: multi ? 'group' : 'radiogroup', 'aria-labelledby': 'stem' }, buttons),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'btn', id: 'prev', disabled: position === 0, onclick: () => show(position - 1) }, '← 上一题'),
        markBtn,
        position + 1 < view.items.length
          ? h(
              'button',
              { type: 'button', class: 'btn btn-primary', id: 'next', onclick: () => show(position + 1) },
              '下一题 →',
              h('kbd', {}, 'Enter'),
            )
          : h('button', { type: 'button', class: 'btn btn-primary', onclick: confirmSubmit }, '交卷'),
      ),
    );
    panel.onkey = (e) => {
      if (fill && e.target === fill) {
        if (e.key === 'Enter') {
          e.preventDefault();
          save(position, { kind: 'fill', text: fill.value });
          if (position + 1 < view.items.length) show(position + 1);
        }
        return;
      }
      const k = e.key.toUpperCase();
      let i = -1;
      if (/^[1-6]$/.test(k)) i = Number(k) - 1;
      else if (k.length === 1 && LETTERS.includes(k)) i = LETTERS.indexOf(k);
      if (i >= 0 && i < buttons.length) {
        e.preventDefault();
        pick(i);
        return;
      }
      if (e.key === 'Enter' && position + 1 < view.items.length) {
        e.preventDefault();
        show(position + 1);
      }
      if (e.key === 'ArrowLeft' && position > 0) show(position - 1);
      if (e.key === 'ArrowRight' && position + 1 < view.items.length) show(position + 1);
    };
    drawGrid();
    if (fill) fill.focus();
  }

  function onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey || document.querySelector('dialog[open]')) return;
    if (panel.onkey) panel.onkey(e);
  }

  const dialog = h('dialog', { class: 'dialog', id: 'submit-dialog' });
  function confirmSubmit() {
    const missing = view.items.filter((it) => !answers.has(it.position)).map((it) => it.position + 1);
    const flagged = view.items.filter((it) => marked.has(it.position)).map((it) => it.position + 1);
    const list = (ns) => (ns.length > 12 ? `第 ${ns.slice(0, 12).join('、')} 题等` : `第 ${ns.join('、')} 题`);
    mount(
      dialog,
      h('h2', {}, '确认交卷'),
      h(
        'ul',
        { class: 'submit-summary' },
        h(
          'li',
          { id: 'submit-unanswered', class: missing.length ? 'warn' : '' },
          missing.length ? `还有 ${missing.length} 题没有作答：${list(missing)}。` : '全部题目都已作答。',
        ),
        h(
          'li',
          { id: 'submit-marked', class: flagged.length ? 'warn' : '' },
          flagged.length ? `有 ${flagged.length} 题标记了要再检查：${list(flagged)}。` : '没有标记要再检查的题。',
        ),
      ),
      h('p', {}, '交卷后不能再修改。'),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'btn', onclick: () => dialog.close() }, '继续答题'),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-primary',
            id: 'confirm-submit',
            onclick: () => {
              dialog.close();
              finish();
            },
          },
          '确认交卷',
        ),
      ),
    );
    dialog.showModal();
  }

  async function finish() {
    if (finished) return;
    finished = true;
    clearInterval(timer);
    try {
      await api.submitAttempt(view.attempt_id);
    } catch {
      /* the backend finalises at the deadline anyway */
    }
    location.hash = `#/result/${view.attempt_id}`;
  }

  const submitBtn = h(
    'button',
    { type: 'button', class: 'btn btn-primary btn-submit', id: 'submit-attempt', onclick: confirmSubmit },
    '交卷',
  );
  // Exam mode: the timer and 交卷 go in the header's slot (main.js renders
  // it for this route); without the slot they stay on the page.
  const slot = document.getElementById('exam-bar');
  const head = h(
    'div',
    { class: 'take-head' },
    h('div', { class: 'take-title-box' }, h('div', { class: 'take-title' }, view.title), saveState),
    slot ? null : clock,
    slot ? null : submitBtn,
  );
  if (slot) {
    mount(slot, clock, submitBtn);
    window.dispatchEvent(new Event('lawquiz:header'));
  }
  mount(
    root,
    head,
    phaseNote,
    err,
    h(
      'div',
      { class: 'take' },
      panel,
      h(
        'aside',
        { class: 'card take-side', 'aria-label': '题号' },
        h('h2', { class: 'take-side-title' }, '题号'),
        h(
          'p',
          { class: 'qlegend' },
          h('span', {}, h('span', { class: 'qcell answered legend-cell', 'aria-hidden': 'true' }, '✓'), ' 已答'),
          h('span', {}, h('span', { class: 'qcell legend-cell', 'aria-hidden': 'true' }), ' 未答'),
          h('span', {}, h('span', { class: 'legend-star', 'aria-hidden': 'true' }, '★'), ' 已标记'),
        ),
        grid,
        fontSizeSwitch(),
      ),
    ),
    dialog,
  );
  tick();
  const firstOpen = view.items.find((it) => !answers.has(it.position));
  show(firstOpen ? firstOpen.position : 0);
  document.addEventListener('keydown', onKey);
  return () => {
    clearInterval(timer);
    document.removeEventListener('keydown', onKey);
    stopTracking();
  };
}

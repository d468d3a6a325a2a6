// 练习: one question per screen. Pick with the mouse or the keys 1-6 / A-F
// (多选 toggles), Enter submits; the backend grades and returns the key, the
// 解析 and the cited article with the quote highlighted; Enter goes on.

import { api } from '../api.js';
import { h, mount, progressBar, alertBox } from '../dom.js';
import { articleCard } from './article.js';

const LETTERS = 'ABCDEF';
const POS_KEY = (subject) => `lawquiz.practice.${subject}`;

/** Where practice of `subject` should continue (0-based). */
export function lastPosition(subject) {
  try { return Math.max(0, parseInt(localStorage.getItem(POS_KEY(subject)), 10) || 0); } catch { return 0; }
}

function savePosition(subject, position) {
  try { localStorage.setItem(POS_KEY(subject), String(position)); } catch { /* ignore */ }
}

function goTo(subject, position) {
  location.hash = `#/practice/${encodeURIComponent(subject)}/${position + 1}`;
}

/** Options as the screen shows them; 判断 gets 对 / 错. */
function displayOptions(q) {
  if (q.qtype === 'judge') {
    return [{ key: 'true', text: '对（正确）', value: true }, { key: 'false', text: '错（错误）', value: false }];
  }
  return q.options.map((o) => ({ key: String(o.id), text: o.text, value: o.id }));
}

function solutionText(q, solution, shown) {
  if (solution.kind === 'choice') {
    const letters = shown.map((o, i) => (solution.keys.includes(o.value) ? LETTERS[i] : null)).filter(Boolean);
    return `正确答案：${letters.join('、')}`;
  }
  if (solution.kind === 'judge') return `正确答案：${solution.value ? '对' : '错'}`;
  const more = solution.accepted.length ? `（也可填：${solution.accepted.join('、')}）` : '';
  return `正确答案：${solution.answer}${more}`;
}

export async function renderPractice(root, { subject, position }) {
  mount(root, h('p', { class: 'loading' }, '正在加载题目…'));
  let q;
  try {
    q = await api.practiceNext(subject, position);
  } catch (e) {
    if (e.code === 'not_found' && position > 0) {
      savePosition(subject, 0);
      mount(root, h('section', { class: 'card done-card' },
        h('div', { class: 'big', 'aria-hidden': 'true' }, '✓'),
        h('h1', {}, `${subject}的题目已全部练完`),
        h('p', { class: 'muted' }, '可以回到首页再练一遍，或换一部法律继续。'),
        h('a', { class: 'btn btn-primary', href: '#/' }, '返回首页')));
      return null;
    }
    mount(root, alertBox('题目加载失败', e.message), h('a', { class: 'btn', href: '#/' }, '返回首页'));
    return null;
  }

  const shown = displayOptions(q);
  const isMulti = q.qtype === 'multi';
  const selected = new Set();
  let graded = false;
  let busy = false;

  const optionButtons = shown.map((o, i) => h('button', {
    type: 'button', class: 'option', role: isMulti ? 'checkbox' : 'radio', 'aria-checked': 'false',
    dataset: { key: o.key, letter: LETTERS[i] },
    onclick: () => toggle(i),
  }, h('span', { class: 'letter', 'aria-hidden': 'true' }, LETTERS[i]), h('span', { class: 'text' }, o.text),
  h('span', { class: 'verdict' })));

  const fillInput = q.qtype === 'fill'
    ? h('input', { class: 'fill-input', type: 'text', 'aria-label': '填写答案', placeholder: '在此填写答案，按 Enter 提交',
      autocomplete: 'off', oninput: () => updateSubmit() })
    : null;

  const submitBtn = h('button', { type: 'button', class: 'btn btn-primary', id: 'submit', disabled: true, onclick: () => submit() },
    '提交答案', h('kbd', {}, 'Enter'));
  const feedbackBox = h('div', { id: 'feedback', 'aria-live': 'polite' });
  const errorBox = h('div', {});

  function toggle(i) {
    if (graded || busy) return;
    if (!isMulti) selected.clear();
    if (selected.has(i)) selected.delete(i); else selected.add(i);
    optionButtons.forEach((b, j) => b.setAttribute('aria-checked', String(selected.has(j))));
    updateSubmit();
  }

  function updateSubmit() {
    const ready = q.qtype === 'fill' ? fillInput.value.trim().length > 0 : selected.size > 0;
    submitBtn.disabled = !ready || graded || busy;
  }

  function response() {
    if (q.qtype === 'fill') return { kind: 'fill', text: fillInput.value };
    if (q.qtype === 'judge') return { kind: 'judge', value: shown[[...selected][0]].value };
    return { kind: 'choice', keys: [...selected].map((i) => shown[i].value) };
  }

  async function submit() {
    if (graded || busy || submitBtn.disabled) return;
    busy = true;
    submitBtn.disabled = true;
    let fb;
    try {
      fb = await api.practiceAnswer(q.id, response());
    } catch (e) {
      busy = false;
      updateSubmit();
      mount(errorBox, alertBox('提交失败', e.message));
      return;
    }
    busy = false;
    graded = true;
    mount(errorBox);
    savePosition(subject, position + 1 < q.total ? position + 1 : 0);
    showFeedback(fb);
  }

  function showFeedback(fb) {
    optionButtons.forEach((b, i) => {
      b.disabled = true;
      const o = shown[i];
      const right = fb.solution.kind === 'choice' ? fb.solution.keys.includes(o.value)
        : fb.solution.kind === 'judge' ? fb.solution.value === o.value : false;
      const verdict = b.querySelector('.verdict');
      if (right) { b.classList.add('is-right'); verdict.textContent = '✓ 正确答案'; }
      else if (selected.has(i)) { b.classList.add('is-wrong'); verdict.textContent = '✗ 您的选择'; }
    });
    if (fillInput) fillInput.disabled = true;
    const headline = fb.verdict === 'Right' ? '✓ 回答正确' : fb.verdict === 'Partial' ? '✗ 答案不完整' : '✗ 回答错误';
    const last = position + 1 >= q.total;
    const nextBtn = h('button', { type: 'button', class: 'btn btn-primary', id: 'next', onclick: () => next() },
      last ? '完成练习' : '下一题', h('kbd', {}, 'Enter'));
    mount(feedbackBox,
      h('div', { class: `result ${fb.correct ? 'right' : 'wrong'}`, role: 'status' },
        h('div', { class: 'headline' }, headline),
        fb.correct ? null : h('div', { class: 'key' }, solutionText(q, fb.solution, shown))),
      h('section', { class: 'explanation' }, h('h3', {}, '解析'), h('p', {}, fb.explanation)),
      fb.article ? h('div', {}, h('h3', { class: 'muted small' }, '法条依据'), articleCard(fb.article)) : null,
      h('div', { class: 'actions' }, h('span', { class: 'hint' }, '按 Enter 进入下一题'), nextBtn));
    submitRow.hidden = true;
    nextBtn.focus({ preventScroll: true });
    feedbackBox.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  function next() {
    if (position + 1 >= q.total) {
      savePosition(subject, 0);
      location.hash = '#/';
    } else {
      goTo(subject, position + 1);
    }
  }

  function onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const typing = e.target === fillInput;
    if (e.key === 'Enter') {
      if (graded) { e.preventDefault(); next(); } else if (!submitBtn.disabled) { e.preventDefault(); submit(); }
      return;
    }
    if (e.key === 'Escape') { location.hash = '#/'; return; }
    if (typing || graded) return;
    const k = e.key.toUpperCase();
    let i = -1;
    if (/^[1-6]$/.test(k)) i = Number(k) - 1;
    else if (LETTERS.includes(k) && k.length === 1) i = LETTERS.indexOf(k);
    if (i >= 0 && i < optionButtons.length) { e.preventDefault(); toggle(i); }
  }

  const submitRow = h('div', { class: 'actions' }, h('span', { class: 'hint' }, typeHint()), submitBtn);
  function typeHint() {
    return q.qtype === 'multi' ? '多选：可选多项，按 1-6 或 A-F 选择，Enter 提交'
      : q.qtype === 'fill' ? '填空：输入答案后按 Enter 提交' : '按 1-4 或 A-D 选择，Enter 提交';
  }
  mount(root,
    h('div', { class: 'practice-top' },
      h('a', { class: 'btn btn-link', href: '#/' }, '← 返回首页'),
      h('span', { class: 'counter' }, `${q.subject} · 第 ${q.position + 1} / ${q.total} 题`)),
    h('div', { class: 'practice-progress' }, progressBar((q.position + 1) / q.total, '练习进度')),
    h('article', { class: 'card question', dataset: { qid: q.id, qtype: q.qtype } },
      h('div', { class: 'tags' },
        h('span', { class: 'tag tag-type' }, `${q.qtype_name}题`),
        q.location.length ? h('span', { class: 'tag' }, q.location.join(' · ')) : null,
        h('span', { class: 'tag' }, `难度 ${'★'.repeat(q.difficulty)}${'☆'.repeat(3 - q.difficulty)}`)),
      h('h1', { class: 'stem', id: 'stem' }, q.stem),
      fillInput || h('div', { class: 'options', role: isMulti ? 'group' : 'radiogroup', 'aria-labelledby': 'stem' }, optionButtons),
      errorBox,
      submitRow,
      feedbackBox));
  document.addEventListener('keydown', onKey);
  if (fillInput) fillInput.focus();
  return () => document.removeEventListener('keydown', onKey);
}

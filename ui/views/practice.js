// 练习: one question per screen from the current practice run (a list of
// question ids the backend chose by scope, order and filter). Pick with the
// mouse or the keys 1-6 / A-F (多选 toggles), Enter submits; the backend
// grades and returns the key, the 解析 and the cited article with the quote
// highlighted; Enter goes on.

import { trackStudy } from '../activity.js';
import { api } from '../api.js';
import { h, mount, progressBar, refusedBox } from '../dom.js';
import { articleCard } from './article.js';

const LETTERS = 'ABCDEF';
const SET_KEY = 'lawquiz.practiceSet';

function loadSet() {
  try {
    return JSON.parse(sessionStorage.getItem(SET_KEY) || 'null');
  } catch {
    return null;
  }
}

function saveSet(set) {
  sessionStorage.setItem(SET_KEY, JSON.stringify(set));
}

/** Starts a practice run ({title, ids}) at its first question. */
export function startSet(set, back = location.hash || '#/') {
  saveSet({ title: set.title, ids: set.ids, index: 0, right: 0, answered: 0, back });
  if (location.hash === '#/practice') window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = '#/practice';
}

/** Options as the screen shows them; 判断 gets 对 / 错. */
function displayOptions(q) {
  if (q.qtype === 'judge') {
    return [
      { key: 'true', text: '对', value: true },
      { key: 'false', text: '错', value: false },
    ];
  }
  return q.options.map((o) => ({ key: String(o.id), text: o.text, value: o.id }));
}

/** "A：text" for each display position in `indices` (letters follow the
 * displayed order), joined with "；". */
function lettered(shown, indices) {
  return indices.map((i) => `${LETTERS[i]}：${shown[i].text}`).join('；');
}

/** The key as the person saw it: 正确答案 C：<option text>. */
export function solutionText(_q, solution, shown) {
  if (solution.kind === 'choice') {
    const idx = shown.map((o, i) => (solution.keys.includes(o.value) ? i : -1)).filter((i) => i >= 0);
    return `正确答案 ${lettered(shown, idx)}`;
  }
  if (solution.kind === 'judge') return `正确答案：${solution.value ? '对' : '错'}`;
  const more = solution.accepted.length ? `（也可填：${solution.accepted.join('、')}）` : '';
  return `正确答案：${solution.answer}${more}`;
}

/** What the person answered: 您选 A：<option text>, or 您填：…. */
export function choiceText(q, selected, shown, filled) {
  if (q.qtype === 'fill') return `您填：${filled.trim() || '（空）'}`;
  const idx = [...selected].sort((a, b) => a - b);
  if (q.qtype === 'judge') return `您选：${idx.length ? (shown[idx[0]].value ? '对' : '错') : '（未选）'}`;
  return `您选 ${lettered(shown, idx)}`;
}

function finished(root, set) {
  sessionStorage.removeItem(SET_KEY);
  mount(
    root,
    h(
      'section',
      { class: 'card done-card' },
      h('div', { class: 'big', 'aria-hidden': 'true' }, '✓'),
      h('h1', {}, '本组练习完成'),
      h('p', {}, `${set.title}：共答 ${set.answered} 题，答对 ${set.right} 题。`),
      h('p', { class: 'muted' }, '答错的题已收进错题本，可以在首页练习错题。'),
      h(
        'div',
        { class: 'actions-center' },
        h('a', { class: 'btn', href: set.back || '#/' }, '返回'),
        h('a', { class: 'btn btn-primary', href: '#/' }, '返回首页'),
      ),
    ),
  );
}

export async function renderPractice(root) {
  const set = loadSet();
  if (!set?.ids.length) {
    mount(
      root,
      h(
        'section',
        { class: 'card' },
        h('h1', {}, '还没有选择练习范围'),
        h('p', { class: 'muted' }, '请在首页选择一部法律，再选择要练习的编、章。'),
        h('a', { class: 'btn btn-primary', href: '#/' }, '返回首页'),
      ),
    );
    return null;
  }
  if (set.index >= set.ids.length) {
    finished(root, set);
    return null;
  }
  const position = set.index;
  mount(root, h('p', { class: 'loading' }, '正在加载题目…'));
  let q;
  try {
    q = await api.practiceQuestion(set.ids[position]);
  } catch (e) {
    mount(root, refusedBox('题目加载失败', e), h('a', { class: 'btn', href: set.back || '#/' }, '返回'));
    return null;
  }
  q.position = position;
  q.total = set.ids.length;
  const stopTracking = trackStudy('practice');

  const shown = displayOptions(q);
  const isMulti = q.qtype === 'multi';
  const selected = new Set();
  let graded = false;
  let busy = false;

  const optionButtons = shown.map((o, i) =>
    h(
      'button',
      {
        type: 'button',
        class: 'option',
        role: isMulti ? 'checkbox' : 'radio',
        'aria-checked': 'false',
        dataset: { key: o.key, letter: LETTERS[i] },
        onclick: () => toggle(i),
      },
      h('span', { class: 'letter', 'aria-hidden': 'true' }, LETTERS[i]),
      h('span', { class: 'text' }, o.text),
      h('span', { class: 'verdict' }),
    ),
  );

  const fillInput =
    q.qtype === 'fill'
      ? h('input', {
          class: 'fill-input',
          type: 'text',
          'aria-label': '填写答案',
          placeholder: '在此填写答案，按 Enter 提交',
          autocomplete: 'off',
          oninput: () => updateSubmit(),
        })
      : null;

  const submitBtn = h(
    'button',
    { type: 'button', class: 'btn btn-primary', id: 'submit', disabled: true, onclick: () => submit() },
    '提交答案',
    h('kbd', {}, 'Enter'),
  );
  const feedbackBox = h('div', { id: 'feedback', 'aria-live': 'polite' });
  const errorBox = h('div', {});

  function toggle(i) {
    if (graded || busy) return;
    if (!isMulti) selected.clear();
    if (selected.has(i)) selected.delete(i);
    else selected.add(i);
    optionButtons.forEach((b, j) => {
      b.setAttribute('aria-checked', String(selected.has(j)));
    });
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
      mount(errorBox, refusedBox('提交失败', e));
      return;
    }
    busy = false;
    graded = true;
    mount(errorBox);
    set.answered += 1;
    if (fb.correct) set.right += 1;
    saveSet(set);
    showFeedback(fb);
  }

  function showFeedback(fb) {
    optionButtons.forEach((b, i) => {
      b.disabled = true;
      const o = shown[i];
      const right =
        fb.solution.kind === 'choice'
          ? fb.solution.keys.includes(o.value)
          : fb.solution.kind === 'judge'
            ? fb.solution.value === o.value
            : false;
      const verdict = b.querySelector('.verdict');
      if (right) {
        b.classList.add('is-right');
        verdict.textContent = selected.has(i) ? '✓ 您的选择' : '✓ 正确答案';
      } else if (selected.has(i)) {
        b.classList.add('is-wrong');
        verdict.textContent = '✗ 您的选择';
      }
    });
    if (fillInput) fillInput.disabled = true;
    const headline = fb.verdict === 'Right' ? '✓ 回答正确' : fb.verdict === 'Partial' ? '✗ 答案不完整' : '✗ 回答错误';
    const last = position + 1 >= q.total;
    const nextBtn = h(
      'button',
      { type: 'button', class: 'btn btn-primary', id: 'next', onclick: () => next() },
      last ? '完成练习' : '下一题',
      h('kbd', {}, 'Enter'),
    );
    // The verdict, the person's own answer and the key with its text, then
    // the progress and 下一题: all right under the options, in view; the
    // 解析 and the article follow below.
    const nextRow = h(
      'div',
      { class: 'actions practice-next', id: 'practice-next' },
      h('span', { class: 'counter' }, `第 ${q.position + 1} / ${q.total} 题`),
      h('span', { class: 'hint' }, '按 Enter 进入下一题'),
      nextBtn,
    );
    mount(
      feedbackBox,
      h(
        'div',
        { class: `result practice-verdict ${fb.correct ? 'right' : 'wrong'}`, role: 'status' },
        h('div', { class: 'headline' }, headline),
        h('p', { class: 'mine', id: 'my-choice' }, choiceText(q, selected, shown, fillInput ? fillInput.value : '')),
        fb.correct ? null : h('p', { class: 'key', id: 'right-answer' }, solutionText(q, fb.solution, shown)),
        // 今日复习: when the FSRS schedule brings this question back.
        fb.next_review_on
          ? h(
              'p',
              { class: 'next-review small', id: 'next-review' },
              `${fb.next_review_in_days} 天后（${fb.next_review_on}）出现在“今日复习”中`,
            )
          : null,
      ),
      nextRow,
      h('section', { class: 'explanation' }, h('h3', {}, '解析'), h('p', {}, fb.explanation)),
      fb.article
        ? h(
            'div',
            {},
            h('h3', { class: 'muted small' }, '法条依据'),
            articleCard(fb.article),
            fb.article.article !== null && fb.article.article !== undefined
              ? h(
                  'a',
                  {
                    class: 'btn btn-link',
                    id: 'open-in-library',
                    href: `#/library/${encodeURIComponent(fb.article.law)}/${fb.article.article}`,
                  },
                  '在法条库中查看这一条 →',
                )
              : null,
          )
        : null,
      !fb.correct && fb.in_wrong_book ? h('p', { class: 'muted small' }, '这道题已收进错题本。') : null,
    );
    submitRow.hidden = true;
    root.classList.add('practice-graded');
    nextBtn.focus({ preventScroll: true });
    // Only as far as needed to show 下一题: the question stays in view.
    nextRow.scrollIntoView({ block: 'nearest' });
  }

  function next() {
    set.index = position + 1;
    saveSet(set);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  }

  function onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const typing = e.target === fillInput;
    if (e.key === 'Enter') {
      if (graded) {
        e.preventDefault();
        next();
      } else if (!submitBtn.disabled) {
        e.preventDefault();
        submit();
      }
      return;
    }
    if (e.key === 'Escape') {
      location.hash = set.back || '#/';
      return;
    }
    if (typing || graded) return;
    const k = e.key.toUpperCase();
    let i = -1;
    if (/^[1-6]$/.test(k)) i = Number(k) - 1;
    else if (LETTERS.includes(k) && k.length === 1) i = LETTERS.indexOf(k);
    if (i >= 0 && i < optionButtons.length) {
      e.preventDefault();
      toggle(i);
    }
  }

  const submitRow = h('div', { class: 'actions' }, h('span', { class: 'hint' }, typeHint()), submitBtn);
  function typeHint() {
    return q.qtype === 'multi'
      ? '多选：可选多项，按 1-6 或 A-F 选择，Enter 提交'
      : q.qtype === 'fill'
        ? '填空：输入答案后按 Enter 提交'
        : '按 1-4 或 A-D 选择，Enter 提交';
  }
  mount(
    root,
    h(
      'div',
      { class: 'practice-top' },
      h('a', { class: 'btn btn-link', href: set.back || '#/' }, '← 返回'),
      h('span', { class: 'counter' }, `${set.title} · 第 ${q.position + 1} / ${q.total} 题`),
    ),
    h('div', { class: 'practice-progress' }, progressBar((q.position + 1) / q.total, '练习进度')),
    h(
      'article',
      { class: 'card question', dataset: { qid: q.id, qtype: q.qtype } },
      h(
        'div',
        { class: 'tags' },
        h('span', { class: 'tag tag-type' }, `${q.qtype_name}题`),
        q.location.length ? h('span', { class: 'tag' }, q.location.join(' · ')) : null,
        h('span', { class: 'tag' }, `难度 ${'★'.repeat(q.difficulty)}${'☆'.repeat(3 - q.difficulty)}`),
      ),
      h('h1', { class: 'stem', id: 'stem' }, q.stem),
      fillInput || h('div', { class: 'options', role: isMulti ? 'group' : 'radiogroup', 'aria-labelledby': 'stem' }, optionButtons),
      errorBox,
      submitRow,
      feedbackBox,
    ),
  );
  document.addEventListener('keydown', onKey);
  if (fillInput) fillInput.focus();
  return () => {
    document.removeEventListener('keydown', onKey);
    stopTracking();
    root.classList.remove('practice-graded');
  };
}

// Building DOM nodes without innerHTML: strings always go in as text.

/**
 * h('div', {class: 'card', onclick: fn}, 'text', childNode, [more])
 * Attributes starting with "on" become listeners; `dataset` and `aria` take
 * objects; false/null/undefined attributes and children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'class') {
      el.className = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `el` with `children`. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** A progress bar; `ratio` from 0 to 1. */
export function progressBar(ratio, label) {
  const fill = h('span');
  fill.style.width = `${Math.round(Math.max(0, Math.min(1, ratio)) * 100)}%`;
  return h(
    'div',
    {
      class: 'progress',
      role: 'progressbar',
      'aria-label': label,
      'aria-valuemin': 0,
      'aria-valuemax': 100,
      'aria-valuenow': Math.round(ratio * 100),
    },
    fill,
  );
}

/** An error box that says what happened, shown where the person is looking. */
export function alertBox(title, message) {
  return h('div', { class: 'alert', role: 'alert' }, h('strong', {}, title), message);
}

/**
 * What a screen shows instead of itself when the backend refuses it because
 * the person's contest attempt is running (code contest_in_progress): the
 * reason and the way back to the contest. Other errors get an alert box.
 */
export function refusedBox(title, e) {
  if (e && e.code === 'contest_in_progress') {
    return h(
      'section',
      { class: 'card paused', id: 'paused-for-contest', role: 'status' },
      h('h2', {}, '竞答进行中'),
      h('p', {}, e.message),
      h('a', { class: 'btn btn-primary', href: '#/' }, '回到首页继续答题'),
    );
  }
  return alertBox(title, e ? e.message : '');
}

let toastTimer = null;
const TOAST_MS = 4000;
const TOAST_ACTION_MS = 8000;

/** Screens where no toast appears: the big screen (projected to the hall) and print pages. */
function quietScreen() {
  return /^#\/?(screen|print)(\/|$|\?)/.test(location.hash) || document.documentElement.classList.contains('big-screen');
}

/** Hides the toast (the router calls this whenever the screen changes). */
export function hideToast() {
  clearTimeout(toastTimer);
  toastTimer = null;
  const el = document.getElementById('toast');
  if (el) {
    el.hidden = true;
    el.replaceChildren();
  }
}

/**
 * A short message at the bottom of the screen for about 4 seconds (8 with
 * an action button), kept while the pointer or focus is on it, cleared when
 * the screen changes; never on the big screen or a print page.
 * `action` = {label, onclick} adds a button.
 */
export function toast(message, action = null) {
  const el = document.getElementById('toast');
  if (!el || quietScreen()) return;
  hideToast();
  el.append(h('span', { class: 'toast-text' }, message));
  if (action) {
    el.append(
      h(
        'button',
        {
          type: 'button',
          class: 'toast-action',
          onclick: () => {
            hideToast();
            action.onclick();
          },
        },
        action.label,
      ),
    );
  }
  el.hidden = false;
  const ms = action ? TOAST_ACTION_MS : TOAST_MS;
  const arm = () => {
    clearTimeout(toastTimer);
    toastTimer = setTimeout(hideToast, ms);
  };
  el.onmouseenter = () => clearTimeout(toastTimer);
  el.onmouseleave = arm;
  el.onfocusin = () => clearTimeout(toastTimer);
  el.onfocusout = arm;
  arm();
}

// Small form helpers shared by the screens: a labelled field, running an
// action with its button disabled and its error shown next to the form, the
// file chooser, date and time fields in Chinese conventions (2026-12-04
// 09:00, 24-hour), and the toast after an export.

import { api, transport } from '../api.js';
import { alertBox, h, mount, toast } from '../dom.js';

let seq = 0;

/** A labelled input; returns {row, input}. */
export function field(label, attrs = {}, hint = null) {
  const id = `f${++seq}`;
  const input = h('input', { id, class: 'input', ...attrs });
  const row = h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('div', { class: 'field-hint' }, hint) : null);
  return { row, input };
}

/** A labelled select with [value, label] options; returns {row, input}. */
export function selectField(label, options, value) {
  const id = `f${++seq}`;
  const input = h(
    'select',
    { id, class: 'input' },
    options.map(([v, l]) => h('option', { value: v, selected: String(v) === String(value) }, l)),
  );
  return { row: h('div', { class: 'field' }, h('label', { for: id }, label), input), input };
}

/**
 * Runs `action` once at a time for a form: disables `button`, clears and
 * fills `errorBox` with the Chinese message on failure.
 */
export async function runAction(button, errorBox, action, failTitle = '操作没有成功') {
  if (button.disabled) return undefined;
  button.disabled = true;
  mount(errorBox);
  try {
    return await action();
  } catch (e) {
    mount(errorBox, alertBox(failTitle, e.message));
    return undefined;
  } finally {
    button.disabled = false;
  }
}

/** The chosen file of a file input as {name, bytes} (bytes as a plain array for the API). */
export async function chosenFile(input) {
  const file = input.files?.[0];
  if (!file) return null;
  return { name: file.name, bytes: Array.from(new Uint8Array(await file.arrayBuffer())) };
}

/**
 * A file chooser with no browser wording: a 选择文件… button and the chosen
 * file's name beside it (未选择文件 before). The real input stays in the
 * page, visually hidden but focusable (Space or Enter opens the picker), so
 * keyboard use and scripted tests work as with a plain file input.
 * Returns {row, input}; listen to the input's `change`.
 */
export function filePicker(label, { id, accept, name } = {}) {
  const inputId = id || `f${++seq}`;
  const chosen = h('span', { class: 'file-name', 'aria-live': 'polite' }, '未选择文件');
  const input = h('input', { type: 'file', id: inputId, name, accept, class: 'file-input' });
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    chosen.textContent = f ? f.name : '未选择文件';
    chosen.classList.toggle('has-file', !!f);
  });
  const row = h(
    'div',
    { class: 'field file-field' },
    label ? h('span', { class: 'field-label' }, label) : null,
    h('div', { class: 'file-picker' }, input, h('label', { for: inputId, class: 'btn file-button' }, '选择文件…'), chosen),
  );
  return { row, input };
}

/**
 * The toast after an export: the file's name and, in the desktop window
 * (where the path is a real file on this PC), 打开所在文件夹.
 */
export function savedToast(path) {
  if (!path) return;
  if (transport !== 'tauri') {
    toast(path);
    return;
  }
  const name = String(path).split(/[\\/]/).pop();
  toast(`已保存：${name}`, {
    label: '打开所在文件夹',
    onclick: () => api.openExportFolder(path).catch((e) => toast(e.message)),
  });
}

const two = (n) => String(n).padStart(2, '0');

/** `2026-12-04 09:00` (24-hour) for a timestamp or a `YYYY-MM-DDTHH:MM` local time. */
export function formatDateTime(value) {
  if (!value) return '';
  const local = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?$/.exec(value);
  if (local) return `${local[1]} ${local[2]}`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Checks `YYYY-MM-DD` is a real date; returns it or null. */
export function parseDate(text) {
  const m = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/.exec(text || '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return `${y}-${two(mo)}-${two(d)}`;
}

/** Checks `HH:MM` (24-hour, also 9:00 or 9：00); returns `HH:MM` or null. */
export function parseTime(text) {
  const m = /^\s*(\d{1,2})\s*[:：]\s*(\d{2})\s*$/.exec(text || '');
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${two(m[1])}:${m[2]}`;
}

/**
 * A date field as text (`2026-12-04`), never the browser's own date input
 * (which follows the system's locale: "11/30/2026" on an English system).
 * `value()` returns the checked date or throws a Chinese message; '' when
 * empty and `optional`.
 */
export function dateField(label, value, { name, hint, optional = false } = {}) {
  const f = field(
    label,
    {
      value: value || '',
      name,
      inputmode: 'numeric',
      autocomplete: 'off',
      placeholder: '2026-12-04',
      class: 'input date-input',
      maxlength: 10,
    },
    hint || '年-月-日，例如 2026-12-04',
  );
  f.value = () => {
    const t = f.input.value.trim();
    if (!t && optional) return '';
    const d = parseDate(t);
    if (!d) throw new Error(`“${label}”请按 年-月-日 填写，例如 2026-12-04`);
    f.input.value = d;
    return d;
  };
  return f;
}

/**
 * A date and a 24-hour time side by side, for `YYYY-MM-DDTHH:MM`: text
 * inputs named NAME_date and NAME_time. `value()` returns the combined
 * value or throws a Chinese message.
 */
export function dateTimeField(label, value, name) {
  const [d, t] = String(value || '').split('T');
  const dateId = `f${++seq}`;
  const date = h('input', {
    id: dateId,
    class: 'input date-input',
    name: `${name}_date`,
    value: d || '',
    inputmode: 'numeric',
    autocomplete: 'off',
    placeholder: '2026-12-04',
    maxlength: 10,
    'aria-label': `${label}：日期（年-月-日）`,
  });
  const time = h('input', {
    class: 'input time-input',
    name: `${name}_time`,
    value: (t || '').slice(0, 5),
    inputmode: 'numeric',
    autocomplete: 'off',
    placeholder: '09:00',
    maxlength: 5,
    'aria-label': `${label}：时间（24 小时制）`,
  });
  const row = h(
    'div',
    { class: 'field' },
    h('label', { for: dateId }, label),
    h('div', { class: 'datetime' }, date, time),
    h('div', { class: 'field-hint' }, '24 小时制，例如 ', h('span', { class: 'nowrap' }, '2026-12-04 09:00')),
  );
  return {
    row,
    date,
    time,
    value() {
      const dd = parseDate(date.value);
      if (!dd) throw new Error(`“${label}”的日期请按 年-月-日 填写，例如 2026-12-04`);
      const tt = parseTime(time.value);
      if (!tt) throw new Error(`“${label}”的时间请按 24 小时制填写，例如 09:00`);
      date.value = dd;
      time.value = tt;
      return `${dd}T${tt}`;
    },
  };
}

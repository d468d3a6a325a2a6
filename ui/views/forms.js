// Small form helpers shared by the screens: a labelled field, and running an
// action with its button disabled and its error shown next to the form.

import { h, mount, alertBox } from '../dom.js';

let seq = 0;

/** A labelled input; returns {row, input}. */
export function field(label, attrs = {}, hint = null) {
  const id = `f${++seq}`;
  const input = h('input', { id, class: 'input', ...attrs });
  const row = h('div', { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint ? h('div', { class: 'field-hint' }, hint) : null);
  return { row, input };
}

/** A labelled select with [value, label] options; returns {row, input}. */
export function selectField(label, options, value) {
  const id = `f${++seq}`;
  const input = h('select', { id, class: 'input' },
    options.map(([v, l]) => h('option', { value: v, selected: String(v) === String(value) }, l)));
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
  const file = input.files && input.files[0];
  if (!file) return null;
  return { name: file.name, bytes: Array.from(new Uint8Array(await file.arrayBuffer())) };
}

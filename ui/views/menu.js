// A disclosure menu (导出 ▾, 打印 ▾): a button that shows or hides a short
// list of actions under it. Keyboard: Enter or Space opens it and moves to
// the first item, ↓ / ↑ move between items, Esc closes it and returns to the
// button; Tab, a click elsewhere or choosing an item closes it.

import { h } from '../dom.js';

let seq = 0;

/**
 * items: [{ label, href } | { label, onclick }], each optionally with `id`.
 * Returns the wrapper element.
 */
export function disclosureMenu(label, items, { id, primary = false } = {}) {
  const listId = `menu-${id || ++seq}`;
  const button = h(
    'button',
    {
      type: 'button',
      class: `btn menu-button${primary ? ' btn-primary' : ''}`,
      id,
      'aria-expanded': 'false',
      'aria-controls': listId,
    },
    label,
    h('span', { class: 'menu-caret', 'aria-hidden': 'true' }, '▾'),
  );
  const entries = items.map((it) =>
    it.href ? h('a', { class: 'menu-item', href: it.href, id: it.id }) : h('button', { type: 'button', class: 'menu-item', id: it.id }),
  );
  entries.forEach((el, i) => {
    el.textContent = items[i].label;
  });
  const list = h(
    'ul',
    { class: 'menu-list', id: listId, hidden: true },
    entries.map((el) => h('li', {}, el)),
  );
  const wrap = h('div', { class: 'menu' }, button, list);

  const isOpen = () => button.getAttribute('aria-expanded') === 'true';
  const close = (focusButton) => {
    if (!isOpen()) return;
    button.setAttribute('aria-expanded', 'false');
    list.hidden = true;
    document.removeEventListener('pointerdown', outside, true);
    if (focusButton) button.focus();
  };
  function outside(e) {
    if (!wrap.contains(e.target)) close(false);
  }
  const open = (focusFirst) => {
    button.setAttribute('aria-expanded', 'true');
    list.hidden = false;
    document.addEventListener('pointerdown', outside, true);
    if (focusFirst) entries[0]?.focus();
  };
  button.addEventListener('click', (e) => {
    if (isOpen()) close(false);
    // A keyboard "click" (detail 0) moves into the list; a mouse click stays.
    else open(e.detail === 0);
  });
  button.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      open(true);
    }
  });
  entries.forEach((el, i) => {
    el.addEventListener('click', (e) => {
      close(false);
      if (items[i].onclick) items[i].onclick(e);
    });
    el.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        entries[(i + 1) % entries.length].focus();
      }
      if (e.key === 'ArrowUp') {
        e.preventDefault();
        entries[(i - 1 + entries.length) % entries.length].focus();
      }
      if (e.key === 'Home') {
        e.preventDefault();
        entries[0].focus();
      }
      if (e.key === 'End') {
        e.preventDefault();
        entries[entries.length - 1].focus();
      }
    });
  });
  wrap.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && isOpen()) {
      e.preventDefault();
      close(true);
    }
  });
  wrap.addEventListener('focusout', (e) => {
    if (e.relatedTarget && !wrap.contains(e.relatedTarget)) close(false);
  });
  return wrap;
}

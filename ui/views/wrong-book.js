// 错题本 (menu): starts practising the wrong-answer book, or says it is
// empty and offers practice by law instead.

import { api } from '../api.js';
import { h, mount, refusedBox } from '../dom.js';
import { startSet } from './practice.js';

export async function renderWrongBook(root) {
  mount(root, h('p', { class: 'loading' }, '正在打开错题本…'));
  let set;
  try {
    set = await api.wrongBookSet();
  } catch (e) {
    mount(root, refusedBox('错题本暂时不能打开', e), h('a', { class: 'btn', href: '#/' }, '返回首页'));
    return null;
  }
  if (set.ids.length) {
    startSet(set, '#/');
    return null;
  }
  mount(
    root,
    h(
      'section',
      { class: 'card empty-book', id: 'wrong-book-empty' },
      h('h1', {}, '错题本是空的'),
      h('p', {}, '答错的题会自动收进错题本，连续答对两次后移出。现在没有需要复习的错题。'),
      h(
        'div',
        { class: 'actions-center' },
        h('a', { class: 'btn', href: '#/' }, '返回首页'),
        h('a', { class: 'btn btn-primary', href: '#/scopes' }, '去练习'),
      ),
    ),
  );
  return null;
}

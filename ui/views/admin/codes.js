// 登录码: a printable sheet of one-time login codes, one slip per person
// (cut along the lines). The codes exist only on this screen: the database
// keeps their hashes.

import { h, mount } from '../../dom.js';
import { CODES_KEY } from './people.js';

export async function renderCodes(root) {
  let codes = [];
  try {
    codes = JSON.parse(sessionStorage.getItem(CODES_KEY) || '[]');
  } catch {
    codes = [];
  }
  mount(
    root,
    h(
      'div',
      { class: 'page-head no-print' },
      h('div', {}, h('a', { class: 'btn btn-link', href: '#/admin/people' }, '← 返回人员'), h('h1', {}, '一次性登录码')),
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => window.print() }, '打印'),
    ),
    h('p', { class: 'muted no-print' }, '每张纸条发给本人。登录码只能用一次；离开本页后无法再次查看，如有遗失请重新生成。'),
    codes.length
      ? h(
          'div',
          { class: 'code-slips' },
          codes.map((c) =>
            h(
              'div',
              { class: 'code-slip' },
              h('div', { class: 'slip-title' }, '法治知识竞答 · 登录码'),
              h('div', {}, `${c.name}（工号 ${c.staff_no}）`),
              c.department ? h('div', { class: 'muted small' }, c.department) : null,
              h('div', { class: 'slip-code' }, c.code),
            ),
          ),
        )
      : h('p', {}, '没有登录码。请回到“人员”页面生成。'),
  );
  return () => sessionStorage.removeItem(CODES_KEY);
}

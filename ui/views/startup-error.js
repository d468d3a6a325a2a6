// Shown instead of every screen when the backend could not start: says which
// database file and why, and what to do.

import { h, mount } from '../dom.js';

export function renderStartupError(root, status) {
  mount(root, h('section', { class: 'card error-page', role: 'alert' },
    h('h1', {}, '无法打开数据'),
    h('p', {}, '程序没能打开它的数据库，所以现在不能练习或答题。已有的数据没有被改动。'),
    h('dl', {},
      h('dt', {}, '数据库文件'), h('dd', {}, status.db_path || '（未确定）'),
      h('dt', {}, '原因'), h('dd', {}, status.message || '未知')),
    h('p', { class: 'muted' }, '请把以上信息告诉管理员（法治工作处 / 办公室）。可以用 --db 参数或 LAWQUIZ_DB 环境变量指定另一个数据库文件。')));
}

// 初始设置: on a new install, the first organizer account is created before
// anything else (user name, name, password twice).

import { api, session } from '../api.js';
import { h, mount } from '../dom.js';
import { field, runAction } from './forms.js';

export async function renderSetup(root, { go, onSetupDone }) {
  const err = h('div', {});
  const user = field('管理员用户名', { name: 'username', autocomplete: 'username', value: 'admin' });
  const name = field('姓名', { name: 'display_name', autocomplete: 'name' });
  const pass = field('密码（至少 8 个字符）', { name: 'password', type: 'password', autocomplete: 'new-password' });
  const again = field('再输入一次密码', { name: 'password2', type: 'password', autocomplete: 'new-password' });
  const btn = h('button', { type: 'submit', class: 'btn btn-primary btn-wide', id: 'setup-submit' }, '创建管理员账号');
  const form = h(
    'form',
    {
      class: 'form',
      onsubmit: (e) => {
        e.preventDefault();
        runAction(
          btn,
          err,
          async () => {
            if (pass.input.value !== again.input.value) throw new Error('两次输入的密码不一样，请重新输入。');
            const login = await api.setupOrganizer({
              username: user.input.value,
              display_name: name.input.value,
              password: pass.input.value,
            });
            session.set(login);
            onSetupDone();
            go('#/admin');
          },
          '创建没有成功',
        );
      },
    },
    user.row,
    name.row,
    pass.row,
    again.row,
    err,
    btn,
  );
  mount(
    root,
    h(
      'section',
      { class: 'card login-card' },
      h('h1', {}, '初始设置'),
      h('p', { class: 'muted' }, '第一次使用本程序，请先创建管理员账号。管理员负责添加人员、设置学时和组织竞答。请妥善保管密码。'),
      form,
    ),
  );
  setTimeout(() => name.input.focus(), 0);
  return null;
}

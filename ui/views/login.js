// 登录: staff log in with 工号 + PIN or with a one-time 登录码 (after which,
// under the 首次登录自设 policy, they choose their PIN: nobody sets a PIN by
// knowing a 工号); organizers with user name and password behind a small link.

import { api, isLocalWindow, session } from '../api.js';
import { appBack } from '../back.js';
import { h, mount } from '../dom.js';
import { modeSwitch } from './connect.js';
import { field, runAction } from './forms.js';

/** On a page the host served into the desktop app: the way back to 本机使用. */
function backToLocal() {
  const back = appBack(sessionStorage.getItem('lawquiz.back'));
  if (!back || isLocalWindow) return null;
  return h(
    'p',
    { class: 'host-note' },
    '已连接主机 ',
    h('strong', {}, location.host),
    '。',
    h('a', { href: `${back}?mode=local#/login`, id: 'back-local' }, '断开，改为本机使用'),
  );
}

export async function renderLogin(root, { go }) {
  let mode = 'pin';
  const box = h('div', {});

  function done(login) {
    session.set(login);
    if (login.must_set_pin) {
      choosePin(login);
      return;
    }
    go(login.role === 'organizer' ? '#/admin' : '#/');
  }

  // After a log-in with a one-time code by a person with no PIN yet: they
  // choose their PIN (a common one is refused
  // by the backend with the reason).
  function choosePin(login) {
    const err = h('div', {});
    const newPin = field(
      '新的登录密码（PIN，4 到 8 位数字）',
      { name: 'new_pin', type: 'password', inputmode: 'numeric', autocomplete: 'new-password' },
      '请不要用 123456、000000 这类容易被猜到的数字。',
    );
    const again = field('再输入一次', { name: 'new_pin2', type: 'password', inputmode: 'numeric', autocomplete: 'new-password' });
    const btn = h('button', { type: 'submit', class: 'btn btn-primary btn-wide', id: 'set-pin-submit' }, '保存并进入');
    setTimeout(() => newPin.input.focus(), 0);
    mount(
      box,
      h('h1', {}, '设置您的 PIN'),
      h('p', {}, `${login.name}，您好。以后用工号和这个 PIN 登录；登录码已经用过，不能再用。`),
      h(
        'form',
        {
          class: 'form',
          id: 'set-pin-form',
          onsubmit: (e) => {
            e.preventDefault();
            runAction(
              btn,
              err,
              async () => {
                if (newPin.input.value !== again.input.value) throw new Error('两次输入的 PIN 不一样，请重新输入。');
                await api.setMyPin({ new_pin: newPin.input.value });
                go('#/');
              },
              '没有保存',
            );
          },
        },
        newPin.row,
        again.row,
        err,
        btn,
      ),
    );
  }

  function tabs() {
    const tab = (m, label) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: 'tab',
          'aria-selected': String(mode === m),
          id: `tab-${m}`,
          onclick: () => {
            mode = m;
            draw();
          },
        },
        label,
      );
    return h('div', { class: 'tabs', role: 'tablist' }, tab('pin', '工号登录'), tab('code', '登录码登录'));
  }

  function pinForm() {
    const err = h('div', {});
    const no = field('工号', { name: 'staff_no', autocomplete: 'username', inputmode: 'numeric', required: true });
    const pin = field(
      '登录密码（PIN，4 到 8 位数字）',
      { name: 'pin', type: 'password', autocomplete: 'current-password', inputmode: 'numeric' },
      '第一次登录还没有 PIN？请用管理员发放的登录码登录，再设置自己的 PIN。',
    );
    const btn = h('button', { type: 'submit', class: 'btn btn-primary btn-wide', id: 'login-submit' }, '登录');
    const form = h(
      'form',
      {
        class: 'form',
        onsubmit: (e) => {
          e.preventDefault();
          runAction(
            btn,
            err,
            async () => done(await api.loginStaff({ staff_no: no.input.value.trim(), pin: pin.input.value })),
            '登录没有成功',
          );
        },
      },
      no.row,
      pin.row,
      err,
      btn,
    );
    setTimeout(() => no.input.focus(), 0);
    return form;
  }

  function codeForm() {
    const err = h('div', {});
    const code = field(
      '登录码',
      { name: 'code', autocomplete: 'one-time-code', placeholder: '例如 7KQ4-M2XD' },
      '登录码由管理员打印发放，只能使用一次。',
    );
    const btn = h('button', { type: 'submit', class: 'btn btn-primary btn-wide', id: 'code-submit' }, '登录');
    setTimeout(() => code.input.focus(), 0);
    return h(
      'form',
      {
        class: 'form',
        onsubmit: (e) => {
          e.preventDefault();
          runAction(
            btn,
            err,
            async () => {
              const login = await api.loginCode(code.input.value);
              done(login);
            },
            '登录没有成功',
          );
        },
      },
      code.row,
      err,
      btn,
    );
  }

  function organizerForm() {
    const err = h('div', {});
    const user = field('管理员用户名', { name: 'username', autocomplete: 'username' });
    const pass = field('密码', { name: 'password', type: 'password', autocomplete: 'current-password' });
    const btn = h('button', { type: 'submit', class: 'btn btn-primary btn-wide', id: 'org-submit' }, '管理员登录');
    setTimeout(() => user.input.focus(), 0);
    return h(
      'form',
      {
        class: 'form',
        onsubmit: (e) => {
          e.preventDefault();
          runAction(
            btn,
            err,
            async () => done(await api.loginOrganizer({ username: user.input.value, password: pass.input.value })),
            '登录没有成功',
          );
        },
      },
      user.row,
      pass.row,
      err,
      btn,
    );
  }

  function draw() {
    const body = mode === 'organizer' ? organizerForm() : mode === 'code' ? codeForm() : pinForm();
    const switchLink =
      mode === 'organizer'
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn-link small',
              onclick: () => {
                mode = 'pin';
                draw();
              },
            },
            '← 返回职工登录',
          )
        : h(
            'button',
            {
              type: 'button',
              class: 'btn-link small',
              id: 'organizer-link',
              onclick: () => {
                mode = 'organizer';
                draw();
              },
            },
            '管理员登录',
          );
    mount(
      box,
      isLocalWindow ? modeSwitch('local') : backToLocal(),
      h('h1', {}, mode === 'organizer' ? '管理员登录' : '欢迎登录'),
      mode === 'organizer' ? null : tabs(),
      body,
      h(
        'div',
        { class: 'login-foot' },
        switchLink,
        // 现场竞答: buzzers and audience join with the show's code, no log-in.
        isLocalWindow
          ? null
          : h('a', { class: 'btn-link small login-show-join', id: 'show-join-link', href: '#/show-join' }, '现场竞答：参赛队或观众加入'),
      ),
    );
  }

  draw();
  mount(root, h('section', { class: 'card login-card' }, box));
  return null;
}

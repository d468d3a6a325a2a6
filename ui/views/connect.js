// 连接主机 (desktop app only): on Constitution Day staff PCs use the
// organizer's app as the host. The address is checked by the backend (is a
// LawQuiz host answering there?) and remembered; the window then opens the
// host's pages, which talk to the host over fetch. With a remembered host,
// the app connects on start and offers 本机使用 instead.

import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { field, runAction } from './forms.js';

const MODE_KEY = 'lawquiz.mode';
const ADDRESS_KEY = 'lawquiz.host';

export const clientMode = {
  wantsHost: () => localStorage.getItem(MODE_KEY) === 'host' && !!localStorage.getItem(ADDRESS_KEY),
  useLocal: () => localStorage.setItem(MODE_KEY, 'local'),
  address: () => localStorage.getItem(ADDRESS_KEY) || '',
};

/** The two ways the desktop app runs, as the login screen offers them. */
export function modeSwitch(active) {
  const tab = (m, label, href) => h('a', { role: 'tab', class: 'tab', href, id: `mode-${m}`,
    'aria-selected': String(active === m), onclick: () => { if (m === 'local') clientMode.useLocal(); } }, label);
  return h('div', { class: 'tabs mode-switch', role: 'tablist', 'aria-label': '使用方式' },
    tab('local', '本机使用', '#/login'), tab('host', '连接主机', '#/connect'));
}

/** Opens the host's pages in this window, with the way back. */
function openHost(url) {
  const back = location.href.split('#')[0].split('?')[0];
  location.href = `${url}?back=${encodeURIComponent(back)}#/login`;
}

export async function renderConnect(root, { auto }) {
  const err = h('div', {});
  const addr = field('主机地址', { name: 'host', id: 'host-address', value: clientMode.address(), placeholder: '例如 192.168.1.20:1204',
    autocomplete: 'off' }, '地址由组织者提供（主机“设置 → 作为主机”页面上显示），端口默认 1204。');
  const btn = h('button', { type: 'submit', class: 'btn btn-primary btn-wide', id: 'connect-submit' }, '连接');
  async function connect() {
    const found = await api.probeHost(addr.input.value);
    localStorage.setItem(ADDRESS_KEY, addr.input.value.trim());
    localStorage.setItem(MODE_KEY, 'host');
    openHost(found.url);
  }
  const form = h('form', { class: 'form', onsubmit: (e) => {
    e.preventDefault();
    runAction(btn, err, connect, '连接没有成功');
  } }, addr.row, err, btn);
  mount(root, h('section', { class: 'card login-card' },
    modeSwitch('host'),
    h('h1', {}, '连接主机'),
    h('p', { class: 'muted' }, '竞答当天在自己的电脑上答题：连接组织者的主机，成绩直接保存在主机上。'),
    form));
  if (auto) {
    mount(err, h('p', { class: 'muted', id: 'auto-connect' }, `正在连接上次使用的主机 ${clientMode.address()}…`));
    runAction(btn, err, connect, '连接没有成功');
  } else {
    setTimeout(() => addr.input.focus(), 0);
  }
  return null;
}

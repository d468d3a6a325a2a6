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
  const tab = (m, label, href) =>
    h(
      'a',
      {
        role: 'tab',
        class: 'tab',
        href,
        id: `mode-${m}`,
        'aria-selected': String(active === m),
        onclick: () => {
          if (m === 'local') clientMode.useLocal();
        },
      },
      label,
    );
  return h(
    'div',
    { class: 'tabs mode-switch', role: 'tablist', 'aria-label': '使用方式' },
    tab('local', '本机使用', '#/login'),
    tab('host', '连接主机', '#/connect'),
  );
}

/** Opens the host's pages in this window, with the way back. */
function openHost(url) {
  const back = location.href.split('#')[0].split('?')[0];
  location.href = `${url}?back=${encodeURIComponent(back)}#/login`;
}

/** The hosts found on the LAN, each with its own 连接 button. */
function foundList(hosts, onPick) {
  if (!hosts.length) {
    return h('p', { class: 'hint', id: 'found-none' }, '没有找到主机。请确认主机已开启“作为主机”，或在下面输入地址。');
  }
  return h(
    'ul',
    { class: 'found-hosts', id: 'found-hosts' },
    hosts.map((f) => {
      const btn = h('button', { type: 'button', class: 'btn btn-primary', dataset: { address: f.address } }, '连接');
      btn.addEventListener('click', () => onPick(f, btn));
      return h(
        'li',
        { class: 'found-host' },
        h(
          'span',
          { class: 'found-name' },
          h('span', { class: 'found-label' }, '找到：'),
          f.name,
          h('small', { class: 'found-address' }, f.address),
        ),
        btn,
      );
    }),
  );
}

export async function renderConnect(root, { auto }) {
  const err = h('div', {});
  const addr = field(
    '主机地址',
    { name: 'host', id: 'host-address', value: clientMode.address(), placeholder: '会场连接说明上的地址', autocomplete: 'off' },
    '自动找不到主机时，输入组织者在“会场连接说明”上提供的地址（含冒号后的端口）。',
  );
  const btn = h('button', { type: 'submit', class: 'btn btn-primary btn-wide', id: 'connect-submit' }, '连接');
  async function connect(address = addr.input.value) {
    const found = await api.probeHost(address);
    localStorage.setItem(ADDRESS_KEY, address.trim());
    localStorage.setItem(MODE_KEY, 'host');
    openHost(found.url);
  }
  const form = h(
    'form',
    {
      class: 'form',
      onsubmit: (e) => {
        e.preventDefault();
        runAction(btn, err, () => connect(), '连接没有成功');
      },
    },
    addr.row,
    err,
    btn,
  );
  const foundBox = h('div', { class: 'found-box', id: 'found-box', 'aria-live': 'polite' });
  const again = h('button', { type: 'button', class: 'btn btn-link', id: 'find-again' }, '重新查找');
  async function discover() {
    again.disabled = true;
    mount(foundBox, h('p', { class: 'loading', id: 'finding' }, '正在查找局域网内的竞答主机（约 3 秒）…'));
    try {
      const hosts = await api.discoverHosts();
      if (!foundBox.isConnected) return;
      mount(
        foundBox,
        foundList(hosts, (f, b) => {
          addr.input.value = f.address;
          runAction(b, err, () => connect(f.address), '连接没有成功');
        }),
      );
    } catch (e) {
      if (foundBox.isConnected) mount(foundBox, h('p', { class: 'hint' }, `无法自动查找主机（${e.message}），请在下面输入地址。`));
    } finally {
      again.disabled = false;
    }
  }
  again.addEventListener('click', discover);
  const remembered = clientMode.address();
  mount(
    root,
    h(
      'section',
      { class: 'card login-card connect-card' },
      modeSwitch('host'),
      h('h1', {}, '连接主机'),
      h('p', { class: 'muted' }, '竞答当天在自己的电脑上答题：连接组织者的主机，成绩直接保存在主机上。'),
      h('div', { class: 'found-head' }, h('h2', {}, '局域网内的主机'), again),
      foundBox,
      remembered ? h('p', { class: 'hint', id: 'last-host' }, `上次连接的主机：${remembered}`) : null,
      h('h2', { class: 'connect-manual' }, '输入地址连接'),
      form,
    ),
  );
  if (auto) {
    mount(foundBox);
    mount(err, h('p', { class: 'muted', id: 'auto-connect' }, `正在连接上次使用的主机 ${clientMode.address()}…`));
    runAction(btn, err, () => connect(), '连接没有成功');
  } else {
    discover();
    setTimeout(() => addr.input.focus(), 0);
  }
  return null;
}

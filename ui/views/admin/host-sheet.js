// 会场连接说明: one printable A4 page for the hall — the host's name as
// 连接主机 lists it, its address (large, to type) with a QR code (for a
// browser or a phone), and three steps in plain Chinese. Opened from the
// 作为主机 panel; 打印 prints the page alone (header and buttons hidden).

import { api } from '../../api.js';
import { alertBox, h, mount } from '../../dom.js';

/** "http://192.168.1.20:1204/" → "192.168.1.20:1204" (what 连接主机 takes). */
export function hostPort(url) {
  return String(url)
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
}

export async function renderHostSheet(root) {
  mount(root, h('p', { class: 'loading' }, '正在读取主机状态…'));
  let st;
  try {
    st = await api.hostStatus();
  } catch (e) {
    mount(root, alertBox('无法读取主机状态', e.message), h('a', { class: 'btn', href: '#/admin/settings' }, '返回设置'));
    return null;
  }
  const back = h('a', { class: 'btn', href: '#/admin/settings' }, '返回设置');
  if (!st.running || !st.urls.length) {
    mount(
      root,
      h(
        'section',
        { class: 'card', id: 'host-sheet-off' },
        h('h1', {}, '会场连接说明'),
        h('p', {}, '主机服务还没有开启。请先在“设置 → 作为主机”中开启，再打印连接说明。'),
        back,
      ),
    );
    return null;
  }
  const url = st.urls[0];
  const address = hostPort(url);
  const name = st.announced_as || '法治知识竞答主机';
  document.documentElement.classList.add('printing-sheet');
  mount(
    root,
    h(
      'div',
      { class: 'actions-top no-print' },
      h('button', { type: 'button', class: 'btn btn-primary', id: 'print-sheet', onclick: () => window.print() }, '打印'),
      back,
      h('span', { class: 'hint' }, '用 A4 纸打印，贴在会场入口和每排桌上。'),
    ),
    h(
      'article',
      { class: 'conn-sheet', id: 'conn-sheet' },
      h('header', { class: 'conn-sheet-head' }, h('h1', {}, '会场连接说明'), h('p', {}, `${name} · 法治知识竞答`)),
      h(
        'section',
        { class: 'conn-sheet-address' },
        h(
          'div',
          {},
          h('p', { class: 'conn-sheet-label' }, '主机地址'),
          h('p', { class: 'conn-sheet-addr', id: 'sheet-address' }, address),
          h('p', { class: 'conn-sheet-url' }, `浏览器中打开：${url}`),
        ),
        st.qr
          ? h(
              'figure',
              {},
              h('img', { class: 'conn-sheet-qr', src: st.qr, alt: `主机地址二维码：${url}` }),
              h('figcaption', {}, '手机扫码打开'),
            )
          : null,
      ),
      h(
        'ol',
        { class: 'conn-sheet-steps', id: 'sheet-steps' },
        h('li', {}, h('strong', {}, '打开程序：'), '双击桌面上的“法治知识竞答”，在登录页点“连接主机”。'),
        h(
          'li',
          {},
          h('strong', {}, '连接主机：'),
          `在“局域网内的主机”中找到“${name}”，点“连接”。没有列出时，在“主机地址”框中输入 `,
          h('span', { class: 'conn-sheet-inline' }, address),
          '，再点“连接”。',
        ),
        h('li', {}, h('strong', {}, '登录答题：'), '用自己的工号和登录密码登录，点首页顶部的“开始答题”。'),
      ),
      h(
        'p',
        { class: 'conn-sheet-note' },
        '没有安装程序的电脑，可以用浏览器打开上面的地址；手机可扫描二维码。连接不上时请举手，工作人员会来帮助您。',
      ),
    ),
  );
  return () => document.documentElement.classList.remove('printing-sheet');
}

// 作为主机: the organizer's app serves the contest over the LAN. On/off;
// when on, the name it is announced under (连接主机 finds it), the address
// staff should open as text and as a QR code, and the printable 会场连接说明.
// Also the failed log-ins of the last 10 minutes. Under 高级 (collapsed):
// the network details — the address to listen on, the port, each network
// card's address — and the extra host names staff may use (any other name
// in a request is refused). Every hint names the port the host runs on.

import { api } from '../../api.js';
import { h, mount, toast } from '../../dom.js';
import { field, runAction, selectField } from '../forms.js';

export function hostSection() {
  const box = h('section', { class: 'card', id: 'host' }, h('h2', {}, '作为主机（局域网竞答）'), h('p', { class: 'loading' }, '正在读取…'));
  draw(box);
  return box;
}

async function draw(box) {
  let st;
  try {
    st = await api.hostStatus();
  } catch (e) {
    mount(box, h('h2', {}, '作为主机（局域网竞答）'), h('p', { class: 'muted' }, e.message));
    return;
  }
  const s = st.settings;
  const err = h('div', {});
  const cards = [['0.0.0.0', '所有网卡（推荐）'], ...st.interfaces.map((i) => [i.ip, `${i.ip}（${i.name}）`])];
  if (!cards.some(([v]) => v === s.bind)) cards.push([s.bind, s.bind]);
  const bind = selectField('监听地址', cards, s.bind);
  // One port in every hint: the one the host runs on (or will, once on).
  const livePort = st.port || s.port;
  const port = field(
    '端口',
    { type: 'number', min: 1024, max: 65535, value: s.port, name: 'port' },
    st.running
      ? `主机现在使用端口 ${livePort}，职工的地址里冒号后面就是它。主机防火墙需放行这个端口。`
      : `开启后使用端口 ${livePort}（默认 1204，取 12月4日）。主机防火墙需放行这个端口。`,
  );
  const remote = h('input', { type: 'checkbox', id: 'host-remote', checked: s.allow_remote_organizer });
  const names = h(
    'textarea',
    { id: 'host-names', name: 'host_names', rows: 3, spellcheck: 'false', placeholder: '例如 quiz.bureau.local（每行一个）' },
    (s.host_names || []).join('\n'),
  );
  const cardOf = (u) => {
    const ip = u.replace(/^http:\/\//, '').replace(/:\d+\/?$/, '');
    const card = st.interfaces.find((i) => i.ip === ip);
    return card ? `${card.name}：` : '';
  };
  const advanced = h(
    'details',
    { class: 'host-advanced', id: 'host-advanced', open: (s.host_names || []).length > 0 },
    h('summary', {}, '高级（网络设置）'),
    h('div', { class: 'form form-grid' }, bind.row, port.row),
    st.running && st.urls.length
      ? h(
          'div',
          { class: 'host-cards', id: 'host-cards' },
          h('p', { class: 'field-label' }, '网卡和地址'),
          h(
            'ul',
            {},
            st.urls.map((u) => h('li', {}, `${cardOf(u)}${u}`)),
          ),
        )
      : null,
    h('label', { for: 'host-names' }, '其他主机名'),
    names,
    h(
      'p',
      { class: 'muted small' },
      '职工用本机地址（如 192.168.1.20）或 localhost 访问时不用填写。只有单位内网给主机配了域名、职工用域名访问时，才在这里填写这个域名（每行一个，不带 http:// 和端口）。其他名字的请求会被拒绝，以防恶意网页借助 DNS 重绑定冒充主机。',
    ),
  );
  const save = (enabled) =>
    runAction(
      enabled ? on : off,
      err,
      async () => {
        await api.setHost({
          enabled,
          bind: bind.input.value,
          port: parseInt(port.input.value, 10) || 0,
          allow_remote_organizer: remote.checked,
          host_names: names.value
            .split(/[\s,，]+/)
            .map((n) => n.trim())
            .filter((n) => n),
        });
        toast(enabled ? '主机服务已开启' : '主机服务已关闭');
        await draw(box);
      },
      enabled ? '主机服务没有开启' : '操作没有成功',
    );
  const on = h(
    'button',
    { type: 'button', class: 'btn btn-primary', id: 'host-on', onclick: () => save(true) },
    st.running ? '应用更改' : '开启主机服务',
  );
  const off = h(
    'button',
    { type: 'button', class: 'btn', id: 'host-off', hidden: !st.running, onclick: () => save(false) },
    '关闭主机服务',
  );
  const status = st.running
    ? h(
        'div',
        {},
        h('p', { class: 'host-state-on', id: 'host-state' }, '● 主机服务运行中'),
        st.announced_as
          ? h('p', { id: 'host-announced' }, '职工电脑上的“连接主机”会自动找到：', h('strong', {}, st.announced_as))
          : h(
              'p',
              { class: 'muted', id: 'host-announced' },
              `局域网内无法自动找到本主机${st.announce_error ? `（${st.announce_error}）` : ''}，请职工输入下面的地址。`,
            ),
        h('p', {}, '也可以在浏览器中打开，或用“连接主机”输入：'),
        st.urls.length ? h('div', { class: 'host-urls', id: 'host-url' }, st.urls[0]) : null,
        h('p', { class: 'muted' }, '主机电脑重启后，服务会自动重新开启；正在答题的人重新连接后继续作答，截止时间不变。'),
        h('a', { class: 'btn', href: '#/host-sheet', id: 'host-sheet-link' }, '打印会场连接说明'),
      )
    : h(
        'div',
        {},
        h('p', { class: 'host-state-off', id: 'host-state' }, '○ 主机服务未开启'),
        h('p', { class: 'muted' }, `开启后，职工电脑上的“连接主机”能自动找到本主机（端口 ${livePort}）。`),
        st.error ? h('div', { class: 'alert' }, h('strong', {}, '上次开启没有成功'), st.error) : null,
      );
  const failed = h('p', { id: 'host-failed-logins' });
  const showFailed = (n, minutes) => {
    failed.className = n > 0 ? 'host-failed warn' : 'host-failed muted';
    failed.textContent = `最近 ${minutes} 分钟登录失败 ${n} 次${n > 0 ? '（详情见“审计日志”，含来源地址）' : ''}`;
  };
  showFailed(st.failed_logins, st.failed_login_minutes);
  // Kept current while the panel is on screen (a burst of wrong PINs shows up).
  const timer = setInterval(async () => {
    if (!failed.isConnected) {
      clearInterval(timer);
      return;
    }
    try {
      const now = await api.hostStatus();
      showFailed(now.failed_logins, now.failed_login_minutes);
    } catch {
      /* shown again on the next tick */
    }
  }, 30000);
  mount(
    box,
    h('h2', {}, '作为主机（局域网竞答）'),
    h(
      'div',
      { class: 'host-panel' },
      h(
        'div',
        {},
        status,
        failed,
        h('label', { class: 'check' }, remote, ' 允许在其他电脑上登录管理员（默认只能在主机上管理）'),
        advanced,
        err,
        h('div', { class: 'actions' }, off, on),
      ),
      st.qr ? h('img', { class: 'host-qr', src: st.qr, alt: `主机地址二维码：${st.urls[0]}` }) : null,
    ),
  );
}

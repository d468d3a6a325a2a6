// 作为主机: the organizer's app serves the contest over the LAN. On/off, the
// address to listen on (one network card or all) and the port; when on, the
// address staff should open, as text and as a QR code. Also the failed
// log-ins of the last 10 minutes, and under 高级 the extra host names staff
// may use (any other name in a request is refused).

import { api } from '../../api.js';
import { h, mount, toast } from '../../dom.js';
import { field, selectField, runAction } from '../forms.js';

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
  const port = field('端口', { type: 'number', min: 1024, max: 65535, value: s.port, name: 'port' }, '默认 1204（12月4日）。主机防火墙需放行这个端口。');
  const remote = h('input', { type: 'checkbox', id: 'host-remote', checked: s.allow_remote_organizer });
  const names = h('textarea', { id: 'host-names', name: 'host_names', rows: 3, spellcheck: 'false',
    placeholder: '例如 quiz.bureau.local（每行一个）' }, (s.host_names || []).join('\n'));
  const advanced = h('details', { class: 'host-advanced', open: (s.host_names || []).length > 0 },
    h('summary', {}, '高级'),
    h('label', { for: 'host-names' }, '其他主机名'),
    names,
    h('p', { class: 'muted small' }, '职工用本机地址（如 192.168.1.20）或 localhost 访问时不用填写。只有单位内网给主机配了域名、职工用域名访问时，才在这里填写这个域名（每行一个，不带 http:// 和端口）。其他名字的请求会被拒绝，以防恶意网页借助 DNS 重绑定冒充主机。'));
  const save = (enabled) => runAction(enabled ? on : off, err, async () => {
    await api.setHost({ enabled, bind: bind.input.value, port: parseInt(port.input.value, 10) || 0,
      allow_remote_organizer: remote.checked,
      host_names: names.value.split(/[\s,，]+/).map((n) => n.trim()).filter((n) => n) });
    toast(enabled ? '主机服务已开启' : '主机服务已关闭');
    await draw(box);
  }, enabled ? '主机服务没有开启' : '操作没有成功');
  const on = h('button', { type: 'button', class: 'btn btn-primary', id: 'host-on', onclick: () => save(true) }, st.running ? '应用更改' : '开启主机服务');
  const off = h('button', { type: 'button', class: 'btn', id: 'host-off', hidden: !st.running, onclick: () => save(false) }, '关闭主机服务');
  const status = st.running
    ? h('div', {}, h('p', { class: 'host-state-on', id: 'host-state' }, '● 主机服务运行中'),
      h('p', {}, '请职工在浏览器或法治知识竞答程序（“连接主机”）中打开：'),
      st.urls.map((u) => h('div', { class: 'host-urls' }, u)),
      h('p', { class: 'muted' }, '主机电脑重启后，服务会自动重新开启；正在答题的人重新连接后继续作答，截止时间不变。'))
    : h('div', {}, h('p', { class: 'host-state-off', id: 'host-state' }, '○ 主机服务未开启'),
      st.error ? h('div', { class: 'alert' }, h('strong', {}, '上次开启没有成功'), st.error) : null);
  const failed = h('p', { id: 'host-failed-logins' });
  const showFailed = (n, minutes) => {
    failed.className = n > 0 ? 'host-failed warn' : 'host-failed muted';
    failed.textContent = `最近 ${minutes} 分钟登录失败 ${n} 次${n > 0 ? '（详情见“审计日志”，含来源地址）' : ''}`;
  };
  showFailed(st.failed_logins, st.failed_login_minutes);
  // Kept current while the panel is on screen (a burst of wrong PINs shows up).
  const timer = setInterval(async () => {
    if (!failed.isConnected) { clearInterval(timer); return; }
    try {
      const now = await api.hostStatus();
      showFailed(now.failed_logins, now.failed_login_minutes);
    } catch { /* shown again on the next tick */ }
  }, 30000);
  mount(box, h('h2', {}, '作为主机（局域网竞答）'),
    h('div', { class: 'host-panel' },
      h('div', {}, status, failed,
        h('div', { class: 'form form-grid' }, bind.row, port.row),
        h('label', { class: 'check' }, remote, ' 允许在其他电脑上登录管理员（默认只能在主机上管理）'),
        advanced,
        err, h('div', { class: 'actions' }, off, on)),
      st.qr ? h('img', { class: 'host-qr', src: st.qr, alt: `主机地址二维码：${st.urls[0]}` }) : null));
}

// Shown instead of every screen when the backend could not start: says which
// database file and why, and what to do. When the file is damaged and
// backups of it exist, offers "用最近的备份恢复": the damaged file is kept
// aside under a new name (never overwritten) and the chosen backup is put in
// its place, then the app opens it.

import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { runAction } from './forms.js';

const KIND = { daily: '每日自动', manual: '手动', 'before-restore': '恢复前自动保存', migration: '升级前自动备份' };

function when(iso) {
  if (!iso) return '时间未知';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '时间未知';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function recoveryBox(status) {
  const backups = status.backups || [];
  if (!backups.length) {
    return h('p', { class: 'muted' }, '没有找到这个数据库的备份（备份在数据库文件旁的 backups 文件夹中）。');
  }
  const err = h('div', {});
  const done = h('div', { role: 'status' });
  let chosen = backups[0].name;
  const radios = backups.map((b, i) =>
    h(
      'label',
      { class: 'backup-choice' },
      h('input', {
        type: 'radio',
        name: 'backup',
        value: b.name,
        checked: i === 0,
        onchange: () => {
          chosen = b.name;
        },
      }),
      h('span', {}, `${when(b.modified)} · ${KIND[b.kind] || b.kind} · ${(b.bytes / 1048576).toFixed(1)} MB`),
      h('span', { class: 'muted small' }, b.name),
    ),
  );
  const btn = h('button', { type: 'button', class: 'btn btn-primary', id: 'recover-latest' }, '用最近的备份恢复');
  btn.addEventListener('click', () =>
    runAction(
      btn,
      err,
      async () => {
        const r = await api.recoverFromBackup(chosen);
        btn.hidden = true;
        mount(done, h('p', {}, `已恢复备份 ${r.restored}。损坏的文件已另存为 ${r.kept_aside}，没有删除。正在重新打开…`));
        setTimeout(() => {
          location.hash = '#/login';
          location.reload();
        }, 1500);
      },
      '恢复没有成功',
    ),
  );
  return h(
    'section',
    { class: 'recovery', 'aria-label': '从备份恢复' },
    h('h2', {}, '从备份恢复'),
    h(
      'p',
      {},
      '可以用下面的备份代替这个文件。损坏的文件会改名保存在原处（文件名后加 .corrupt- 和时间），不会被覆盖或删除；备份之后的改动不在备份里。',
    ),
    h('fieldset', { class: 'backup-list' }, h('legend', {}, '选择备份（最新的在最上面）'), radios),
    err,
    done,
    h('div', { class: 'actions-top' }, btn),
  );
}

export function renderStartupError(root, status) {
  mount(
    root,
    h(
      'section',
      { class: 'card error-page', role: 'alert' },
      h('h1', {}, '无法打开数据'),
      h('p', {}, '程序没能打开它的数据库，所以现在不能练习或答题。已有的数据没有被改动。'),
      h(
        'dl',
        {},
        h('dt', {}, '数据库文件'),
        h('dd', {}, status.db_path || '（未确定）'),
        h('dt', {}, '原因'),
        h('dd', {}, status.message || '未知'),
      ),
      status.code === 'db_too_new' ? null : recoveryBox(status),
      h(
        'p',
        { class: 'muted' },
        '如需帮助，请把以上信息告诉管理员（法治工作处 / 办公室）。可以用 --db 参数或 LAWQUIZ_DB 环境变量指定另一个数据库文件。',
      ),
    ),
  );
}

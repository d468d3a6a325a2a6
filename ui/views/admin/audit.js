// 审计日志: every organizer change, newest first.

import { api } from '../../api.js';
import { alertBox, h, mount } from '../../dom.js';
import { formatDateTime } from '../forms.js';

function local(ts) {
  return formatDateTime(ts);
}

export async function renderAudit(body) {
  let rows;
  try {
    rows = await api.auditLog();
  } catch (e) {
    mount(body, alertBox('日志加载失败', e.message));
    return null;
  }
  mount(
    body,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['时间', '操作人', '操作', '内容'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((r) =>
            h(
              'tr',
              {},
              h('td', { class: 'nowrap' }, local(r.at)),
              h('td', {}, r.actor),
              h('td', {}, r.action),
              h('td', { class: 'detail' }, r.detail),
            ),
          ),
        ),
      ),
    ),
  );
  return null;
}

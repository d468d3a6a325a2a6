// 人员: the roster with department, PIN and login-code state; add and edit
// people (with an optional PIN), reset a PIN, print one-time login codes.

import { api } from '../../api.js';
import { alertBox, h, mount, toast } from '../../dom.js';
import { chosenFile, field, filePicker, runAction } from '../forms.js';
import { templateButton } from './bank.js';

export const CODES_KEY = 'lawquiz.loginCodes';

function editor(body, emp, onSaved) {
  const err = h('div', {});
  const no = field('工号', { value: emp ? emp.staff_no : '', disabled: !!emp, name: 'staff_no' });
  const name = field('姓名', { value: emp ? emp.name : '', name: 'name' });
  const dept = field(
    '部门',
    { value: emp?.department ? emp.department : '', name: 'department', list: 'dept-list' },
    '输入新的部门名称会自动创建部门。',
  );
  const pin = field(emp?.has_pin ? '新 PIN（不改请留空）' : 'PIN（可留空：本人用登录码登录后自己设置）', {
    name: 'pin',
    inputmode: 'numeric',
    autocomplete: 'off',
  });
  const active = h('input', { type: 'checkbox', checked: emp ? emp.active : true, id: 'emp-active' });
  const btn = h('button', { type: 'submit', class: 'btn btn-primary', id: 'emp-save' }, '保存');
  const form = h(
    'form',
    {
      class: 'form form-grid',
      onsubmit: (e) => {
        e.preventDefault();
        runAction(
          btn,
          err,
          async () => {
            await api.saveEmployee({
              id: emp ? emp.id : null,
              staff_no: no.input.value,
              name: name.input.value,
              department: dept.input.value,
              active: active.checked,
              pin: pin.input.value || null,
            });
            toast('已保存');
            onSaved();
          },
          '保存没有成功',
        );
      },
    },
    no.row,
    name.row,
    dept.row,
    pin.row,
    h('label', { class: 'choice', for: 'emp-active' }, active, '在职（停用后不能登录，记录保留）'),
    err,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', onclick: onSaved }, '取消'), btn),
  );
  mount(body, h('section', { class: 'card' }, h('h2', {}, emp ? `编辑：${emp.name}` : '添加人员'), form));
  setTimeout(() => (emp ? name.input : no.input).focus(), 0);
}

function rosterImport(reload) {
  const box = h('div', {});
  const picker = filePicker(null, { id: 'roster-file', accept: '.xlsx,.csv' });
  const { input } = picker;
  input.addEventListener('change', async () => {
    let file;
    try {
      file = await chosenFile(input);
      if (!file) return;
      mount(box, h('p', { class: 'loading' }, '正在读取…'));
      const p = await api.previewRoster(file.name, file.bytes);
      const err = h('div', {});
      const go = h(
        'button',
        { type: 'button', class: 'btn btn-primary', id: 'roster-confirm', disabled: p.errors.length > 0 || !p.rows },
        `确认导入（新增 ${p.added} 人，更新 ${p.updated} 人）`,
      );
      go.addEventListener('click', () =>
        runAction(
          go,
          err,
          async () => {
            const r = await api.importRoster(file.name, file.bytes);
            toast(`名单已导入：新增 ${r.added} 人，更新 ${r.updated} 人`);
            reload();
          },
          '导入没有成功',
        ),
      );
      mount(
        box,
        h('p', {}, `共 ${p.rows} 人：新增 ${p.added}，有变化 ${p.updated}，无变化 ${p.unchanged}。`),
        p.ignored_columns.length ? h('p', { class: 'muted small' }, `已忽略的列：${p.ignored_columns.join('、')}`) : null,
        p.errors.length
          ? h(
              'div',
              { class: 'alert', role: 'alert', id: 'roster-errors' },
              h('strong', {}, `发现 ${p.errors.length} 处错误，整个名单都不会导入：`),
              h(
                'ul',
                {},
                p.error_lines.map((l) => h('li', {}, l)),
              ),
            )
          : null,
        p.changes.length
          ? h(
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
                    ['行', '工号', '姓名', '变化'].map((x) => h('th', { scope: 'col' }, x)),
                  ),
                ),
                h(
                  'tbody',
                  {},
                  p.changes
                    .slice(0, 200)
                    .map((c) =>
                      h('tr', {}, h('td', { class: 'num' }, c.row), h('td', {}, c.staff_no), h('td', {}, c.name), h('td', {}, c.change)),
                    ),
                ),
              ),
            )
          : null,
        err,
        h('div', { class: 'actions' }, h('span'), go),
      );
    } catch (e) {
      mount(box, alertBox('无法读取这个文件', e.message));
    }
  });
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, '从文件导入名单'),
    h(
      'p',
      { class: 'muted small' },
      'Excel（.xlsx）或 CSV 文件，第一行表头：工号、姓名、部门，可选“初始PIN”。再次导入时按工号更新，部门不存在会自动创建。',
    ),
    h('div', { class: 'actions-top' }, picker.row, templateButton('roster', '下载名单模板', box)),
    box,
  );
}

export async function renderPeople(body) {
  mount(body, h('p', { class: 'loading' }, '正在加载…'));
  let view;
  try {
    view = await api.people();
  } catch (e) {
    mount(body, alertBox('人员加载失败', e.message));
    return null;
  }
  const reload = () => renderPeople(body);
  const err = h('div', {});
  const codesBtn = h('button', { type: 'button', class: 'btn', id: 'issue-codes' }, '为全部在职人员打印登录码');
  codesBtn.addEventListener('click', () =>
    runAction(codesBtn, err, async () => {
      if (!window.confirm('将为全部在职人员生成新的一次性登录码，旧的登录码会失效。继续吗？')) return;
      const codes = await api.issueLoginCodes([]);
      sessionStorage.setItem(CODES_KEY, JSON.stringify(codes));
      location.hash = '#/codes';
    }),
  );
  const rows = view.employees.map((e) =>
    h(
      'tr',
      { class: e.active ? '' : 'inactive' },
      h('td', {}, e.staff_no),
      h('td', {}, e.name),
      h('td', {}, e.department || '—'),
      h('td', {}, e.active ? '在职' : '已停用'),
      h('td', {}, e.has_pin ? (e.pin_by_organizer ? '已设置（管理员）' : '已设置（本人）') : '未设置（用登录码登录后设置）'),
      h(
        'td',
        { class: 'row-actions' },
        h('button', { type: 'button', class: 'btn-link', onclick: () => editor(body, e, reload) }, '编辑'),
        e.has_pin
          ? h(
              'button',
              {
                type: 'button',
                class: 'btn-link',
                onclick: async () => {
                  if (!window.confirm(`清除 ${e.name} 的 PIN？清除后本人可重新设置，或用登录码登录。`)) return;
                  try {
                    await api.resetPin(e.id);
                    toast('PIN 已清除');
                    reload();
                  } catch (x) {
                    mount(err, alertBox('操作没有成功', x.message));
                  }
                },
              },
              '重置 PIN',
            )
          : null,
      ),
    ),
  );
  mount(
    body,
    h(
      'datalist',
      { id: 'dept-list' },
      view.departments.map((d) => h('option', { value: d.name })),
    ),
    h(
      'div',
      { class: 'actions-top' },
      h('button', { type: 'button', class: 'btn btn-primary', id: 'add-employee', onclick: () => editor(body, null, reload) }, '添加人员'),
      codesBtn,
    ),
    err,
    rosterImport(reload),
    h('p', { class: 'muted' }, `共 ${view.employees.length} 人，${view.departments.length} 个部门。`),
    view.employees.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'table', id: 'people-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['工号', '姓名', '部门', '状态', 'PIN', '操作'].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h('tbody', {}, rows),
          ),
        )
      : h('section', { class: 'card' }, h('p', {}, '还没有人员。点击“添加人员”逐个添加。')),
  );
  return null;
}

// 线下学习: the organizer records study outside the app — 集体学法, 中心组学习,
// 培训班, 宪法日活动, 其他 — with its date and 学时, and who attended: ticked
// by hand or from the sign-in sheet (.xlsx / CSV; a sheet with any bad row
// ticks nobody and lists every bad row). Each attendee's 学时 gain the
// activity's hours at once; an edit or a deletion recomputes them and is
// written to the 审计日志. 学时证明 prints a person's year on A4.

import { api } from '../../api.js';
import { alertBox, h, mount, toast } from '../../dom.js';
import { chosenFile, dateField, field, filePicker, runAction, savedToast, selectField } from '../forms.js';

const KIND_HINT = {
  集体学法: '领导班子或处室集体学法',
  中心组学习: '理论学习中心组学习',
  培训班: '法治培训班、专题讲座',
  宪法日活动: '12月4日国家宪法日宣誓、宣传等',
  其他: '其他线下学法活动',
};

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The attendance list: every active person, grouped by department, with a
 * filter; returns {el, chosen(), tick(ids), count}. */
function attendance(people, initial) {
  const ticked = new Set(initial);
  const counter = h('span', { class: 'attend-count', id: 'attend-count', 'aria-live': 'polite' });
  const boxes = new Map();
  const update = () => {
    counter.textContent = `已勾选 ${ticked.size} 人`;
  };
  const byDept = new Map();
  for (const p of people) {
    if (!p.active && !ticked.has(p.id)) continue;
    const d = p.department || '（未分部门）';
    if (!byDept.has(d)) byDept.set(d, []);
    byDept.get(d).push(p);
  }
  const groups = [...byDept.entries()].map(([dept, list]) => {
    const items = list.map((p) => {
      const box = h('input', {
        type: 'checkbox',
        id: `attend-${p.id}`,
        checked: ticked.has(p.id),
        dataset: { staffNo: p.staff_no },
        onchange: () => {
          if (box.checked) ticked.add(p.id);
          else ticked.delete(p.id);
          update();
        },
      });
      boxes.set(p.id, box);
      return h(
        'label',
        { class: 'attend-person', for: `attend-${p.id}`, dataset: { search: `${p.staff_no} ${p.name} ${dept}` } },
        box,
        h('span', {}, p.name),
        h('span', { class: 'muted small' }, p.staff_no),
      );
    });
    const all = h(
      'button',
      {
        type: 'button',
        class: 'btn-link small',
        onclick: () => {
          const on = !list.every((p) => ticked.has(p.id));
          for (const p of list) {
            if (on) ticked.add(p.id);
            else ticked.delete(p.id);
            boxes.get(p.id).checked = on;
          }
          update();
        },
      },
      '全选 / 取消本部门',
    );
    return h('fieldset', { class: 'attend-dept' }, h('legend', {}, dept, ' ', all), h('div', { class: 'attend-grid' }, items));
  });
  const filter = h('input', {
    class: 'input',
    type: 'search',
    placeholder: '按姓名、工号或部门查找',
    'aria-label': '查找人员',
    oninput: () => {
      const q = filter.value.trim();
      for (const el of groups.flatMap((g) => [...g.querySelectorAll('.attend-person')])) {
        el.hidden = !!q && !el.dataset.search.includes(q);
      }
    },
  });
  update();
  return {
    el: h('div', { class: 'attendance' }, h('div', { class: 'attend-top' }, filter, counter), groups),
    chosen: () => [...ticked],
    tick(ids) {
      for (const id of ids) {
        ticked.add(id);
        const b = boxes.get(id);
        if (b) b.checked = true;
      }
      update();
    },
  };
}

function editor(body, view, people, activity, reload) {
  const err = h('div', {});
  const kind = selectField(
    '类别',
    view.kinds.map((k) => [k, k]),
    activity ? activity.kind : '集体学法',
  );
  const title = field('活动名称', {
    value: activity ? activity.title : '',
    name: 'title',
    maxlength: 100,
    placeholder: '例如：学习民法典合同编',
  });
  const date = dateField('日期', activity ? activity.held_on : today(), { name: 'held_on' });
  const kindHint = h('div', { class: 'field-hint' }, KIND_HINT[kind.input.value] || '');
  kind.input.addEventListener('change', () => {
    kindHint.textContent = KIND_HINT[kind.input.value] || '';
  });
  kind.row.append(kindHint);
  const hours = field(
    '学时',
    { type: 'number', min: 0.5, max: 24, step: 0.5, value: activity ? activity.hours : 2, name: 'hours', inputmode: 'decimal' },
    '每人计入，0.5 的倍数',
  );
  const list = attendance(people, activity ? activity.attendees : []);
  const signBox = h('div', { id: 'sign-in-result' });
  const picker = filePicker(null, { id: 'sign-in-file', accept: '.xlsx,.csv' });
  picker.input.addEventListener('change', async () => {
    try {
      const file = await chosenFile(picker.input);
      if (!file) return;
      mount(signBox, h('p', { class: 'loading' }, '正在读取签到表…'));
      const p = await api.previewSignIn(file.name, file.bytes);
      if (p.errors.length) {
        mount(
          signBox,
          h(
            'div',
            { class: 'alert', role: 'alert', id: 'sign-in-errors' },
            h('strong', {}, `签到表有 ${p.errors.length} 处错误，没有勾选任何人。请改正后重新选择文件：`),
            h(
              'ul',
              {},
              p.error_lines.map((l) => h('li', {}, l)),
            ),
          ),
        );
        return;
      }
      list.tick(p.people.map((x) => x.id));
      mount(
        signBox,
        h(
          'p',
          { class: 'ok-note', id: 'sign-in-ok' },
          `已按签到表勾选 ${p.people.length} 人：`,
          p.people
            .slice(0, 30)
            .map((x) => x.name)
            .join('、'),
          p.people.length > 30 ? ' 等' : '',
          p.ignored_columns.length ? h('span', { class: 'muted small' }, `（已忽略的列：${p.ignored_columns.join('、')}）`) : null,
        ),
      );
    } catch (e) {
      mount(signBox, alertBox('无法读取这个文件', e.message));
    }
  });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'activity-save' }, '保存');
  const form = h(
    'form',
    {
      class: 'form',
      onsubmit: (e) => {
        e.preventDefault();
        runAction(
          save,
          err,
          async () => {
            const held = date.value();
            const hrs = Number(hours.input.value);
            await api.saveActivity({
              id: activity ? activity.id : null,
              kind: kind.input.value,
              title: title.input.value,
              held_on: held,
              hours: hrs,
              attendees: list.chosen(),
            });
            toast('已保存，参加人员的学时已更新');
            reload();
          },
          '保存没有成功',
        );
      },
    },
    h('div', { class: 'activity-grid' }, kind.row, title.row, date.row, hours.row),
    h('h3', {}, '参加人员'),
    h(
      'div',
      { class: 'sign-in' },
      h(
        'p',
        { class: 'muted small' },
        '可以逐个勾选，也可以导入签到表（Excel 或 CSV，表头含“工号”，或“姓名”和“部门”）。签到表里的人会被勾选，已勾选的保留。',
      ),
      picker.row,
      signBox,
    ),
    list.el,
    err,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', onclick: reload }, '取消'), save),
  );
  mount(
    body,
    h('section', { class: 'card', id: 'activity-editor' }, h('h2', {}, activity ? `修改：${activity.title}` : '记录线下学习'), form),
  );
  setTimeout(() => title.input.focus(), 0);
}

function statementPicker(people) {
  const active = people.filter((p) => p.active);
  const who = selectField(
    '人员',
    active.map((p) => [p.id, `${p.name}（${p.staff_no}${p.department ? ` · ${p.department}` : ''}）`]),
    active[0] ? active[0].id : '',
  );
  const year = field('年度', { type: 'number', min: 2000, max: new Date().getFullYear(), value: new Date().getFullYear(), name: 'year' });
  const go = h(
    'a',
    {
      class: 'btn',
      id: 'open-statement',
      href: '#',
      onclick: (e) => {
        e.preventDefault();
        location.hash = `#/statement/${who.input.value}/${year.input.value}`;
      },
    },
    '打开学时证明',
  );
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, '学时证明'),
    h('p', { class: 'muted small' }, '一人一年一页 A4：在线学习和线下学习的学时，逐项列出参加的活动，可打印或存为 PDF。'),
    h(
      'div',
      { class: 'form-grid statement-pick' },
      who.row,
      year.row,
      h('div', { class: 'field' }, h('span', { class: 'field-label' }, ' '), go),
    ),
  );
}

export async function renderOffline(body) {
  mount(body, h('p', { class: 'loading' }, '正在加载…'));
  let view;
  let people;
  try {
    [view, people] = await Promise.all([api.activities(), api.people()]);
  } catch (e) {
    mount(body, alertBox('线下学习加载失败', e.message));
    return null;
  }
  const reload = () => renderOffline(body);
  const staff = people.employees;
  const names = new Map(staff.map((p) => [p.id, p.name]));
  const err = h('div', {});
  const exportBtn = h('button', { type: 'button', class: 'btn', id: 'export-activities' }, '导出 Excel');
  exportBtn.addEventListener('click', () =>
    runAction(exportBtn, err, async () => savedToast(await api.exportActivities()), '导出没有成功'),
  );
  const rows = view.activities.map((a) =>
    h(
      'tr',
      { dataset: { activity: a.id } },
      h('td', { class: 'nowrap' }, a.held_on),
      h('td', { class: 'nowrap' }, a.kind),
      h('td', {}, a.title),
      h('td', { class: 'num' }, a.hours),
      h('td', { class: 'num', title: a.attendees.map((id) => names.get(id)).join('、') }, a.attendees.length),
      h(
        'td',
        { class: 'row-actions' },
        h('button', { type: 'button', class: 'btn-link', onclick: () => editor(body, view, staff, a, reload) }, '修改'),
        h(
          'button',
          {
            type: 'button',
            class: 'btn-link danger',
            onclick: async () => {
              if (!window.confirm(`删除“${a.title}”？${a.attendees.length} 位参加人员的这 ${a.hours} 学时会一并扣除，操作记入审计日志。`))
                return;
              try {
                await api.deleteActivity(a.id);
                toast('已删除');
                reload();
              } catch (x) {
                mount(err, alertBox('删除没有成功', x.message));
              }
            },
          },
          '删除',
        ),
      ),
    ),
  );
  mount(
    body,
    h(
      'div',
      { class: 'actions-top' },
      h(
        'button',
        { type: 'button', class: 'btn btn-primary', id: 'add-activity', onclick: () => editor(body, view, staff, null, reload) },
        '记录线下学习',
      ),
      exportBtn,
    ),
    err,
    h('p', { class: 'muted' }, '集体学法、中心组学习、培训班等线下学习的学时，记入每位参加人员的学时，和在线学习分开统计、合计达标。'),
    view.activities.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'table', id: 'activities-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [['日期'], ['类别'], ['活动名称'], ['学时', 1], ['参加人数', 1], ['操作']].map(([t, n]) =>
                  h('th', { scope: 'col', class: n ? 'num' : null }, t),
                ),
              ),
            ),
            h('tbody', {}, rows),
          ),
        )
      : h('section', { class: 'card' }, h('p', {}, '还没有记录线下学习。点击“记录线下学习”，填写活动并勾选或导入参加人员。')),
    statementPicker(staff),
  );
  return null;
}

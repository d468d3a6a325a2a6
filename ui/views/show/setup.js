// 管理 → 现场竞答: the organizer's shows (list, 新建, 编辑 while in
// preparation, 删除, 开始) and the set-up form — the title and the unit's
// name (for the oath page), the teams (2 to 12: from a department or named
// freely, members, one colour each from the palette) and the rounds in order
// (kind, title, points, seconds, and the questions: drawn by a rule from the
// bank or a hand-picked list of question ids). The backend checks the spec
// and answers in Chinese; its message is shown above 保存.

import { api } from '../../api.js';
import { alertBox, h, mount, toast } from '../../dom.js';
import { field, runAction } from '../forms.js';
import { POOLS } from '../paper-choices.js';
import { colourName, KINDS, PALETTE } from './common.js';
import { colourPicker, defaultSpec, labelled, newRound, num, subjectOptions, useLaws } from './setup-parts.js';

const TYPES = [
  ['', '不限'],
  ['single', '单选'],
  ['judge', '判断'],
  ['multi', '多选'],
];
const STATES = { setup: '准备中', running: '进行中', finished: '已结束' };

function editor(body, existing, departments, reload) {
  const spec = existing ? JSON.parse(JSON.stringify(existing.spec)) : defaultSpec();
  const err = h('div', { id: 'show-save-error' });
  const title = field('竞答名称', { value: spec.title || '', name: 'show_title' });
  const unit = field('单位名称（宣誓页和大屏上显示）', {
    value: spec.unit_name || '',
    name: 'unit_name',
    placeholder: '例如：某某市司法局',
  });
  const teamsBox = h('div', { id: 'show-teams' });
  const roundsBox = h('div', { id: 'show-rounds' });

  function drawTeams() {
    mount(
      teamsBox,
      spec.teams.map((t, i) => {
        const name = field('队名', { value: t.name, name: `team_name_${i}` });
        name.input.addEventListener('change', () => {
          t.name = name.input.value.trim();
        });
        const dept = h(
          'select',
          {
            class: 'input',
            'aria-label': '来自部门',
            onchange: (e) => {
              t.department = e.target.value || null;
              if (t.department && (!t.name || /^第.队$/.test(t.name))) {
                t.name = `${t.department}队`;
                drawTeams();
              }
            },
          },
          h('option', { value: '' }, '（不按部门）'),
          departments.map((d) => h('option', { value: d, selected: t.department === d }, d)),
        );
        const members = field('队员（用顿号或逗号隔开）', {
          value: (t.members || []).map((m) => (typeof m === 'string' ? m : m.name)).join('、'),
          name: `team_members_${i}`,
        });
        members.input.addEventListener('change', () => {
          t.members = members.input.value
            .split(/[、，,;；\s]+/)
            .map((s) => s.trim())
            .filter(Boolean);
        });
        const box = h(
          'div',
          { class: 'show-team-edit', 'data-colour': colourName(t.colour), dataset: { team: String(i) } },
          h(
            'div',
            { class: 'show-edit-row' },
            name.row,
            labelled('来自部门（可选）', dept),
            h(
              'button',
              {
                type: 'button',
                class: 'btn',
                disabled: spec.teams.length <= 2,
                onclick: () => {
                  spec.teams.splice(i, 1);
                  drawTeams();
                },
              },
              '删除本队',
            ),
          ),
          members.row,
          colourPicker(t, i, drawTeams),
        );
        return box;
      }),
      h(
        'div',
        { class: 'actions-top' },
        h(
          'button',
          {
            type: 'button',
            class: 'btn',
            id: 'add-team',
            disabled: spec.teams.length >= 12,
            onclick: () => {
              const used = new Set(spec.teams.map((t) => t.colour));
              spec.teams.push({
                name: `第${'一二三四五六七八九十'[spec.teams.length] || spec.teams.length + 1}队`,
                colour: PALETTE.find((c) => !used.has(c)) || PALETTE[0],
                department: null,
                members: [],
              });
              drawTeams();
            },
          },
          '＋ 添加参赛队',
        ),
        h('span', { class: 'muted small' }, `共 ${spec.teams.length} 队（2 到 12 队）`),
      ),
    );
  }

  function drawRounds() {
    mount(
      roundsBox,
      spec.rounds.map((r, i) => {
        const st = r;
        const set = (fn) => (v) => {
          fn(v);
        };
        const kind = h(
          'select',
          {
            class: 'input',
            'aria-label': '题型',
            name: `round_kind_${i}`,
            onchange: (e) => {
              const fresh = newRound(e.target.value, i);
              for (const k of ['points_right', 'points_wrong', 'foul_penalty', 'answer_seconds', 'risk_values', 'speed_seconds', 'count'])
                delete r[k];
              Object.assign(r, { kind: fresh.kind, title: fresh.title }, defaultSettings(fresh.kind));
              drawRounds();
            },
          },
          KINDS.map(([k, l]) => h('option', { value: k, selected: r.kind === k }, l)),
        );
        const titleF = field('本轮标题', { value: r.title, name: `round_title_${i}` });
        titleF.input.addEventListener('change', () => {
          r.title = titleF.input.value.trim();
        });
        const points = [];
        if (r.kind !== 'risk')
          points.push(
            num(
              '答对得分',
              st.points_right,
              set((v) => {
                st.points_right = v;
              }),
              { min: 0 },
            ),
          );
        if (r.kind === 'buzz') {
          points.push(
            num(
              '答错扣分',
              st.points_wrong,
              set((v) => {
                st.points_wrong = v;
              }),
              { min: 0 },
            ),
          );
          points.push(
            num(
              '犯规扣分',
              st.foul_penalty,
              set((v) => {
                st.foul_penalty = v;
              }),
              { min: 0, placeholder: '0（不扣）' },
            ),
          );
        }
        if (r.kind === 'risk') {
          const rv = field('可选分值（用顿号隔开）', { value: (st.risk_values || []).join('、'), name: `risk_values_${i}` });
          rv.input.addEventListener('change', () => {
            st.risk_values = rv.input.value
              .split(/[、，,\s/]+/)
              .map((x) => parseInt(x, 10))
              .filter((x) => Number.isFinite(x));
          });
          points.push(rv.row);
        }
        if (r.kind === 'speed')
          points.push(
            num(
              '每队限时（秒）',
              st.speed_seconds,
              set((v) => {
                st.speed_seconds = v;
              }),
              { min: 5 },
            ),
          );
        else
          points.push(
            num(
              '作答时间（秒）',
              st.answer_seconds,
              set((v) => {
                st.answer_seconds = v;
              }),
              { min: 3 },
            ),
          );
        points.push(
          num(
            r.kind === 'buzz' ? '题数' : r.kind === 'speed' ? '每队最多题数' : '每队题数',
            st.count,
            set((v) => {
              st.count = v;
            }),
            { min: 1 },
          ),
        );

        // A hand-picked list is kept in question_ids (the rule is then null).
        const picked = !r.rule;
        const source = h(
          'select',
          {
            class: 'input',
            'aria-label': '题目来源',
            onchange: (e) => {
              if (e.target.value === 'list') {
                r.rule = null;
                r.question_ids = r.question_ids || [];
              } else {
                r.rule = newRound(r.kind, i).rule;
                r.question_ids = [];
              }
              drawRounds();
            },
          },
          h('option', { value: 'rule', selected: !picked }, '按规则从题库抽题'),
          h('option', { value: 'list', selected: picked }, '指定题目编号'),
        );
        let questions;
        if (picked) {
          const ids = field('题目编号（每行一个，或用逗号隔开）', { value: r.question_ids.join('\n'), name: `round_ids_${i}` });
          const area = h('textarea', { class: 'input', rows: 3, id: ids.input.id, name: `round_ids_${i}` }, r.question_ids.join('\n'));
          ids.input.replaceWith(area);
          area.addEventListener('change', () => {
            r.question_ids = area.value
              .split(/[\s,，、]+/)
              .map((x) => x.trim())
              .filter(Boolean);
          });
          questions = ids.row;
        } else {
          const rule = r.rule;
          const sel = (label, opts, value, fn) =>
            labelled(
              label,
              h(
                'select',
                { class: 'input', onchange: (e) => fn(e.target.value) },
                opts.map(([v, l]) => h('option', { value: v, selected: String(v) === String(value ?? '') }, l)),
              ),
            );
          questions = h(
            'div',
            { class: 'show-edit-row' },
            sel('科目', subjectOptions(rule.subject), rule.subject, (v) => {
              rule.subject = v;
            }),
            sel('题型', TYPES, rule.qtype, (v) => {
              rule.qtype = v || null;
            }),
            sel(
              '难度',
              [
                ['', '不限'],
                ['1', '1'],
                ['2', '2'],
                ['3', '3'],
                ['4', '4'],
                ['5', '5'],
              ],
              rule.difficulty,
              (v) => {
                rule.difficulty = v ? Number(v) : null;
              },
            ),
            sel('题目范围', POOLS, rule.pool || 'any', (v) => {
              rule.pool = v;
            }),
          );
        }
        return h(
          'div',
          { class: 'show-round-edit', dataset: { round: String(i) } },
          h(
            'div',
            { class: 'show-edit-row' },
            labelled(`第 ${i + 1} 轮`, kind),
            titleF.row,
            h(
              'button',
              {
                type: 'button',
                class: 'btn',
                disabled: i === 0,
                'aria-label': '上移',
                onclick: () => {
                  spec.rounds.splice(i - 1, 0, spec.rounds.splice(i, 1)[0]);
                  drawRounds();
                },
              },
              '上移',
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'btn round-delete',
                disabled: spec.rounds.length <= 1,
                onclick: () => {
                  spec.rounds.splice(i, 1);
                  drawRounds();
                },
              },
              '删除本轮',
            ),
          ),
          h('div', { class: 'show-edit-row' }, points),
          h('div', { class: 'show-edit-row' }, labelled('题目', source)),
          questions,
        );
      }),
      h(
        'div',
        { class: 'actions-top' },
        KINDS.map(([k, l]) =>
          h(
            'button',
            {
              type: 'button',
              class: 'btn',
              onclick: () => {
                spec.rounds.push(newRound(k, spec.rounds.length));
                drawRounds();
              },
            },
            `＋ ${l}轮`,
          ),
        ),
      ),
    );
  }

  const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'show-save' }, '保存现场竞答');
  const form = h(
    'form',
    {
      class: 'form',
      id: 'show-form',
      onsubmit: (e) => {
        e.preventDefault();
        runAction(
          save,
          err,
          async () => {
            spec.title = title.input.value.trim();
            spec.unit_name = unit.input.value.trim();
            await api.showSave(existing ? existing.id : null, spec);
            toast('现场竞答已保存');
            reload();
          },
          '保存没有成功',
        );
      },
    },
    h('section', { class: 'card' }, h('h2', {}, '基本信息'), h('div', { class: 'form-grid' }, title.row, unit.row)),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, '参赛队'),
      h('p', { class: 'muted small' }, '2 到 12 队。可以按部门组队，也可以自己起队名；每队一种颜色，大屏和手机上都用这个颜色。'),
      teamsBox,
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, '比赛环节'),
      h(
        'p',
        { class: 'muted small' },
        '按顺序进行。必答：各队轮流答本队的题；抢答：主持人宣布开始后抢答，提前抢答算犯规；风险题：看题前选分值，答对加、答错扣；限时速答：一队在限定时间内连续答题。开始比赛时按规则从题库抽题并保存，之后不再变化。',
      ),
      roundsBox,
    ),
    err,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', onclick: reload }, '取消'), save),
  );
  drawTeams();
  drawRounds();
  mount(body, h('h2', {}, existing ? `编辑：${existing.spec.title}` : '新建现场竞答'), form);
  title.input.focus();
}

export async function renderShowAdmin(body) {
  mount(body, h('p', { class: 'loading' }, '正在加载…'));
  let list;
  let departments = [];
  try {
    list = await api.showList();
    useLaws(await api.lawList());
    const people = await api.people().catch(() => null);
    departments = people ? people.departments.map((d) => d.name) : [];
  } catch (e) {
    mount(body, alertBox('现场竞答加载失败', e.message));
    return null;
  }
  const reload = () => renderShowAdmin(body);
  const err = h('div', {});
  const rows = list.map((s) => {
    const actions = [
      h(
        'a',
        { class: 'btn btn-primary', href: `#/show/${s.id}`, dataset: { show: String(s.id) } },
        s.state === 'setup' ? '进入主持台' : '主持台',
      ),
    ];
    if (s.state === 'setup') {
      actions.push(
        h(
          'button',
          {
            type: 'button',
            class: 'btn',
            onclick: async () => {
              try {
                const d = await api.showGet(s.id);
                editor(body, d, departments, reload);
              } catch (e) {
                mount(err, alertBox('打开失败', e.message));
              }
            },
          },
          '编辑',
        ),
      );
      actions.push(
        h(
          'button',
          {
            type: 'button',
            class: 'btn',
            onclick: async (ev) => {
              if (!window.confirm(`删除“${s.title}”？`)) return;
              await runAction(
                ev.currentTarget,
                err,
                async () => {
                  await api.showDelete(s.id);
                  toast('已删除');
                  reload();
                },
                '删除没有成功',
              );
            },
          },
          '删除',
        ),
      );
    }
    return h(
      'tr',
      {},
      h('td', {}, s.title),
      h('td', {}, STATES[s.state] || s.state),
      h('td', {}, s.code),
      h('td', { class: 'num' }, s.teams),
      h('td', { class: 'num' }, s.rounds),
      h('td', {}, h('div', { class: 'actions-top' }, actions)),
    );
  });
  mount(
    body,
    h(
      'div',
      { class: 'actions-top' },
      h(
        'button',
        { type: 'button', class: 'btn btn-primary', id: 'new-show', onclick: () => editor(body, null, departments, reload) },
        '＋ 新建现场竞答',
      ),
    ),
    h(
      'p',
      { class: 'muted' },
      '现场竞答用于 12·4 当天的会场活动：集体宣誓、各队必答、抢答、风险题。参赛队用电脑或手机当抢答器，观众也可以用手机一起答题。',
    ),
    err,
    rows.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'table', id: 'show-list' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['名称', '状态', '加入码', '队数', '环节数', ''].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h('tbody', {}, rows),
          ),
        )
      : h('p', { class: 'muted' }, '还没有现场竞答。'),
  );
  return null;
}

// 竞答: the organizer's list of contests with their states and actions, and
// the set-up form — basics, paper rules with live counts of what each rule
// can draw from, prizes, and when answers may be reviewed.

import { api } from '../../api.js';
import { alertBox, h, mount, toast } from '../../dom.js';
import { dateTimeField, field, formatDateTime, runAction, selectField } from '../forms.js';
import { defaultSubject, POOLS, subjectChoices, withCurrent } from '../paper-choices.js';
import { chaptersFor, defaultSpec, newTier, scopeOptions } from './contest-defaults.js';
import { openHall } from './hall-control.js';

const TYPES = [
  ['single', '单选'],
  ['multi', '多选'],
  ['judge', '判断'],
  ['fill', '填空'],
];
/** `view`: the laws and topics (law_list) a rule may draw from. */
function editor(body, existing, reload, view) {
  const spec = existing ? JSON.parse(JSON.stringify(existing.spec)) : defaultSpec(view);
  const err = h('div', {});
  const title = field('竞答名称', { value: spec.title, name: 'title' });
  const opens = dateTimeField('开始时间', spec.opens_at, 'opens_at');
  const closes = dateTimeField('结束时间', spec.closes_at, 'closes_at');
  const limit = field('答题时间（分钟）', { type: 'number', min: 1, value: spec.time_limit_minutes, name: 'limit' });
  const attempts = field('每人可作答次数', { type: 'number', min: 1, value: spec.attempts_allowed, name: 'attempts' });
  const counting = selectField(
    '多次作答取',
    [
      ['best', '最好成绩'],
      ['last', '最后一次'],
    ],
    spec.counting,
  );
  const pass = field('及格分', { type: 'number', min: 0, value: spec.pass_mark, name: 'pass' });
  const review = selectField(
    '答案公布时间',
    [
      ['after_submit', '交卷后立即'],
      ['after_close', '竞答结束后'],
      ['never', '不公布'],
    ],
    spec.review,
  );
  const libraryOn = h('input', { type: 'checkbox', id: 'library-during', checked: !!spec.library_during_attempt });
  const multi = selectField(
    '多选题计分',
    [
      ['all_or_nothing', '全对才得分'],
      ['half_for_correct_subset', '少选（无错选）得一半分'],
    ],
    spec.multi_scoring,
  );
  const rulesBox = h('div', {});
  const tiersBox = h('div', {});
  const lotteryOn = h('input', { type: 'checkbox', id: 'lottery-on', checked: !!spec.lottery });
  const lotteryCount = field('抽奖名额', { type: 'number', min: 1, value: spec.lottery ? spec.lottery.count : 10, name: 'lottery_count' });
  const lotteryMin = field('参加抽奖的最低分', {
    type: 'number',
    min: 0,
    value: spec.lottery ? spec.lottery.min_score : 0,
    name: 'lottery_min',
  });
  // law → its 编 and 章, loaded as rules name the law.
  const scopes = {};

  async function refreshPools() {
    try {
      const pools = await api.paperPools(spec.paper);
      rulesBox.querySelectorAll('.pool').forEach((el, i) => {
        const ok = pools[i] >= spec.paper[i].count;
        el.textContent = `可抽 ${pools[i]} 题`;
        el.classList.toggle('bad', !ok);
      });
    } catch (e) {
      mount(err, alertBox('无法统计题量', e.message));
    }
  }

  const summary = h('p', { class: 'paper-summary', id: 'paper-summary', 'aria-live': 'polite' });
  function drawRules() {
    const total = spec.paper.reduce((s, r) => s + r.count * r.points, 0);
    const count = spec.paper.reduce((s, r) => s + r.count, 0);
    summary.textContent = `共 ${count} 题，满分 ${total} 分`;
    mount(
      rulesBox,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table rules-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['题数', '题型', '科目', '编', '章', '难度', '题目来源', '每题分', '题库', ''].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            {},
            spec.paper.map((r, i) => {
              // A law has an outline to narrow to; a topic (宪法日常识) has none.
              const outline = scopes[r.scope.subject];
              const parts = outline ? outline.parts : [];
              const chapters = chaptersFor(outline, r.scope.part);
              const sel = (opts, value, onchange, label) =>
                h(
                  'select',
                  { class: 'input', 'aria-label': label, onchange: (e) => onchange(e.target.value) },
                  opts.map(([v, l]) => h('option', { value: v, selected: String(v) === String(value ?? '') }, l)),
                );
              const num = (value, onchange, label) =>
                h('input', {
                  class: 'input num-input',
                  type: 'number',
                  min: 1,
                  value,
                  'aria-label': label,
                  onchange: (e) => onchange(parseInt(e.target.value, 10) || 0),
                });
              const set = (fn) => (v) => {
                fn(v);
                drawRules();
                refreshPools();
              };
              return h(
                'tr',
                {},
                h(
                  'td',
                  {},
                  num(
                    r.count,
                    set((v) => {
                      r.count = v;
                    }),
                    '题数',
                  ),
                ),
                h(
                  'td',
                  {},
                  sel(
                    TYPES,
                    r.qtype,
                    set((v) => {
                      r.qtype = v;
                    }),
                    '题型',
                  ),
                ),
                h(
                  'td',
                  {},
                  sel(
                    withCurrent(subjectChoices(view), r.scope.subject),
                    r.scope.subject,
                    async (v) => {
                      r.scope = { subject: v };
                      try {
                        await scopeOptions(view, [v], scopes);
                      } catch (e) {
                        mount(err, alertBox('无法读取这部法律的目录', e.message));
                      }
                      drawRules();
                      refreshPools();
                    },
                    '科目',
                  ),
                ),
                h(
                  'td',
                  {},
                  parts.length
                    ? sel(
                        [['', '全部'], ...parts.map((p) => [p, p])],
                        r.scope.part,
                        set((v) => {
                          r.scope.part = v || null;
                          r.scope.chapter = null;
                        }),
                        '编',
                      )
                    : '—',
                ),
                h(
                  'td',
                  {},
                  chapters.length
                    ? sel(
                        [['', '全部'], ...chapters.map((c) => [c, c])],
                        r.scope.chapter,
                        set((v) => {
                          r.scope.chapter = v || null;
                        }),
                        '章',
                      )
                    : '—',
                ),
                h(
                  'td',
                  {},
                  sel(
                    [
                      ['', '不限'],
                      ['1', '1'],
                      ['2', '2'],
                      ['3', '3'],
                    ],
                    r.difficulty,
                    set((v) => {
                      r.difficulty = v ? Number(v) : null;
                    }),
                    '难度',
                  ),
                ),
                h(
                  'td',
                  {},
                  sel(
                    POOLS,
                    r.pool || 'any',
                    set((v) => {
                      r.pool = v;
                    }),
                    '题目来源',
                  ),
                ),
                h(
                  'td',
                  {},
                  num(
                    r.points,
                    set((v) => {
                      r.points = v;
                    }),
                    '每题分',
                  ),
                ),
                h('td', { class: 'pool' }, '…'),
                h(
                  'td',
                  {},
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'btn-link',
                      onclick: set(() => {
                        spec.paper.splice(i, 1);
                      }),
                    },
                    '删除',
                  ),
                ),
              );
            }),
          ),
        ),
      ),
      h(
        'div',
        { class: 'actions-top' },
        h(
          'button',
          {
            type: 'button',
            class: 'btn',
            onclick: async () => {
              const subject = defaultSubject(view, '宪法');
              spec.paper.push({ count: 5, qtype: 'single', scope: { subject }, difficulty: null, points: 2 });
              await scopeOptions(view, [subject], scopes).catch(() => {});
              drawRules();
              refreshPools();
            },
          },
          '＋ 添加出题规则',
        ),
        h('span', { class: 'paper-total' }, `共 ${count} 题，满分 ${total} 分`),
      ),
    );
  }

  function drawTiers() {
    mount(
      tiersBox,
      spec.tiers.map((t, i) => {
        const passId = `tier-pass-${i}`;
        return h(
          'div',
          { class: 'tier-row', dataset: { tier: i } },
          h('input', {
            class: 'input',
            value: t.name,
            name: `tier_name_${i}`,
            'aria-label': '奖项名称',
            onchange: (e) => {
              t.name = e.target.value;
            },
          }),
          h('input', {
            class: 'input num-input',
            type: 'number',
            min: 1,
            value: t.count,
            name: `tier_count_${i}`,
            'aria-label': '名额',
            onchange: (e) => {
              t.count = parseInt(e.target.value, 10) || 0;
            },
          }),
          h('span', {}, '名，最低分'),
          h('input', {
            class: 'input num-input',
            type: 'number',
            min: 0,
            value: t.min_score ?? '',
            placeholder: '不限',
            name: `tier_min_${i}`,
            'aria-label': `${t.name || '奖项'}的最低分（不填则不限）`,
            onchange: (e) => {
              const v = e.target.value.trim();
              t.min_score = v === '' ? null : Math.max(0, parseInt(v, 10) || 0);
            },
          }),
          h(
            'label',
            { class: 'choice', for: passId },
            h('input', {
              type: 'checkbox',
              id: passId,
              name: `tier_pass_${i}`,
              checked: !!t.require_pass,
              onchange: (e) => {
                t.require_pass = e.target.checked;
              },
            }),
            '须及格',
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'btn-link',
              onclick: () => {
                spec.tiers.splice(i, 1);
                drawTiers();
              },
            },
            '删除',
          ),
        );
      }),
      h(
        'button',
        {
          type: 'button',
          class: 'btn',
          onclick: () => {
            spec.tiers.push(newTier('优秀奖', 10));
            drawTiers();
          },
        },
        '＋ 添加奖项',
      ),
    );
  }

  const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'contest-save' }, '保存竞答');
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
            Object.assign(spec, {
              title: title.input.value,
              opens_at: opens.value(),
              closes_at: closes.value(),
              time_limit_minutes: parseInt(limit.input.value, 10) || 0,
              attempts_allowed: parseInt(attempts.input.value, 10) || 0,
              counting: counting.input.value,
              pass_mark: parseInt(pass.input.value, 10) || 0,
              review: review.input.value,
              multi_scoring: multi.input.value,
              library_during_attempt: libraryOn.checked,
              lottery: lotteryOn.checked
                ? { count: parseInt(lotteryCount.input.value, 10) || 0, min_score: parseInt(lotteryMin.input.value, 10) || 0 }
                : null,
            });
            await api.saveContest(existing ? existing.id : null, spec);
            toast('竞答已保存');
            reload();
          },
          '保存没有成功',
        );
      },
    },
    h(
      'section',
      { class: 'card' },
      h('h2', {}, '基本信息'),
      summary,
      h(
        'div',
        { class: 'form-grid' },
        title.row,
        opens.row,
        closes.row,
        limit.row,
        attempts.row,
        counting.row,
        pass.row,
        review.row,
        multi.row,
      ),
      h(
        'label',
        { class: 'choice', for: 'library-during' },
        libraryOn,
        '答题期间可查阅法条原文（只开放法条库的条文和搜索；练习、错题本和题目解析在交卷前一律暂停）',
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, '出题规则'),
      h('p', { class: 'muted small' }, '每人的试卷按这些规则从题库随机抽取，题目和选项顺序各不相同。'),
      rulesBox,
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, '奖项'),
      h(
        'p',
        { class: 'muted small' },
        '按名次评奖：分数高者在前，同分用时少者在前，再同则先交卷者在前。每个奖项可以设最低分（不填则不限）并要求及格；没有人达到条件的名额空缺，不会顺延给分数不够的人。',
      ),
      tiersBox,
      h('label', { class: 'choice', for: 'lottery-on' }, lotteryOn, '另设抽奖（在达到最低分的人中抽取）'),
      h('div', { class: 'form-grid' }, lotteryCount.row, lotteryMin.row),
    ),
    err,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', onclick: reload }, '取消'), save),
  );

  mount(body, h('p', { class: 'loading' }, '正在加载…'));
  scopeOptions(
    view,
    spec.paper.map((r) => r.scope.subject),
    scopes,
  )
    .then(() => {
      drawRules();
      drawTiers();
      mount(body, h('h2', {}, existing ? `编辑：${existing.spec.title}` : '新建竞答'), form);
      refreshPools();
    })
    .catch((e) => mount(body, alertBox('加载失败', e.message)));
}

let previewDialog = null;
/** A sample paper drawn by the rules, in a dialog (Esc closes it). */
async function preview(c) {
  if (!previewDialog) {
    previewDialog = h('dialog', { class: 'dialog dialog-wide', id: 'preview-dialog' });
    document.body.append(previewDialog);
  }
  try {
    const items = await api.previewPaper(c.id);
    mount(
      previewDialog,
      h('h2', {}, `试卷预览：${c.spec.title}`),
      h('p', { class: 'muted small' }, '每人的试卷都按规则另行抽取，这里是其中一份的样子。'),
      h(
        'ol',
        { class: 'preview-list' },
        items.map((it) => h('li', {}, h('span', { class: 'tag tag-type' }, `${it.qtype_name} ${it.points}分`), ' ', it.stem)),
      ),
      h(
        'div',
        { class: 'actions' },
        h('span'),
        h('button', { type: 'button', class: 'btn btn-primary', onclick: () => previewDialog.close() }, '关闭'),
      ),
    );
    previewDialog.showModal();
  } catch (e) {
    toast(e.message);
  }
}

const NEXT = { draft: ['open', '开放竞答'], open: ['closed', '结束竞答'], closed: ['published', '公布成绩'] };

export async function renderContests(body) {
  mount(body, h('p', { class: 'loading' }, '正在加载…'));
  let list;
  let view;
  try {
    [list, view] = await Promise.all([api.contests(), api.lawList()]);
  } catch (e) {
    mount(body, alertBox('竞答加载失败', e.message));
    return null;
  }
  const reload = () => renderContests(body);
  const err = h('div', {});
  const rows = list.map((c) => {
    const next = NEXT[c.state];
    const advance = next
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn',
            dataset: { advance: c.id },
            onclick: (e) =>
              runAction(e.target, err, async () => {
                if (next[0] === 'closed' && !window.confirm('结束后不能再答题，正在答题的人会被自动交卷。确定结束吗？')) return;
                await api.setContestState(c.id, next[0]);
                toast(`已${next[1]}`);
                reload();
              }),
          },
          next[1],
        )
      : null;
    return h(
      'section',
      { class: 'card contest-row' },
      h(
        'div',
        {},
        h('h3', {}, c.spec.title, ' ', h('span', { class: `tag state-${c.state}` }, c.state_name)),
        h(
          'p',
          { class: 'muted small' },
          h('span', { class: 'nowrap' }, formatDateTime(c.spec.opens_at)),
          ' 至 ',
          h('span', { class: 'nowrap' }, formatDateTime(c.spec.closes_at)),
          ` · 限时 ${c.spec.time_limit_minutes} 分钟 · ${c.question_count} 题 ${c.total_points} 分 · 已交卷 ${c.participants} 人`,
        ),
      ),
      h(
        'div',
        { class: 'row-actions' },
        c.state === 'draft'
          ? h('button', { type: 'button', class: 'btn-link', onclick: () => editor(body, c, reload, view) }, '编辑')
          : null,
        h('button', { type: 'button', class: 'btn-link', onclick: () => preview(c) }, '预览试卷'),
        h('a', { class: 'btn-link', href: `#/results/${c.id}` }, '成绩与抽奖'),
        h(
          'button',
          {
            type: 'button',
            class: 'btn-link',
            dataset: { hall: c.id },
            onclick: (e) => runAction(e.currentTarget, err, async () => toast(await openHall(c.id)), '大屏没有打开'),
          },
          '大屏',
        ),
        advance,
      ),
    );
  });
  mount(
    body,
    h(
      'div',
      { class: 'actions-top' },
      h(
        'button',
        { type: 'button', class: 'btn btn-primary', id: 'new-contest', onclick: () => editor(body, null, reload, view) },
        '新建竞答',
      ),
    ),
    err,
    list.length ? rows : h('section', { class: 'card' }, h('p', {}, '还没有竞答。点击“新建竞答”设置国家宪法日有奖竞答。')),
  );
  return null;
}

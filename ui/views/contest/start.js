// 竞答说明: the start page of a contest — rules, time limit, number of
// questions, attempts left — then 开始答题 (or 继续答题 / 查看成绩).

import { api } from '../../api.js';
import { alertBox, h, mount } from '../../dom.js';
import { formatDateTime, runAction } from '../forms.js';

const local = formatDateTime;
/** A date and time that never breaks across lines. */
const when = (t) => h('span', { class: 'nowrap' }, local(t));

export async function renderContestStart(root, id) {
  mount(root, h('p', { class: 'loading' }, '正在加载…'));
  let list;
  try {
    list = await api.openContests();
  } catch (e) {
    mount(root, alertBox('加载失败', e.message));
    return null;
  }
  const c = list.find((x) => String(x.id) === String(id));
  if (!c) {
    mount(root, h('section', { class: 'card' }, h('h1', {}, '这场竞答现在没有开放'), h('a', { class: 'btn', href: '#/' }, '返回首页')));
    return null;
  }
  const err = h('div', {});
  const go = h(
    'button',
    { type: 'button', class: 'btn btn-primary btn-big', id: 'start-attempt', disabled: !c.can_start },
    c.open_attempt ? '继续答题' : '开始答题',
  );
  go.addEventListener('click', () =>
    runAction(
      go,
      err,
      async () => {
        const view = await api.startAttempt(c.id);
        location.hash = `#/attempt/${view.attempt_id}`;
      },
      '无法开始答题',
    ),
  );
  mount(
    root,
    h('a', { class: 'btn btn-link', href: '#/' }, '← 返回首页'),
    h(
      'section',
      { class: 'card contest-start' },
      h('div', { class: 'tags' }, h('span', { class: 'tag tag-prize' }, '有奖竞答')),
      h('h1', {}, c.title),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, '开放时间'),
        h('dd', {}, when(c.opens_at), ' 至 ', when(c.closes_at)),
        h('dt', {}, '答题时间'),
        h('dd', {}, `${c.time_limit_minutes} 分钟`),
        h('dt', {}, '题目'),
        h('dd', {}, `共 ${c.question_count} 题，满分 ${c.total_points} 分${c.pass_mark ? `，${c.pass_mark} 分及格` : ''}`),
        h('dt', {}, '作答次数'),
        h('dd', {}, `已用 ${c.attempts_used} / ${c.attempts_allowed} 次`),
      ),
      h(
        'ul',
        { class: 'rules' },
        h('li', {}, '计时由系统掌握：点击“开始答题”后开始计时，中途关闭程序或电脑重启，时间照常计算，重新打开可继续作答。'),
        h('li', {}, '每答一题都会立即保存，题目上方显示“✓ 已保存”。'),
        h('li', {}, '时间到后系统自动交卷，之后提交的答案不再保存。'),
        h('li', {}, '每人题目和选项顺序不同，请独立作答。'),
      ),
      c.why_not ? alertBox('现在不能开始', c.why_not) : null,
      err,
      h(
        'div',
        { class: 'actions' },
        c.last_attempt ? h('a', { class: 'btn', href: `#/result/${c.last_attempt}` }, '查看上次成绩') : h('span'),
        go,
      ),
    ),
  );
  return null;
}

/** The 有奖竞答 cards on the staff home screen. */
export function contestCards(list) {
  if (!list.length) return null;
  return h(
    'section',
    { class: 'contest-cards', 'aria-label': '有奖竞答' },
    h('h2', {}, '有奖竞答'),
    list.map((c) =>
      h(
        'div',
        { class: 'card contest-card' },
        h(
          'div',
          {},
          h('h3', {}, c.title),
          h(
            'p',
            { class: 'muted' },
            when(c.opens_at),
            ' 至 ',
            when(c.closes_at),
            ` · 限时 ${c.time_limit_minutes} 分钟 · 共 ${c.question_count} 题`,
          ),
        ),
        h(
          'a',
          { class: 'btn btn-primary', href: `#/contest/${c.id}`, dataset: { contest: c.id } },
          c.open_attempt ? '继续答题' : c.can_start ? '进入竞答' : '查看',
        ),
      ),
    ),
  );
}

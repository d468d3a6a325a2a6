// 部门薄弱环节 (#/results/<id>/weak): departments × 编/章 (宪法 by 章, 民法典
// by 编) coloured by the share of right answers, in the contest or in the
// year's practice; then per department the ten articles it gets wrong most,
// and one click to make them a 推荐练习 for its staff (shown on their 首页).

import { api } from '../../api.js';
import { alertBox, h, mount, toast } from '../../dom.js';
import { runAction, savedToast } from '../forms.js';
import { disclosureMenu } from '../menu.js';

/** The heat step of a share: <40%, 40–60, 60–75, 75–90, ≥90%. */
export function heatClass(share) {
  if (share === null || share === undefined) return 'heat-none';
  if (share < 0.4) return 'heat-0';
  if (share < 0.6) return 'heat-1';
  if (share < 0.75) return 'heat-2';
  if (share < 0.9) return 'heat-3';
  return 'heat-4';
}

const shareOf = (t) => (t.total ? t.right / t.total : null);
const pct = (x) => `${Math.round(x * 100)}%`;

/** "民法典 · 第三编 合同" → [民法典, 第三编 合同]. */
function areaHead(area) {
  const [law, rest] = area.includes(' · ') ? area.split(' · ') : ['', area];
  return h('th', { scope: 'col', title: area }, law ? h('span', { class: 'law' }, law) : null, rest);
}

function heatmap(w, source) {
  const cell = (t) => {
    const s = shareOf(t);
    return h(
      'td',
      { class: heatClass(s), title: t.total ? `答对 ${t.right} / ${t.total}` : '没有作答' },
      s === null ? '—' : pct(s),
      t.total ? h('small', {}, `${t.right}/${t.total}`) : null,
    );
  };
  // Only the 编/章 someone answered in this source.
  const cols = w.areas.map((_a, i) => i).filter((i) => w.rows.some((r) => r.cells[i][source].total > 0));
  if (!cols.length) {
    return h(
      'p',
      { class: 'muted', id: 'heatmap', dataset: { source } },
      source === 'contest' ? '这场竞答还没有作答记录。' : `${w.year} 年还没有练习记录。`,
    );
  }
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'heatmap', id: 'heatmap', dataset: { source } },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, '部门'),
          cols.map((i) => areaHead(w.areas[i])),
          h('th', { scope: 'col' }, '合计'),
        ),
      ),
      h(
        'tbody',
        {},
        w.rows.map((r) =>
          h(
            'tr',
            { dataset: { department: r.department } },
            h('th', { scope: 'row' }, r.department),
            cols.map((i) => cell(r.cells[i][source])),
            cell(r.overall[source]),
          ),
        ),
      ),
    ),
  );
}

/** 明细: every department × 宪法 章/节 or 民法典 编/章, both sources. */
function detailTable(w) {
  const share = (t) => (t.total ? `${pct(t.right / t.total)}（${t.right}/${t.total}）` : '—');
  return h(
    'details',
    { class: 'weak-detail', id: 'weak-detail' },
    h('summary', {}, '按章、节查看明细'),
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
            ['部门', '编/章', '章/节', '竞答正确率', '练习正确率'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          w.detail.map((d) =>
            h(
              'tr',
              {},
              h('td', {}, d.department),
              h('td', {}, d.area),
              h('td', {}, d.sub),
              h('td', { class: `num ${heatClass(shareOf(d.cell.contest))}` }, share(d.cell.contest)),
              h('td', { class: `num ${heatClass(shareOf(d.cell.practice))}` }, share(d.cell.practice)),
            ),
          ),
        ),
      ),
    ),
  );
}

function legend() {
  return h(
    'div',
    { class: 'heat-legend', 'aria-label': '颜色说明' },
    '正确率：',
    h('span', { class: 'heat-0' }, '低于 40%'),
    h('span', { class: 'heat-1' }, '40%–60%'),
    h('span', { class: 'heat-2' }, '60%–75%'),
    h('span', { class: 'heat-3' }, '75%–90%'),
    h('span', { class: 'heat-4' }, '90% 以上'),
    h('span', { class: 'heat-none' }, '— 没有作答'),
  );
}

function departmentCard(id, r, reload) {
  const err = h('div', {});
  const canRecommend = r.most_missed.length && r.department !== '（未分部门）';
  const btn = h(
    'button',
    { type: 'button', class: r.recommended ? 'btn' : 'btn btn-primary', disabled: !canRecommend, dataset: { recommend: r.department } },
    r.recommended ? '重新生成推荐练习' : '生成推荐练习',
  );
  btn.addEventListener('click', () =>
    runAction(
      btn,
      err,
      async () => {
        const rec = await api.recommendPractice(id, r.department);
        toast(`已为${r.department}生成推荐练习：${rec.articles.length} 条法条、${rec.questions} 道题，已显示在该部门人员的首页`);
        reload();
      },
      '没有生成',
    ),
  );
  const c = shareOf(r.overall.contest);
  const p = shareOf(r.overall.practice);
  return h(
    'section',
    { class: 'card weak-card', dataset: { department: r.department } },
    h('h3', {}, r.department),
    h('p', { class: 'small muted' }, `竞答正确率 ${c === null ? '—' : pct(c)} · 本年练习正确率 ${p === null ? '—' : pct(p)}`),
    r.most_missed.length
      ? h(
          'ol',
          { 'aria-label': `${r.department}答错最多的条文` },
          r.most_missed.map((m) =>
            h(
              'li',
              {},
              h('a', { href: `#/library/${encodeURIComponent(m.law)}/${m.article}` }, m.label),
              h('span', { class: 'count' }, `答错 ${m.wrong} / ${m.total}`),
            ),
          ),
        )
      : h('p', { class: 'muted' }, '没有答错的条文。'),
    r.recommended ? h('p', { class: 'rec-note' }, `✓ 已推荐：${r.recommended}`) : null,
    r.department === '（未分部门）' ? h('p', { class: 'small muted' }, '未分部门的人员不能推荐练习。') : null,
    btn,
    err,
  );
}

export async function renderWeakness(root, id) {
  mount(root, h('p', { class: 'loading' }, '正在统计…'));
  const reload = () => renderWeakness(root, id);
  let w;
  try {
    w = await api.departmentWeakness(id);
  } catch (e) {
    mount(root, alertBox('部门薄弱环节加载失败', e.message), h('a', { class: 'btn', href: `#/results/${id}` }, '返回成绩'));
    return null;
  }
  const exportErr = h('div', {});
  const exportItem = (label, format) => ({
    label,
    id: `export-weak-${format}`,
    onclick: () =>
      runAction(
        menu.querySelector('.menu-button'),
        exportErr,
        async () => savedToast(await api.exportContest(id, format, 'weakness')),
        '导出没有成功',
      ),
  });
  const menu = disclosureMenu(
    '导出',
    [exportItem('Excel 工作簿（含部门薄弱、部门明细、易错条文）', 'xlsx'), exportItem('部门薄弱 CSV', 'csv')],
    { id: 'weak-export-menu' },
  );
  const mapBox = h('div', {});
  let source = 'contest';
  const seg = h('div', { class: 'seg', role: 'group', 'aria-label': '数据来源' });
  const drawSeg = () => {
    mount(
      seg,
      [
        ['contest', '本场竞答'],
        ['practice', `${w.year} 年练习`],
      ].map(([s, label]) =>
        h(
          'button',
          {
            type: 'button',
            id: `source-${s}`,
            'aria-pressed': String(s === source),
            onclick: () => {
              source = s;
              drawSeg();
              mount(mapBox, heatmap(w, source));
              seg.querySelector(`#source-${s}`).focus();
            },
          },
          label,
        ),
      ),
    );
  };
  drawSeg();
  mount(mapBox, heatmap(w, source));
  mount(
    root,
    h(
      'div',
      { class: 'page-head results-head' },
      h('div', {}, h('a', { class: 'btn btn-link', href: `#/results/${id}` }, '← 返回成绩'), h('h1', {}, `${w.title} · 部门薄弱环节`)),
      h('div', { class: 'results-actions' }, menu, h('a', { class: 'btn', href: `#/results/${id}/items`, id: 'to-items' }, '试题分析')),
    ),
    exportErr,
    w.rows.length
      ? [
          h(
            'p',
            { class: 'muted' },
            `各部门在各部法律各编、章的答题正确率。竞答按每人计分的那一次作答统计，练习统计 ${w.year} 年全年的练习。`,
          ),
          h('div', { class: 'insight-tools' }, seg),
          mapBox,
          legend(),
          detailTable(w),
          h('h2', {}, '各部门答错最多的条文'),
          h(
            'p',
            { class: 'muted small' },
            '竞答和练习合并统计，按答错次数排序（次数相同时答错比例高的在前），每个部门最多 10 条。“生成推荐练习”把这些条文的练习题推送到该部门人员的首页；竞答进行中不能练习。',
          ),
          h(
            'div',
            { class: 'weak-grid' },
            w.rows.map((r) => departmentCard(id, r, reload)),
          ),
        ]
      : h('p', { class: 'muted' }, '还没有答题记录。'),
  );
  root.classList.add('page-wide');
  return () => root.classList.remove('page-wide');
}

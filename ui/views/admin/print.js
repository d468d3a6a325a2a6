// 奖状 / 光荣榜: print layouts on A4 landscape — one certificate per prize
// winner per page, or the honor roll by tier (vacant places say 本奖项空缺 or
// 空缺 N 名) — printed from the window's print dialog (which can also save a
// PDF).

import { api } from '../../api.js';
import { h, mount, alertBox } from '../../dom.js';

function today() {
  const d = new Date();
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

function certificate(title, row, issuer) {
  return h('section', { class: 'sheet certificate' },
    h('div', { class: 'cert-frame' },
      h('h1', { class: 'cert-title' }, '荣 誉 证 书'),
      h('p', { class: 'cert-name' }, h('strong', {}, row.name), ' 同志：'),
      h('p', { class: 'cert-body' }, `在“${title}”中成绩优异，荣获`, h('strong', { class: 'cert-tier' }, row.tier), '。'),
      h('p', { class: 'cert-body' }, '特发此证，以资鼓励。'),
      row.department ? h('p', { class: 'cert-dept' }, `（${row.department}）`) : null,
      h('div', { class: 'cert-sign' }, h('div', {}, issuer || '（发证单位）'), h('div', {}, today()))));
}

function honorRoll(title, rows, tiers, issuer) {
  return h('section', { class: 'sheet honor' },
    h('h1', { class: 'honor-title' }, '光 荣 榜'),
    h('p', { class: 'honor-sub' }, title),
    tiers.map((t) => {
      const people = rows.filter((r) => r.tier === t.name);
      return h('div', { class: 'honor-tier' }, h('h2', {}, t.name),
        people.length ? h('ul', {}, people.map((p) => h('li', {}, p.name, h('small', {}, p.department || '')))) : null,
        people.length === 0 || t.vacancy_note
          ? h('p', { class: 'muted honor-vacancy' }, people.length ? t.vacancy_note : '本奖项空缺')
          : null);
    }),
    h('div', { class: 'cert-sign' }, h('div', {}, issuer || '（发证单位）'), h('div', {}, today())));
}

export async function renderPrint(root, id, kind) {
  let r;
  let s;
  try {
    [r, s] = await Promise.all([api.contestResults(id), api.getSettings()]);
  } catch (e) {
    mount(root, alertBox('加载失败', e.message));
    return null;
  }
  document.documentElement.classList.add('printing');
  const winners = r.ranking.filter((x) => x.tier);
  const title = r.contest.spec.title;
  const pages = kind === 'honor'
    ? [honorRoll(title, r.ranking, r.tiers, s.issuing_unit)]
    : winners.map((w) => certificate(title, w, s.issuing_unit));
  // Vacant places get no certificate: say which, so none is missed or made up.
  const vacancies = r.tiers.filter((t) => t.vacancy_note)
    .map((t) => `${t.name}${t.floor ? `（${t.floor}）` : ''}：${t.vacancy_note}`);
  mount(root,
    h('div', { class: 'page-head no-print' },
      h('div', {}, h('a', { class: 'btn btn-link', href: `#/results/${id}` }, '← 返回成绩'),
        h('h1', {}, kind === 'honor' ? '光荣榜' : `奖状（${winners.length} 张）`)),
      h('button', { type: 'button', class: 'btn btn-primary', id: 'print', onclick: () => window.print() }, '打印 / 存为 PDF')),
    h('p', { class: 'muted no-print' }, `纸张：A4 横向。${s.issuing_unit ? '' : '发证单位可在“管理 → 设置”中填写。'}`),
    kind !== 'honor' && vacancies.length
      ? h('p', { class: 'no-print vacancy', id: 'vacancies' }, `没有人达到获奖条件的名额不发奖状——${vacancies.join('；')}。`)
      : null,
    pages.length ? pages : h('p', {}, '还没有获奖名单：竞答结束并设置奖项后才能打印。'));
  return () => document.documentElement.classList.remove('printing');
}

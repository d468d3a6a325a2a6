// 奖状 / 套打 / 光荣榜: print layouts on A4 landscape (297 × 210 mm, no
// page margin: every position is measured from the paper's corner), printed
// from the window's print dialog (which can also save a PDF).
// - 奖状: one certificate per prize winner: the wording from the organizer's
//   template, the issuing unit and the date in Chinese numerals above a
//   marked circle for the seal, and the 证书编号.
// - 套打: the same texts only, no frame or decoration, each at the
//   millimetre position the organizer sets, for pre-printed certificates;
//   a test print shows sample texts on a millimetre grid.
// - 光荣榜: the winners by tier (vacant places say 本奖项空缺 or 空缺 N 名).
// Printing waits for the issuing unit: asked for in place when missing.

import { api } from '../../api.js';
import { alertBox, h, mount, toast } from '../../dom.js';
import { runAction } from '../forms.js';

/** 297 × 210 mm in CSS pixels: a sheet at 100%. */
const SHEET_PX = (297 * 96) / 25.4;
const SHEET_H_PX = (210 * 96) / 25.4;

const FIELDS = [
  ['body', '正文（称呼和正文）'],
  ['name', '姓名（单独一行）'],
  ['prize', '奖项（单独一处）'],
  ['unit', '发证单位'],
  ['date', '日期'],
  ['number', '证书编号'],
];

const SAMPLE = {
  number: '2026-001-001',
  name: '张三',
  tier: '一等奖',
  salutation: '张三同志：',
  body: '在某某单位组织的2026年宪法民法典知识竞赛中荣获一等奖，特发此证，以资鼓励。',
};

/** The body with the prize name kept whole (never broken across lines). */
function bodyWithPrize(body, tier) {
  const i = tier ? body.indexOf(tier) : -1;
  if (i < 0) return [body];
  return [body.slice(0, i), h('span', { class: 'cert-tier' }, tier), body.slice(i + tier.length)];
}

export function certificate(c, sheet) {
  return h(
    'section',
    { class: 'sheet certificate', dataset: { number: c.number } },
    h(
      'div',
      { class: 'cert-frame' },
      h('h1', { class: 'cert-title' }, '荣誉证书'),
      c.salutation ? h('p', { class: 'cert-salutation' }, c.salutation) : null,
      h('p', { class: 'cert-body' }, bodyWithPrize(c.body, c.tier)),
      h(
        'div',
        { class: 'cert-sign' },
        h('div', { class: 'cert-seal', 'aria-label': '盖章处' }, h('span', { class: 'cert-seal-label no-print' }, '盖章处')),
        h('div', { class: 'cert-unit' }, sheet.issuing_unit),
        h('div', { class: 'cert-date' }, sheet.date_text),
      ),
      h('p', { class: 'cert-no' }, `证书编号：${c.number}`),
    ),
  );
}

/** A text placed at the organizer's millimetre offsets. */
function placed(layout, key, cls, ...text) {
  const f = layout[key];
  if (!f.show) return null;
  const el = h('div', { class: `ov ${cls}`, dataset: { field: key } }, ...text);
  el.style.left = `${f.x_mm}mm`;
  el.style.top = `${f.y_mm}mm`;
  if (key === 'body') el.style.width = `${layout.body_width_mm}mm`;
  return el;
}

export function overlaySheet(c, sheet, layout, test = false) {
  const el = h(
    'section',
    { class: `sheet overlay-sheet${test ? ' overlay-test' : ''}`, dataset: { number: c.number } },
    placed(
      layout,
      'body',
      'ov-body',
      c.salutation ? h('div', { class: 'ov-salutation' }, c.salutation) : null,
      h('div', { class: 'ov-text' }, bodyWithPrize(c.body, c.tier)),
    ),
    placed(layout, 'name', 'ov-name', c.name),
    placed(layout, 'prize', 'ov-prize', h('span', { class: 'cert-tier' }, c.tier)),
    placed(layout, 'unit', 'ov-unit', sheet.issuing_unit || '（发证单位）'),
    placed(layout, 'date', 'ov-date', sheet.date_text),
    placed(layout, 'number', 'ov-number', c.number),
  );
  el.style.setProperty('--ov-font', `${layout.font_pt}pt`);
  if (test) {
    // Where each text starts: a cross at its offset, for holding the test
    // sheet against a certificate to the light.
    for (const [key] of FIELDS) {
      const f = layout[key];
      if (!f.show) continue;
      const cross = h('span', { class: 'ov-cross', 'aria-hidden': 'true' });
      cross.style.left = `${f.x_mm}mm`;
      cross.style.top = `${f.y_mm}mm`;
      el.append(cross);
    }
  }
  return el;
}

function honorRoll(title, rows, tiers, sheet) {
  return h(
    'section',
    { class: 'sheet honor' },
    h('h1', { class: 'honor-title' }, '光荣榜'),
    h('p', { class: 'honor-sub' }, title),
    tiers.map((t) => {
      const people = rows.filter((r) => r.tier === t.name);
      return h(
        'div',
        { class: 'honor-tier' },
        h('h2', {}, t.name),
        people.length
          ? h(
              'ul',
              {},
              people.map((p) => h('li', {}, p.name, h('small', {}, p.department || ''))),
            )
          : null,
        people.length === 0 || t.vacancy_note
          ? h('p', { class: 'muted honor-vacancy' }, people.length ? t.vacancy_note : '本奖项空缺')
          : null,
      );
    }),
    h('div', { class: 'cert-sign honor-sign' }, h('div', {}, sheet.issuing_unit), h('div', {}, sheet.date_text)),
  );
}

/** The form asking for the issuing unit, shown in place when it is missing. */
function unitForm(settings, done) {
  const err = h('div', {});
  const input = h('input', {
    class: 'input',
    id: 'issuing-unit',
    name: 'issuing_unit',
    maxlength: 60,
    placeholder: '例如：某某市司法局',
    'aria-describedby': 'issuing-unit-hint',
  });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'save-unit' }, '保存并继续');
  const form = h(
    'form',
    { class: 'card unit-card no-print', id: 'unit-form' },
    h('h2', {}, '请先填写发证单位'),
    h(
      'p',
      { id: 'issuing-unit-hint' },
      '发证单位印在奖状落款处，盖章时章盖在它上面。填写单位全称，例如“某某市司法局”。以后可在“管理 → 设置”中修改。',
    ),
    h('div', { class: 'field' }, h('label', { for: 'issuing-unit' }, '发证单位'), h('div', { class: 'search-form' }, input, save)),
    err,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    runAction(
      save,
      err,
      async () => {
        const unit = input.value.trim();
        if (!unit) throw new Error('请填写发证单位的全称。');
        await api.updateSettings({ ...settings, issuing_unit: unit });
        toast('发证单位已保存');
        done();
      },
      '没有保存',
    );
  });
  setTimeout(() => input.focus(), 0);
  return form;
}

/** 证书措辞 and 颁发日期. */
function wordingForm(_id, sheet, saveAll) {
  const date = h('input', {
    class: 'input date-input',
    id: 'issue-date',
    name: 'issue_date',
    inputmode: 'numeric',
    value: sheet.issue_date,
    placeholder: sheet.close_date,
    'aria-describedby': 'issue-date-hint',
  });
  const dateHint = h(
    'div',
    { class: 'field-hint', id: 'issue-date-hint' },
    `印作：${sheet.date_text}。写成 2026-12-04 的样子；留空则用竞答结束的日期（${sheet.close_date}）。`,
  );
  const template = h('textarea', {
    class: 'input template-input',
    id: 'cert-template',
    name: 'template',
    rows: 3,
    maxlength: 300,
    'aria-describedby': 'cert-template-hint',
  });
  template.value = sheet.template;
  const reset = h(
    'button',
    {
      type: 'button',
      class: 'btn-link',
      id: 'reset-template',
      onclick: () => {
        template.value = sheet.default_template;
        template.focus();
      },
    },
    '恢复默认措辞',
  );
  return {
    values: () => ({
      template: template.value,
      issue_date: date.value.trim() === sheet.close_date && !sheet.date_set ? '' : date.value.trim(),
    }),
    el: h(
      'details',
      { class: 'card cert-settings no-print', id: 'cert-settings' },
      h('summary', {}, `措辞和日期：落款日期 ${sheet.date_text}（点此修改日期或措辞）`),
      h('div', { class: 'field' }, h('label', { for: 'issue-date' }, '颁发日期'), date, dateHint),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'cert-template' }, '证书措辞'),
        template,
        h(
          'div',
          { class: 'field-hint', id: 'cert-template-hint' },
          `可用：${sheet.placeholders.join('、')}（打印时换成每个人的姓名、奖项等）。第一个“：”之前是称呼，单独一行。`,
          ' ',
          reset,
        ),
      ),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'btn', id: 'save-cert-settings', onclick: (e) => saveAll(e.currentTarget) }, '保存措辞和日期'),
      ),
    ),
  };
}

/** The 套打 offsets: one row per text, x/y in mm and whether it prints. */
function layoutForm(sheet, saveAll, testPrint) {
  const layout = structuredClone(sheet.overlay);
  const num = (value, name, label, min, max, step = 0.5) =>
    h('input', { class: 'input mm-input', type: 'number', name, value, min, max, step, 'aria-label': label });
  const rows = FIELDS.map(([key, label]) => {
    const f = layout[key];
    const show = h('input', { type: 'checkbox', name: `${key}_show`, checked: f.show, 'aria-label': `打印${label}` });
    const x = num(f.x_mm, `${key}_x`, `${label}距左边（毫米）`, 0, 297);
    const y = num(f.y_mm, `${key}_y`, `${label}距上边（毫米）`, 0, 210);
    return {
      key,
      show,
      x,
      y,
      tr: h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, show), h('td', { class: 'num' }, x), h('td', { class: 'num' }, y)),
    };
  });
  const width = num(layout.body_width_mm, 'body_width', '正文宽度（毫米）', 20, 297);
  const font = num(layout.font_pt, 'font_pt', '字号（磅）', 8, 48, 1);
  const values = () => {
    const out = structuredClone(layout);
    for (const r of rows) {
      out[r.key] = { show: r.show.checked, x_mm: Number(r.x.value), y_mm: Number(r.y.value) };
    }
    out.body_width_mm = Number(width.value);
    out.font_pt = Number(font.value);
    return out;
  };
  const reset = () => {
    const d = sheet.default_overlay;
    for (const r of rows) {
      r.show.checked = d[r.key].show;
      r.x.value = d[r.key].x_mm;
      r.y.value = d[r.key].y_mm;
    }
    width.value = d.body_width_mm;
    font.value = d.font_pt;
  };
  return {
    values,
    el: h(
      'section',
      { class: 'card overlay-form no-print', id: 'overlay-form' },
      h('h2', {}, '套打位置'),
      h(
        'p',
        { class: 'field-hint' },
        '只打印文字，不印边框和花纹，用于已经印好“荣誉证书”字样的证书内页。位置从纸张左上角量起，单位毫米（纸张 A4 横放，297 × 210 毫米）。先用白纸“测试打印”，把白纸叠在证书上对着光看，文字对准了再放证书打印。',
      ),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table overlay-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, '内容'),
              h('th', { scope: 'col' }, '打印'),
              h('th', { scope: 'col', class: 'num' }, '距左边（毫米）'),
              h('th', { scope: 'col', class: 'num' }, '距上边（毫米）'),
            ),
          ),
          h(
            'tbody',
            {},
            rows.map((r) => r.tr),
          ),
        ),
      ),
      h('div', { class: 'overlay-extra' }, h('label', {}, '正文宽度（毫米）', width), h('label', {}, '字号（磅）', font)),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'btn', id: 'save-layout', onclick: (e) => saveAll(e.currentTarget) }, '保存位置'),
        h('button', { type: 'button', class: 'btn', id: 'test-print', onclick: () => testPrint(values()) }, '测试打印'),
        h('button', { type: 'button', class: 'btn-link', id: 'reset-layout', onclick: reset }, '恢复默认位置'),
      ),
    ),
  };
}

/** Shows the sheets at a scale where a whole sheet fits the page's width
 * and the window's height (print: full size). */
export function fitSheets(box) {
  const fit = () => {
    const avail = box.clientWidth;
    const high = window.innerHeight - 40;
    if (avail > 0) box.style.setProperty('--sheet-zoom', String(Math.min(1, avail / SHEET_PX, Math.max(0.3, high / SHEET_H_PX))));
  };
  fit();
  window.addEventListener('resize', fit);
  return () => window.removeEventListener('resize', fit);
}

/** A4 landscape with no page margin, only while this page is shown (a
 * stylesheet file: the pages' CSP allows no inline style element). */
export function pageRule() {
  const link = h('link', { rel: 'stylesheet', href: 'styles/print-page.css', id: 'print-page-rule' });
  document.head.append(link);
  return () => link.remove();
}

const KIND_NAMES = { certificates: '奖状', overlay: '套打', honor: '光荣榜' };

export async function renderPrint(root, id, kind) {
  const cleanups = [];
  const cleanup = () => {
    while (cleanups.length) cleanups.pop()();
  };
  const render = async () => {
    cleanup();
    let sheet;
    let r;
    let settings;
    try {
      [sheet, r, settings] = await Promise.all([api.certificates(id), api.contestResults(id), api.getSettings()]);
    } catch (e) {
      mount(root, alertBox('加载失败', e.message));
      return;
    }
    document.documentElement.classList.add('printing');
    cleanups.push(() => document.documentElement.classList.remove('printing'));
    cleanups.push(pageRule());
    const certs = sheet.certificates;
    const missingUnit = !sheet.issuing_unit;
    const err = h('div', {});
    let wording = null;
    let layout = null;
    const saveAll = (button) =>
      runAction(
        button,
        err,
        async () => {
          const w = wording ? wording.values() : { template: sheet.template, issue_date: sheet.date_set ? sheet.issue_date : '' };
          await api.saveCertificateSettings({
            id,
            template: w.template,
            issue_date: w.issue_date || null,
            overlay: layout ? layout.values() : sheet.overlay,
          });
          toast('已保存');
          await render();
        },
        '没有保存',
      );
    const sheets = h('div', { class: 'sheets', id: 'sheets' });
    const testPrint = (values) => {
      const test = overlaySheet(certs[0] || SAMPLE, { ...sheet, issuing_unit: sheet.issuing_unit || '某某单位' }, values, true);
      document.documentElement.classList.add('test-printing');
      sheets.append(test);
      const done = () => {
        test.remove();
        document.documentElement.classList.remove('test-printing');
        window.removeEventListener('afterprint', done);
      };
      window.addEventListener('afterprint', done);
      window.print();
    };
    if (kind !== 'honor') {
      wording = wordingForm(id, sheet, saveAll);
      if (kind === 'overlay') layout = layoutForm(sheet, saveAll, testPrint);
    }
    let pages;
    if (kind === 'honor') pages = [honorRoll(sheet.title, r.ranking, r.tiers, sheet)];
    else if (kind === 'overlay') pages = certs.map((c) => overlaySheet(c, sheet, sheet.overlay));
    else pages = certs.map((c) => certificate(c, sheet));
    // Vacant places get no certificate: say which, so none is missed or made up.
    const vacancies = r.tiers.filter((t) => t.vacancy_note).map((t) => `${t.name}${t.floor ? `（${t.floor}）` : ''}：${t.vacancy_note}`);
    const printBtn = h(
      'button',
      { type: 'button', class: 'btn btn-primary', id: 'print', disabled: missingUnit || !pages.length, onclick: () => window.print() },
      '打印 / 存为 PDF',
    );
    const tabs = h(
      'nav',
      { class: 'print-tabs no-print', 'aria-label': '打印内容' },
      Object.entries(KIND_NAMES).map(([k, label]) =>
        h('a', { class: 'tab', href: `#/print/${id}/${k}`, 'aria-current': k === kind ? 'page' : false }, label),
      ),
    );
    const count = kind === 'honor' ? '' : `（${certs.length} 张）`;
    mount(
      root,
      h(
        'div',
        { class: 'page-head no-print' },
        h(
          'div',
          {},
          h('a', { class: 'btn btn-link', href: `#/results/${id}` }, '← 返回成绩'),
          h('h1', {}, `${KIND_NAMES[kind] || '奖状'}${count}`),
        ),
        printBtn,
      ),
      tabs,
      h(
        'p',
        { class: 'print-note no-print' },
        kind === 'overlay'
          ? '纸张：A4 横向。打印时在打印对话框里选“实际大小”（不缩放），页边距选“无”。'
          : '纸张：A4 横向。打印时在打印对话框里选“实际大小”（不缩放）。下面是整页预览。',
        missingUnit ? '' : `发证单位：${sheet.issuing_unit}（在“管理 → 设置”中修改）。`,
      ),
      missingUnit ? unitForm(settings, render) : null,
      kind !== 'honor' && vacancies.length
        ? h('p', { class: 'no-print vacancy', id: 'vacancies' }, `没有人达到获奖条件的名额不发奖状——${vacancies.join('；')}。`)
        : null,
      wording ? wording.el : null,
      layout ? layout.el : null,
      err,
      pages.length ? null : h('p', {}, '还没有获奖名单：竞答结束并设置奖项后才能打印。'),
      sheets,
    );
    if (!missingUnit) sheets.append(...pages);
    cleanups.push(fitSheets(sheets));
  };
  await render();
  return cleanup;
}

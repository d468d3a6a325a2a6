// 现场竞答 · 奖状 (#/show-print/ID[/overlay]): the certificates of the
// winning teams and the best audience phones, once the show has finished,
// on the contest's A4 landscape sheet (the same wording, unit, date and 套打
// positions as the contest certificates; change them there).

import { api } from '../../api.js';
import { alertBox, h, mount } from '../../dom.js';
import { certificate, fitSheets, overlaySheet, pageRule } from '../admin/print.js';

export async function renderShowCertificates(root, id, kind) {
  let sheet;
  try {
    sheet = await api.showCertificates(id);
  } catch (e) {
    mount(root, h('a', { class: 'btn btn-link', href: `#/show/${id}` }, '← 返回主持台'), alertBox('奖状还不能打印', e.message));
    return null;
  }
  const html = document.documentElement;
  html.classList.add('printing');
  const unPage = pageRule();
  const certs = sheet.certificates;
  const overlay = kind === 'overlay';
  const pages = certs.map((c) => (overlay ? overlaySheet(c, sheet, sheet.overlay) : certificate(c, sheet)));
  const sheets = h('div', { class: 'sheets', id: 'sheets' }, sheet.issuing_unit ? pages : null);
  mount(
    root,
    h(
      'div',
      { class: 'page-head no-print' },
      h(
        'div',
        {},
        h('a', { class: 'btn btn-link', href: `#/show/${id}` }, '← 返回主持台'),
        h('h1', {}, `现场竞答${overlay ? '套打' : '奖状'}（${certs.length} 张）`),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary',
          id: 'print',
          disabled: !sheet.issuing_unit || !certs.length,
          onclick: () => window.print(),
        },
        '打印 / 存为 PDF',
      ),
    ),
    h(
      'nav',
      { class: 'print-tabs no-print', 'aria-label': '打印内容' },
      h('a', { class: 'tab', href: `#/show-print/${id}`, 'aria-current': overlay ? false : 'page' }, '奖状'),
      h('a', { class: 'tab', href: `#/show-print/${id}/overlay`, 'aria-current': overlay ? 'page' : false }, '套打'),
    ),
    h(
      'p',
      { class: 'print-note no-print' },
      '纸张：A4 横向，打印时选“实际大小”（不缩放）。获奖队按名次（并列同名次），观众按答对题数。',
      sheet.issuing_unit ? `发证单位：${sheet.issuing_unit}。` : '请先在“管理 → 设置”中填写发证单位。',
      '措辞、日期和套打位置与竞答奖状共用，在竞答的打印页修改。',
    ),
    certs.length ? null : h('p', {}, '还没有获奖队或答对题目的观众。'),
    sheets,
  );
  const unFit = fitSheets(sheets);
  return () => {
    unFit();
    unPage();
    html.classList.remove('printing');
  };
}

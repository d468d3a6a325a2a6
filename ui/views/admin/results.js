// 成绩与抽奖: the ranking with prize tiers (and their vacancies), the
// department table, the prize draw (phrase announced in the room → list hash
// → winners, verifiable; one valid draw, a re-draw only after voiding the
// last one with a reason, every draw kept on the page), and the result chain
// check.

import { api } from '../../api.js';
import { alertBox, h, mount, toast } from '../../dom.js';
import { formatDuration } from '../contest/result.js';
import { formatDateTime, runAction, savedToast } from '../forms.js';
import { disclosureMenu } from '../menu.js';
import { hallControl, openHall } from './hall-control.js';

const pct = (x) => `${Math.round(x * 100)}%`;

/** Stored UTC time → local date and time. */
function when(ts) {
  return formatDateTime(ts);
}

/** A valid draw's 作废 button, opening a reason prompt in the card. */
function voidControl(id, d, reload) {
  const box = h('div', { class: 'void-box' });
  const open = h('button', { type: 'button', class: 'btn-link danger', dataset: { voidDraw: d.id } }, '作废');
  open.addEventListener('click', () => {
    const err = h('div', {});
    const reason = h('input', {
      class: 'input',
      name: 'void_reason',
      maxlength: 200,
      placeholder: '例如：口令念错了，现场重新宣布',
      'aria-label': '作废原因',
    });
    const confirm = h('button', { type: 'button', class: 'btn btn-danger', id: `confirm-void-${d.id}` }, '确认作废');
    confirm.addEventListener('click', () =>
      runAction(
        confirm,
        err,
        async () => {
          await api.voidDraw(id, d.id, reason.value);
          toast('这次抽奖已作废，作废记录已记入审计日志');
          reload();
        },
        '作废没有成功',
      ),
    );
    const cancel = h('button', { type: 'button', class: 'btn', onclick: () => mount(box) }, '取消');
    mount(
      box,
      h(
        'p',
        { class: 'small' },
        `作废第 ${d.seq} 次抽奖：请写明原因（至少 4 个字）。作废后这次抽奖仍保留在记录和审计日志中，之后可以重新抽奖。`,
      ),
      h('div', { class: 'search-form' }, reason, confirm, cancel),
      err,
    );
    reason.focus();
  });
  return [open, box];
}

function drawCard(id, d, reload) {
  const out = h('span', { class: 'muted' });
  const verify = h(
    'button',
    {
      type: 'button',
      class: 'btn-link',
      onclick: async () => {
        try {
          const v = await api.verifyDraw(id, d.id);
          out.textContent = v.same_winners && v.same_list ? '✓ 复核一致：用同一口令重抽，结果相同。' : '✗ 复核不一致！请检查记录。';
        } catch (e) {
          out.textContent = e.message;
        }
      },
    },
    '复核',
  );
  const voided = d.status === 'voided';
  const [voidBtn, voidBox] = voided ? [null, null] : voidControl(id, d, reload);
  return h(
    'section',
    { class: `card draw-card${voided ? ' voided' : ''}`, dataset: { drawId: d.id, status: d.status } },
    h(
      'h3',
      {},
      `第 ${d.seq} 次抽奖 `,
      h('span', { class: `tag ${voided ? 'tag-wrong' : 'tag-right'}` }, d.status_name),
      `　口令：“${d.phrase}”`,
    ),
    voided ? h('p', { class: 'void-note' }, `已作废：${d.void_reason}（${d.voided_by}，${when(d.voided_at)}）`) : null,
    h(
      'p',
      { class: 'small muted mono' },
      `${when(d.created_at)} 由 ${d.actor} 抽取 · 算法 ${d.algorithm} · 名单 ${d.eligible_count} 人 · 名单 SHA-256 ${d.list_hash}`,
    ),
    h(
      'ol',
      { class: 'winners' },
      d.winners.map((w) => h('li', {}, `${w.name}（${w.staff_no}）${w.department ? ` · ${w.department}` : ''}`)),
    ),
    h('p', {}, verify, voidBtn ? ' · ' : '', voidBtn, ' ', out),
    voidBox,
  );
}

/** The tiers with their floors, winners counted and vacancies. */
function tierSummary(tiers) {
  if (!tiers.length) return h('p', { class: 'muted' }, '这场竞答没有设置奖项。');
  return h(
    'ul',
    { class: 'tier-summary', id: 'tier-summary' },
    tiers.map((t) =>
      h(
        'li',
        {},
        h('strong', { class: 'tier' }, t.name),
        `　${t.count} 名${t.floor ? `（${t.floor}）` : ''}：`,
        t.awarded ? `${t.awarded} 人获奖` : '',
        t.vacancy_note ? h('span', { class: 'vacancy' }, `${t.awarded ? '，' : ''}${t.vacancy_note}`) : '',
      ),
    ),
  );
}

export async function renderResults(root, id) {
  mount(root, h('p', { class: 'loading' }, '正在统计…'));
  const reload = () => renderResults(root, id);
  let r;
  try {
    r = await api.contestResults(id);
  } catch (e) {
    mount(root, alertBox('成绩加载失败', e.message), h('a', { class: 'btn', href: '#/admin/contests' }, '返回'));
    return null;
  }
  const c = r.contest;
  const err = h('div', {});
  const phrase = h('input', { class: 'input', id: 'draw-phrase', placeholder: '例如：2026宪法日 法治同行', 'aria-label': '抽奖口令' });
  const drawBtn = h('button', { type: 'button', class: 'btn btn-primary', id: 'run-draw' }, '抽奖');
  drawBtn.addEventListener('click', () =>
    runAction(
      drawBtn,
      err,
      async () => {
        await api.runDraw(id, phrase.value);
        toast('抽奖完成，已记入审计日志');
        reload();
      },
      '抽奖没有成功',
    ),
  );
  const exportErr = h('div', {});
  const exportItem = (label, format, table) => ({
    label,
    id: `export-${format}${table ? `-${table}` : ''}`,
    onclick: () => {
      const b = exportMenu.querySelector('.menu-button');
      runAction(
        b,
        exportErr,
        async () => {
          const path = await api.exportContest(id, format, table);
          savedToast(path);
        },
        '导出没有成功',
      );
    },
  });
  const exportMenu = disclosureMenu(
    '导出',
    [
      exportItem('Excel 工作簿（排名、部门、奖项、抽奖记录、答题明细、试题分析、部门薄弱环节）', 'xlsx'),
      exportItem('排名 CSV（含证书编号）', 'csv', 'ranking'),
      exportItem('部门统计 CSV', 'csv', 'departments'),
      exportItem('奖项 CSV', 'csv', 'prizes'),
      exportItem('抽奖记录 CSV', 'csv', 'draws'),
      exportItem('答题明细 CSV', 'csv', 'answers'),
      exportItem('试题分析 CSV', 'csv', 'items'),
      exportItem('部门薄弱环节 CSV', 'csv', 'weakness'),
    ],
    { id: 'export-menu' },
  );
  const printMenu = disclosureMenu(
    '打印',
    [
      { label: '奖状（A4 整张）', href: `#/print/${id}/certificates`, id: 'print-certificates' },
      { label: '套打（印在预印证书上）', href: `#/print/${id}/overlay`, id: 'print-overlay' },
      { label: '光荣榜', href: `#/print/${id}/honor`, id: 'print-honor' },
    ],
    { id: 'print-menu' },
  );
  // Numbers right-aligned under right-aligned headings.
  const heads = (cols) =>
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        cols.map(([t, num]) => h('th', { scope: 'col', class: num ? 'num' : null }, t)),
      ),
    );
  mount(
    root,
    h(
      'div',
      { class: 'page-head results-head' },
      h('div', {}, h('a', { class: 'btn btn-link', href: '#/admin/contests' }, '← 返回竞答'), h('h1', {}, `${c.spec.title} · 成绩`)),
      h(
        'div',
        { class: 'results-actions' },
        exportMenu,
        printMenu,
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-primary',
            id: 'open-hall',
            onclick: async () => {
              try {
                toast(await openHall(id));
              } catch (e) {
                toast(`大屏没有打开：${e.message}`);
              }
            },
          },
          '打开大屏',
        ),
      ),
    ),
    exportErr,
    h(
      'p',
      {},
      h('span', { class: `tag state-${c.state}` }, c.state_name),
      ` 已交卷 ${r.ranking.length} 人 · 满分 ${c.total_points} 分 · 及格 ${c.spec.pass_mark} 分`,
    ),
    r.tampered.length
      ? alertBox('成绩记录被改动过', `以下成绩在交卷后被改动，与校验链不符：${r.tampered.join('、')}。`)
      : h('p', { class: 'muted small', id: 'chain-ok' }, '✓ 成绩校验链完整：交卷后没有记录被改动。'),
    hallControl(id),
    h('h2', {}, '奖项'),
    tierSummary(r.tiers),
    h('h2', {}, '排名'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table', id: 'ranking' },
        heads([['名次', 1], ['工号'], ['姓名'], ['部门'], ['得分', 1], ['用时', 1], ['及格'], ['奖项'], ['证书编号']]),
        h(
          'tbody',
          {},
          r.ranking.map((row) =>
            h(
              'tr',
              { dataset: { staffNo: row.staff_no } },
              h('td', { class: 'num' }, row.rank),
              h('td', {}, row.staff_no),
              h('td', {}, row.name),
              h('td', {}, row.department || '—'),
              h('td', { class: 'num' }, row.score),
              h('td', { class: 'num' }, formatDuration(row.time_used_ms)),
              h('td', {}, row.passed ? '✓' : '✗'),
              h('td', { class: 'tier' }, row.tier || ''),
              h('td', { class: 'cert-no' }, row.certificate_no || ''),
            ),
          ),
        ),
      ),
    ),
    h(
      'section',
      { class: 'card insight-links', id: 'insight-links' },
      h('h2', {}, '分析'),
      h(
        'p',
        { class: 'muted small' },
        '试题分析：每道题的正确率、区分度和各选项的选择比例，标出可能有问题的题；部门薄弱环节：各部门在各编、章的正确率和答错最多的条文，可一键生成推荐练习。',
      ),
      h(
        'div',
        { class: 'actions-top' },
        h('a', { class: 'btn', href: `#/results/${id}/items`, id: 'open-items' }, '试题分析'),
        h('a', { class: 'btn', href: `#/results/${id}/weak`, id: 'open-weak' }, '部门薄弱环节'),
      ),
    ),
    h('h2', {}, '按部门'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table' },
        heads([['部门'], ['在职人数', 1], ['参赛人数', 1], ['参与率', 1], ['平均分', 1], ['及格率', 1]]),
        h(
          'tbody',
          {},
          r.departments.map((d) =>
            h(
              'tr',
              {},
              h('td', {}, d.name),
              h('td', { class: 'num' }, d.staff),
              h('td', { class: 'num' }, d.participants),
              h('td', { class: 'num' }, pct(d.participation_rate)),
              h('td', { class: 'num' }, d.average_score.toFixed(1)),
              h('td', { class: 'num' }, pct(d.pass_rate)),
            ),
          ),
        ),
      ),
    ),
    h('h2', {}, '抽奖'),
    c.spec.lottery
      ? h(
          'section',
          { class: 'card' },
          h(
            'p',
            {},
            `在得分不低于 ${c.spec.lottery.min_score} 分的人中抽取 ${c.spec.lottery.count} 名。请在现场宣布一句口令，输入后抽奖；任何人都可以用同一口令复核结果。`,
          ),
          r.eligible
            ? h(
                'p',
                { class: 'small mono', id: 'eligible' },
                `抽奖名单：${r.eligible.count} 人（按工号排序），名单 SHA-256：${r.eligible.list_hash}`,
              )
            : null,
          h(
            'p',
            { class: 'small muted' },
            '每场竞答只有一次有效抽奖。确需重新抽奖（例如口令念错），先在下面把上一次抽奖“作废”并写明原因；作废的抽奖和原因都保留在本页、导出文件和审计日志中。',
          ),
          !['closed', 'published'].includes(c.state)
            ? h('p', { class: 'muted' }, '竞答结束后才能抽奖。')
            : r.draws.some((d) => d.status === 'valid')
              ? h('p', { class: 'muted', id: 'draw-done' }, '已经抽过奖。如需重新抽奖，请先作废上一次抽奖并写明原因。')
              : h('div', { class: 'search-form' }, phrase, drawBtn),
          err,
        )
      : h('p', { class: 'muted' }, '这场竞答没有设置抽奖。'),
    [...r.draws].reverse().map((d) => drawCard(id, d, reload)),
  );
  return null;
}

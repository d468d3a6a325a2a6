// 题库: export the bank; import an .xlsx, CSV or JSON file after a preview
// (counts by type, the first rows, every error with its row and column,
// duplicates that will be skipped, ignored columns) — all or nothing,
// optionally as 竞赛专用题; and reserve questions for the prize contest by
// law / 编 / 章 (竞赛专用题: out of practice until a contest is published).

import { api } from '../../api.js';
import { alertBox, h, mount, toast } from '../../dom.js';
import { chosenFile, filePicker, runAction, savedToast } from '../forms.js';
import { questionLookup } from './bank-question.js';

/** A button that saves an import template (a real .xlsx with examples). */
export function templateButton(kind, label, errBox) {
  const b = h('button', { type: 'button', class: 'btn', dataset: { template: kind } }, label);
  b.addEventListener('click', () =>
    runAction(
      b,
      errBox,
      async () => {
        const path = await api.downloadTemplate(kind);
        savedToast(path);
      },
      '下载没有成功',
    ),
  );
  return b;
}

export async function renderBank(body) {
  const box = h('div', {});
  const picker = filePicker('选择文件', { id: 'import-file', accept: '.xlsx,.csv,.json' });
  const { input } = picker;
  input.addEventListener('change', () => preview());
  let file = null;
  let bytes = null;

  async function preview() {
    try {
      const chosen = await chosenFile(input);
      if (!chosen) return;
      mount(box, h('p', { class: 'loading' }, `正在读取“${chosen.name}”…`));
      file = chosen;
      bytes = chosen.bytes;
      const p = await api.previewImport(file.name, bytes);
      draw(p);
    } catch (e) {
      mount(box, alertBox('无法读取这个文件', e.message));
    }
  }

  function draw(p) {
    const err = h('div', {});
    const go = h(
      'button',
      { type: 'button', class: 'btn btn-primary', id: 'import-confirm', disabled: p.errors.length > 0 || p.ready === 0 },
      `确认导入 ${p.ready} 题`,
    );
    go.addEventListener('click', () =>
      runAction(
        go,
        err,
        async () => {
          const r = await api.importQuestions(file.name, bytes, reserveImport.checked);
          toast(`已导入 ${r.imported} 题`);
          mount(
            box,
            h(
              'section',
              { class: 'card', id: 'import-done' },
              h('h2', {}, '导入完成'),
              h(
                'p',
                {},
                `导入 ${r.imported} 题，跳过与题库重复的 ${r.skipped_duplicates} 题。`,
                reserveImport.checked
                  ? '这些题是竞赛专用题：只用于竞答出题，竞答公布成绩后才开放练习。'
                  : '新题目已可在练习和竞答出题中使用。',
              ),
            ),
          );
          reserveImport.checked = false;
          drawReserved();
          input.value = '';
          input.dispatchEvent(new Event('change'));
        },
        '导入没有成功',
      ),
    );
    const types =
      Object.entries(p.by_type)
        .map(([t, n]) => `${t} ${n} 题`)
        .join('，') || '无';
    mount(
      box,
      h(
        'section',
        { class: 'card', id: 'import-preview' },
        h('h2', {}, `预览：${p.file_name}`),
        h(
          'p',
          {},
          `可导入 ${p.ready} 题（${types}）`,
          p.without_basis ? `，其中 ${p.without_basis} 题没有法条依据（将标注“无法条依据”）` : '',
          p.duplicates.length ? `；与题库重复、将跳过 ${p.duplicates.length} 题（第 ${p.duplicates.join('、')} 行）` : '',
          '。',
        ),
        p.ignored_columns.length ? h('p', { class: 'muted' }, `以下列不认识，已忽略：${p.ignored_columns.join('、')}`) : null,
        p.errors.length
          ? h(
              'div',
              { class: 'alert', role: 'alert', id: 'import-errors' },
              h('strong', {}, `发现 ${p.errors.length} 处错误，整个文件都不会导入。请修改后重新选择文件：`),
              h(
                'ul',
                {},
                p.error_lines.map((l) => h('li', {}, l)),
              ),
            )
          : null,
        p.first_rows.length
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
                    ['行', '题型', '题干', '法条依据'].map((t) => h('th', { scope: 'col' }, t)),
                  ),
                ),
                h(
                  'tbody',
                  {},
                  p.first_rows.map((r) =>
                    h(
                      'tr',
                      {},
                      h('td', { class: 'num' }, r.row),
                      h('td', {}, r.qtype_name),
                      h('td', {}, r.stem),
                      h('td', {}, r.has_basis ? '有' : '无法条依据'),
                    ),
                  ),
                ),
              ),
            )
          : null,
        err,
        h('div', { class: 'actions' }, h('span', { class: 'muted small' }, '导入是“全部或全不”：只要有一行有错，就一题也不导入。'), go),
      ),
    );
  }

  const reserveImport = h('input', { type: 'checkbox', id: 'import-contest-only' });

  // 竞赛专用题: counts per law, and marking by scope.
  const reservedBox = h('div', { id: 'contest-only' });
  let laws = null;
  async function drawReserved(counts) {
    try {
      const rows = counts || (await api.contestOnlySummary());
      laws = laws || (await api.lawList()).laws.map((l) => l.id);
      const err = h('div', {});
      const subject = h(
        'select',
        { class: 'input', id: 'reserve-subject', 'aria-label': '法律' },
        rows.map((r) => h('option', { value: r.subject }, r.subject)),
      );
      const chapter = h('select', { class: 'input', id: 'reserve-chapter', 'aria-label': '章' }, h('option', { value: '' }, '全部'));
      const loadChapters = async () => {
        const law = subject.value;
        // A topic (宪法日常识) is not a law: it has no 章.
        const nodes = laws.includes(law) ? await api.libraryTree(law) : [];
        mount(
          chapter,
          h('option', { value: '' }, '全部'),
          nodes.filter((n) => n.depth === 2).map((n) => h('option', { value: n.name }, n.name)),
        );
      };
      subject.addEventListener('change', () => loadChapters().catch(() => {}));
      loadChapters().catch(() => {});
      const act = (on) => {
        const b = h(
          'button',
          { type: 'button', class: on ? 'btn btn-primary' : 'btn', id: on ? 'reserve-on' : 'reserve-off' },
          on ? '设为竞赛专用' : '取消竞赛专用',
        );
        b.addEventListener('click', () =>
          runAction(
            b,
            err,
            async () => {
              const scope = { subject: subject.value, chapter: chapter.value || null };
              const next = await api.setContestOnly({ scope, on });
              toast(on ? '已设为竞赛专用题' : '已取消竞赛专用');
              drawReserved(next);
            },
            '没有改成',
          ),
        );
        return b;
      };
      mount(
        reservedBox,
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
                ['法律', '题目总数', '竞赛专用（未公开）', '已随竞答公布'].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h(
              'tbody',
              {},
              rows.map((r) =>
                h(
                  'tr',
                  { dataset: { subject: r.subject } },
                  h('td', {}, r.subject),
                  h('td', { class: 'num' }, r.total),
                  h('td', { class: 'num reserved' }, r.reserved),
                  h('td', { class: 'num' }, r.released),
                ),
              ),
            ),
          ),
        ),
        h(
          'div',
          { class: 'form-grid' },
          h('div', { class: 'field' }, h('label', { for: 'reserve-subject' }, '法律'), subject),
          h('div', { class: 'field' }, h('label', { for: 'reserve-chapter' }, '章'), chapter),
        ),
        h('div', { class: 'actions-top' }, act(true), act(false)),
        err,
      );
    } catch (e) {
      mount(reservedBox, alertBox('无法读取竞赛专用题', e.message));
    }
  }

  const exportErr = h('div', {});
  const exportBtn = h('button', { type: 'button', class: 'btn', id: 'export-bank' }, '导出全部题目（Excel）');
  exportBtn.addEventListener('click', () =>
    runAction(
      exportBtn,
      exportErr,
      async () => {
        const path = await api.exportQuestions();
        savedToast(path);
      },
      '导出没有成功',
    ),
  );
  // 法律 takes any law's full title or short name (an example from the law
  // list), or a topic such as 宪法日常识.
  const lawWords = h('span', {}, '任一部法律的全称或简称');
  const columnsHelp = h(
    'p',
    { class: 'muted small', id: 'columns-help' },
    '常用列：题型（单选/多选/判断/填空）、题干、选项A～选项F、答案（如 A、AB、对、错）、解析、难度（1-3 或 易/中/难）、法律（',
    lawWords,
    '）、条（如 第三十三条）、依据原文（须与法条原文一字不差）、标签。',
  );
  api
    .lawList()
    .then((v) => {
      const ex = v.laws.find((l) => l.kind === '法律') || v.laws[0];
      const topics = v.topics.map((t) => `“${t.id}”`).join('、');
      lawWords.textContent = `任一部法律的全称或简称${ex ? `，如“${ex.title}”或“${ex.id}”` : ''}${topics ? `；也可以是${topics}` : ''}`;
    })
    .catch(() => {});
  // Questions a new edition of a law set aside: flagged here, listed in 法律库.
  const setAsideNote = h('div', { id: 'bank-set-aside' });
  api
    .setAsideQuestions()
    .then((list) => {
      if (list.length)
        mount(
          setAsideNote,
          h(
            'p',
            { class: 'notice' },
            `有 ${list.length} 道题因法律新版本而被搁置（依据原文不再一字不差），暂不出现在试卷和练习中。见 `,
            h('a', { href: '#/admin/laws' }, '法律库 → 待修订题目'),
            '；改好后在下面重新导入即可恢复。',
          ),
        );
    })
    .catch(() => {});
  const query = new URLSearchParams(location.hash.split('?')[1] || '');
  mount(
    body,
    setAsideNote,
    questionLookup(query.get('q'), query.get('accept')),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, '导出题库'),
      h('p', { class: 'muted small' }, '导出的 Excel 与导入格式相同：可以在 Excel 中修改后再导入，也可以作为模板。'),
      h('div', { class: 'actions-top' }, exportBtn, templateButton('questions', '下载题目导入模板', exportErr)),
      exportErr,
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, '从文件导入题目'),
      h('p', {}, '支持 Excel（.xlsx）、CSV（UTF-8 或 Excel/WPS 默认的 GBK 编码均可）和 JSON。第一行是表头，每行一道题。'),
      columnsHelp,
      picker.row,
      h(
        'label',
        { class: 'choice', for: 'import-contest-only' },
        reserveImport,
        '作为竞赛专用题导入（练习中不出现，竞答公布成绩后才开放练习）',
      ),
    ),
    box,
    h(
      'section',
      { class: 'card' },
      h('h2', {}, '竞赛专用题'),
      h(
        'p',
        { class: 'muted small' },
        '竞赛专用题不出现在练习、错题本和法条库的相关题目中，同事之间无法提前查到答案；出题规则可选“仅竞赛专用题”。竞答公布成绩后，用过的竞赛专用题自动开放练习。',
      ),
      reservedBox,
    ),
  );
  drawReserved();
  return null;
}

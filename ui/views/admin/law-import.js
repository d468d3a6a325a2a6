// 法律库 → 导入法律: choose a law's official text (.md, .txt in UTF-8 or
// GB18030, or the .docx of 国家法律法规数据库), see what the backend read —
// title, kind, edition, the 题注, the outline with article counts, every
// problem by line — and, for a law already there (a new edition), each
// article added / changed (old and new side by side) / removed and the
// questions that will be set aside; then 确认导入 (Enter), all or nothing.

import { api } from '../../api.js';
import { alertBox, h, mount, toast } from '../../dom.js';
import { chosenFile, filePicker, runAction } from '../forms.js';

const CHANGE = { added: '新增', changed: '修改', removed: '删除' };
const LEVEL = { 1: '编', 2: '分编', 3: '章', 4: '节' };

/** "第 12 行：原因", or the whole file's problem. */
export function problemLine(p) {
  return p.line > 0 ? `第 ${p.line} 行：${p.reason}` : `整个文件：${p.reason}`;
}

/** The outline as an indented list: each 编 / 分编 / 章 / 节 with its article count. */
function outlineList(p) {
  if (!p.outline.length) return h('p', { class: 'muted', id: 'law-outline' }, `不分编、章，共 ${p.articles} 条。`);
  return h(
    'ul',
    { class: 'law-outline', id: 'law-outline', 'aria-label': '目录' },
    p.outline.map((e) =>
      h(
        'li',
        { class: `outline-l${e.level}`, title: LEVEL[e.level] || '' },
        h('span', { class: 'outline-name' }, e.name),
        h('span', { class: 'outline-count muted small' }, `${e.articles} 条`),
      ),
    ),
  );
}

/** One article's change: 修改 shows the old and the new text side by side. */
function changeRow(c) {
  const text = (t) =>
    h(
      'div',
      { class: 'change-text' },
      (t || '').split('\n').map((line) => h('p', {}, line)),
    );
  return h(
    'li',
    { class: `law-change change-${c.change}`, dataset: { article: c.article } },
    h(
      'div',
      { class: 'change-head' },
      h('strong', {}, c.label),
      ' ',
      h('span', { class: `tag change-tag-${c.change}` }, CHANGE[c.change] || c.change),
    ),
    c.change === 'changed'
      ? h(
          'div',
          { class: 'change-sides' },
          h('div', {}, h('div', { class: 'muted small' }, '原文'), text(c.old)),
          h('div', {}, h('div', { class: 'muted small' }, '新文'), text(c.new)),
        )
      : text(c.change === 'removed' ? c.old : c.new),
  );
}

function changesBlock(p) {
  const n = (k) => p.changes.filter((c) => c.change === k).length;
  return h(
    'section',
    { class: 'law-changes', id: 'law-changes', 'aria-label': '逐条变化' },
    h('h3', {}, `与现有版本相比：新增 ${n('added')} 条、修改 ${n('changed')} 条、删除 ${n('removed')} 条`),
    p.changes.length ? h('ol', { class: 'law-change-list' }, p.changes.map(changeRow)) : h('p', { class: 'muted' }, '条文没有变化。'),
  );
}

/** The questions a new edition sets aside (their quote is no longer verbatim). */
export function setAsideTable(list, id) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', id },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['题号', '法律与条文', '题干', '原因'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        list.map((q) =>
          h(
            'tr',
            { dataset: { question: q.id } },
            h('td', { class: 'nowrap' }, h('a', { href: `#/admin/bank?q=${encodeURIComponent(q.id)}` }, q.id)),
            h('td', { class: 'nowrap' }, `《${q.law}》${q.article_label}`),
            h('td', {}, q.stem),
            h('td', {}, q.reason),
          ),
        ),
      ),
    ),
  );
}

/**
 * The 导入法律 card. `imported(result)` runs after an import (the screen
 * refreshes its table and the 待修订 list).
 */
export function lawImportCard(imported) {
  const box = h('div', { id: 'law-preview-box' });
  const picker = filePicker('法律文本', { id: 'law-file', accept: '.md,.txt,.docx' });
  const { input } = picker;
  let file = null;

  async function preview() {
    try {
      const chosen = await chosenFile(input);
      if (!chosen) return;
      mount(box, h('p', { class: 'loading' }, `正在读取“${chosen.name}”…`));
      file = chosen;
      draw(await api.previewLawImport(file.name, file.bytes));
    } catch (e) {
      mount(box, alertBox('无法读取这个文件', e.message));
    }
  }
  input.addEventListener('change', () => preview());

  function draw(p) {
    const err = h('div', {});
    const blocked = p.problems.length > 0;
    const go = h(
      'button',
      { type: 'button', class: 'btn btn-primary', id: 'law-import-confirm', disabled: blocked },
      p.existing ? '确认导入新版本' : '确认导入',
    );
    go.addEventListener('click', () =>
      runAction(
        go,
        err,
        async () => {
          const r = await api.importLaw(file.name, file.bytes);
          // A new law: every article of it is new (the backend counts
          // changes against an earlier edition only).
          const added = p.existing ? r.added : Math.max(r.added, r.law.articles);
          toast(`已导入《${r.law.id}》`);
          mount(
            box,
            h(
              'p',
              { class: 'import-result', id: 'law-import-done', role: 'status' },
              `已导入《${r.law.id}》：新增 ${added} 条、修改 ${r.changed} 条、删除 ${r.removed} 条，搁置 ${r.set_aside} 题。`,
              r.law.enabled ? '' : '它还没有列入学习范围：在上面的表格中勾选后点“保存学习范围”。',
            ),
          );
          input.value = '';
          input.dispatchEvent(new Event('change'));
          file = null;
          await imported(r);
        },
        '导入没有成功',
      ),
    );
    const section = h(
      'section',
      { class: 'law-preview', id: 'law-preview', 'aria-label': '导入预览' },
      h('h3', { id: 'law-preview-title' }, `预览：${p.title || '（没有读到标题）'}`),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, '简称'),
        h('dd', {}, p.id || '—'),
        h('dt', {}, '类别'),
        h('dd', {}, p.kind || '—'),
        h('dt', {}, '版本'),
        h('dd', {}, p.edition || '—'),
        h('dt', {}, '条文'),
        h('dd', {}, `${p.articles} 条`),
      ),
      p.note ? h('blockquote', { class: 'law-note', id: 'law-note' }, h('div', { class: 'muted small' }, '题注'), p.note) : null,
      p.existing
        ? h(
            'p',
            { class: 'notice', id: 'law-existing' },
            `法律库中已有《${p.id}》：这是新的版本，导入后替换现有条文；被修改或删除条文上的题目会被搁置，不会删除。`,
          )
        : null,
      blocked
        ? h(
            'div',
            { class: 'alert', role: 'alert', id: 'law-problems' },
            h('strong', {}, `发现 ${p.problems.length} 处问题，这个文件不会导入。请修改后重新选择文件：`),
            h(
              'ul',
              {},
              p.problems.map((x) => h('li', {}, problemLine(x))),
            ),
          )
        : null,
      h('h3', {}, '目录'),
      outlineList(p),
      p.existing ? changesBlock(p) : null,
      p.existing && p.set_aside.length
        ? h(
            'section',
            { id: 'law-preview-set-aside' },
            h('h3', {}, `将被搁置的题目（${p.set_aside.length} 题）`),
            h(
              'p',
              { class: 'muted small' },
              '这些题的依据原文在新版本中不再一字不差：导入后它们不会出现在试卷和练习中，直到重新导入改好的题目。',
            ),
            setAsideTable(p.set_aside, 'law-preview-set-aside-table'),
          )
        : null,
      err,
      h('div', { class: 'actions' }, h('span', { class: 'muted small' }, '导入是“全部或全不”：有一处问题就一条也不导入。'), go),
    );
    // Enter anywhere in the preview (outside another control) imports.
    section.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !go.disabled && !e.target.closest('button, a, input, select, textarea')) {
        e.preventDefault();
        go.click();
      }
    });
    mount(box, section);
    section.scrollIntoView({ block: 'start' });
    if (!blocked) go.focus({ preventScroll: true });
  }

  return h(
    'section',
    { class: 'card', id: 'law-import' },
    h('h2', {}, '导入法律'),
    h(
      'p',
      {},
      '选择一部法律的正式文本：国家法律法规数据库下载的 Word 文件（.docx），或同样排版的文本文件（.md、.txt，UTF-8 或 GB18030 编码）。导入前先预览目录和发现的问题。',
    ),
    h(
      'p',
      { class: 'muted small' },
      '法律库中已有的法律再导入新的文本，就是更新到新版本：会逐条列出新增、修改和删除的条文。新导入的法律先不列入学习范围。',
    ),
    picker.row,
    box,
  );
}

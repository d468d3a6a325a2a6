// 法条库: the laws in 学习范围 (a chooser grouped by kind), the chosen law
// by 编 / 分编 / 章 / 节 on the left (a law with no chapters lists its
// articles at once), the articles on the right, full-text search across
// every law (or one) with every hit highlighted and named by its law, and
// for each article the questions that cite it ("相关题目"), which can be
// practised at once.

import { trackStudy } from '../activity.js';
import { api } from '../api.js';
import { h, mount, refusedBox } from '../dom.js';
import { paragraphs } from './article.js';
import { lawSelect, loadLaws } from './law-list.js';
import { startSet } from './practice.js';

// At most this many articles per library_articles call.
const CHUNK = 600;
// After choosing another law with the keyboard, the chooser keeps the focus.
let refocusChooser = false;

function relatedBlock(a) {
  const box = h('div', { class: 'related' });
  if (!a.question_count) return box;
  const btn = h(
    'button',
    {
      type: 'button',
      class: 'btn-link small related-toggle',
      'aria-expanded': 'false',
      onclick: async () => {
        if (btn.getAttribute('aria-expanded') === 'true') {
          btn.setAttribute('aria-expanded', 'false');
          mount(list);
          return;
        }
        btn.setAttribute('aria-expanded', 'true');
        try {
          const qs = await api.articleQuestions(a.law, a.article);
          mount(
            list,
            h(
              'ol',
              { class: 'related-list' },
              qs.map((q) => h('li', {}, h('span', { class: 'tag tag-type' }, q.qtype_name), ' ', q.stem)),
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'btn',
                onclick: () => startSet({ title: `《${a.law}》${a.label} 相关题目`, ids: qs.map((q) => q.id) }),
              },
              '练习这些题',
            ),
          );
        } catch (e) {
          mount(list, refusedBox('加载失败', e));
        }
      },
    },
    `相关题目（${a.question_count}）`,
  );
  const list = h('div', {});
  box.append(btn, list);
  return box;
}

function articleBlock(a, focus) {
  return h(
    'article',
    { class: `law-article${focus ? ' focus' : ''}`, id: `a-${a.law}-${a.article}`, dataset: { article: a.article } },
    h('h3', { class: 'law-article-label' }, a.label),
    h('div', { class: 'law-article-text' }, paragraphs(a.segments)),
    relatedBlock(a),
  );
}

/** Every article of a law with no outline, `count` of them, CHUNK at a time. */
async function allArticles(law, count) {
  const out = [];
  for (let from = 1; from <= Math.max(count, 1); from += CHUNK) {
    out.push(...(await api.libraryArticles(law, from, Math.min(from + CHUNK - 1, Math.max(count, 1)))));
  }
  return out;
}

export async function renderLibrary(root, { law: lawArg, article: articleArg, query }) {
  const focusArticle = articleArg !== undefined ? parseInt(articleArg, 10) : null;
  const stopTracking = trackStudy('library');
  mount(root, h('p', { class: 'loading' }, '正在加载法条…'));
  let laws;
  let nodes;
  let law;
  try {
    const view = await loadLaws();
    // Staff are sent only the laws in 学习范围; an organizer may open any
    // law by its address (to read a new one before enabling it).
    laws = view.laws.filter((l) => l.enabled || l.id === lawArg);
    law = laws.find((l) => l.id === lawArg) || laws.find((l) => l.enabled);
    if (!law) {
      mount(
        root,
        h('div', { class: 'page-head' }, h('h1', {}, '法条库')),
        h('section', { class: 'card', id: 'library-empty' }, h('p', {}, '学习范围里还没有法律。请管理员在“管理 → 法律库”中选择。')),
      );
      return stopTracking;
    }
    nodes = await api.libraryTree(law.id);
  } catch (e) {
    mount(root, refusedBox('法条库加载失败', e));
    return stopTracking;
  }
  const content = h('section', { class: 'library-content', 'aria-live': 'polite' });
  const treeButtons = [];

  // The first view of the page stays at its top (unless an article is
  // asked for); choosing a part of the outline scrolls to it.
  function showArticles(title, arts, focus, scroll = true) {
    mount(
      content,
      h('h2', { class: 'library-heading', id: 'library-heading' }, title),
      arts.map((a) => articleBlock(a, a.article === focus)),
    );
    const el = focus !== null ? content.querySelector(`[data-article="${focus}"]`) : null;
    if (el) el.scrollIntoView({ block: 'start' });
    else if (scroll) content.scrollIntoView({ block: 'start' });
  }

  async function showNode(node, focus = null, scroll = true) {
    for (const b of treeButtons) b.setAttribute('aria-current', String(b.node === node));
    mount(content, h('p', { class: 'loading' }, '正在加载…'));
    try {
      const arts = await api.libraryArticles(law.id, node.first, node.last);
      showArticles(`《${law.title}》${node.name}`, arts, focus, scroll);
    } catch (e) {
      mount(content, refusedBox('加载失败', e));
    }
  }

  /** A law with no 编/章: all its articles at once. */
  async function showWhole(focus = null) {
    mount(content, h('p', { class: 'loading' }, '正在加载…'));
    try {
      showArticles(`《${law.title}》`, await allArticles(law.id, law.articles), focus, false);
    } catch (e) {
      mount(content, refusedBox('加载失败', e));
    }
  }

  const within = lawSelect(laws, '', { id: 'search-law', 'aria-label': '搜索范围' }, [['', '全部法律']]);

  async function search(q) {
    const text = q.trim();
    if (!text) return;
    mount(content, h('p', { class: 'loading' }, '正在搜索…'));
    try {
      const r = await api.librarySearch(text, within.value || null);
      const shown = r.hits.length < r.total ? `，显示前 ${r.hits.length} 条` : '';
      const where = within.value ? `《${within.value}》中` : '';
      mount(
        content,
        h('h2', { class: 'library-heading' }, `${where}搜索“${r.query}”：共 ${r.total} 条${shown}`),
        r.total === 0 ? h('p', { class: 'muted' }, '没有找到。可以换一个词，或少输入几个字再试。') : null,
        h(
          'ol',
          { class: 'search-hits' },
          r.hits.map((hit) =>
            h(
              'li',
              { class: 'search-hit', dataset: { law: hit.law } },
              h('a', { href: `#/library/${encodeURIComponent(hit.law)}/${hit.article}`, class: 'hit-title' }, `《${hit.law}》${hit.label}`),
              hit.location.length ? h('span', { class: 'muted small' }, ` ${hit.location.join(' · ')}`) : null,
              h('div', { class: 'law-article-text' }, paragraphs(hit.segments)),
            ),
          ),
        ),
      );
    } catch (e) {
      mount(content, refusedBox('搜索失败', e));
    }
  }

  const chooser = lawSelect(laws, law.id, {
    id: 'library-law',
    onchange: (e) => {
      refocusChooser = true;
      location.hash = `#/library/${encodeURIComponent(e.target.value)}`;
    },
  });
  const tree = nodes.length
    ? h(
        'nav',
        { class: 'library-tree', 'aria-label': `${law.id}目录` },
        nodes.map((n) => {
          const b = h('button', { type: 'button', class: `tree-node depth-${n.depth}`, onclick: () => showNode(n) }, n.name);
          b.node = n;
          treeButtons.push(b);
          return b;
        }),
      )
    : h('p', { class: 'muted small library-flat' }, `本法不分章，共 ${law.articles} 条，全部列在右侧。`);
  const input = h('input', {
    type: 'search',
    class: 'input',
    id: 'library-search',
    placeholder: '搜索法条全文',
    'aria-label': '搜索法条',
    value: query || '',
  });
  const form = h(
    'form',
    {
      class: 'search-form',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        search(input.value);
      },
    },
    input,
    within,
    h('button', { type: 'submit', class: 'btn btn-primary' }, '搜索'),
  );
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, '法条库'), form),
    h(
      'div',
      { class: 'library' },
      h(
        'aside',
        { class: 'library-side card' },
        h(
          'div',
          { class: 'field library-chooser' },
          h('label', { for: 'library-law' }, `法律（学习范围内 ${laws.filter((l) => l.enabled).length} 部）`),
          chooser,
        ),
        h('p', { class: 'muted small library-edition', id: 'library-edition' }, law.edition),
        tree,
      ),
      content,
    ),
  );
  if (refocusChooser) {
    refocusChooser = false;
    chooser.focus();
  }

  const hasFocus = focusArticle !== null && !Number.isNaN(focusArticle);
  if (query) {
    await search(query);
  } else if (!nodes.length) {
    await showWhole(hasFocus ? focusArticle : null);
  } else if (hasFocus) {
    const deepest = [...nodes].reverse().find((n) => n.first <= focusArticle && focusArticle <= n.last);
    await showNode(deepest || nodes[0], focusArticle);
  } else {
    await showNode(nodes.find((n) => n.depth >= 2) || nodes[0], null, false);
  }
  return stopTracking;
}

// 法条库: both laws by 编 / 分编 / 章 / 节 on the left, the articles on the
// right, full-text search with every hit highlighted, and for each article
// the questions that cite it ("相关题目"), which can be practised at once.

import { trackStudy } from '../activity.js';
import { api } from '../api.js';
import { h, mount, refusedBox } from '../dom.js';
import { paragraphs } from './article.js';
import { startSet } from './practice.js';

const LAWS = ['宪法', '民法典'];

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

export async function renderLibrary(root, { law: lawArg, article: articleArg, query }) {
  const law = LAWS.includes(lawArg) ? lawArg : '宪法';
  const focusArticle = articleArg !== undefined ? parseInt(articleArg, 10) : null;
  const stopTracking = trackStudy('library');
  mount(root, h('p', { class: 'loading' }, '正在加载法条…'));
  let nodes;
  try {
    nodes = await api.libraryTree(law);
  } catch (e) {
    mount(root, refusedBox('法条库加载失败', e));
    return stopTracking;
  }
  const content = h('section', { class: 'library-content', 'aria-live': 'polite' });
  const treeButtons = [];

  async function showNode(node, focus = null) {
    for (const b of treeButtons) b.setAttribute('aria-current', String(b.node === node));
    mount(content, h('p', { class: 'loading' }, '正在加载…'));
    try {
      const arts = await api.libraryArticles(law, node.first, node.last);
      mount(
        content,
        h('h2', { class: 'library-heading' }, `《${law === '宪法' ? '中华人民共和国宪法' : '中华人民共和国民法典'}》${node.name}`),
        arts.map((a) => articleBlock(a, a.article === focus)),
      );
      const el = focus !== null ? content.querySelector(`[data-article="${focus}"]`) : null;
      if (el) el.scrollIntoView({ block: 'start' });
      else content.scrollIntoView({ block: 'start' });
    } catch (e) {
      mount(content, refusedBox('加载失败', e));
    }
  }

  async function search(q) {
    const text = q.trim();
    if (!text) return;
    mount(content, h('p', { class: 'loading' }, '正在搜索…'));
    try {
      const r = await api.librarySearch(text, null);
      const shown = r.hits.length < r.total ? `，显示前 ${r.hits.length} 条` : '';
      mount(
        content,
        h('h2', { class: 'library-heading' }, `搜索“${r.query}”：共 ${r.total} 条${shown}`),
        r.total === 0 ? h('p', { class: 'muted' }, '没有找到。可以换一个词，或少输入几个字再试。') : null,
        h(
          'ol',
          { class: 'search-hits' },
          r.hits.map((hit) =>
            h(
              'li',
              { class: 'search-hit' },
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

  const lawTabs = h(
    'div',
    { class: 'tabs', role: 'tablist' },
    LAWS.map((l) =>
      h('a', { role: 'tab', class: 'tab', 'aria-selected': String(l === law), href: `#/library/${encodeURIComponent(l)}` }, l),
    ),
  );
  const tree = h(
    'nav',
    { class: 'library-tree', 'aria-label': `${law}目录` },
    nodes.map((n) => {
      const b = h('button', { type: 'button', class: `tree-node depth-${n.depth}`, onclick: () => showNode(n) }, n.name);
      b.node = n;
      treeButtons.push(b);
      return b;
    }),
  );
  const input = h('input', {
    type: 'search',
    class: 'input',
    id: 'library-search',
    placeholder: '搜索宪法和民法典全文，例如：人格权',
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
    h('button', { type: 'submit', class: 'btn btn-primary' }, '搜索'),
  );
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, '法条库'), form),
    h('div', { class: 'library' }, h('aside', { class: 'library-side card' }, lawTabs, tree), content),
  );

  if (query) {
    await search(query);
  } else if (focusArticle !== null && !Number.isNaN(focusArticle)) {
    const deepest = [...nodes].reverse().find((n) => n.first <= focusArticle && focusArticle <= n.last);
    await showNode(deepest || nodes[0], focusArticle);
  } else {
    await showNode(nodes.find((n) => n.depth >= 2) || nodes[0]);
  }
  return stopTracking;
}

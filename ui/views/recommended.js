// 推荐练习 on 首页: the practice set an organizer made from the articles the
// person's department gets wrong most. Starting it is refused (with the
// reason shown) while the person has a contest attempt running.

import { api } from '../api.js';
import { h, mount, refusedBox } from '../dom.js';
import { startSet } from './practice.js';

function card(r) {
  const err = h('div', {});
  const go = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-primary',
      dataset: { recommended: r.id },
      disabled: r.questions === 0,
      onclick: async () => {
        try {
          startSet(await api.recommendedSet(r.id));
        } catch (e) {
          mount(err, refusedBox('推荐练习暂时不能打开', e));
        }
      },
    },
    r.questions ? `开始练习（${r.questions} 题）` : '暂无可练习的题',
  );
  const shown = r.articles.slice(0, 6).join('、') + (r.articles.length > 6 ? ` 等 ${r.articles.length} 条` : '');
  return h(
    'section',
    { class: 'card recommend-card', 'aria-label': '推荐练习' },
    h('h2', {}, '推荐练习'),
    h('p', {}, `${r.title}：根据本部门在竞答和练习中答错较多的法条，为您准备了这些题。`),
    h('p', { class: 'articles' }, shown),
    go,
    err,
  );
}

/** Fills `box` with the person's 推荐练习 (nothing when there is none). */
export async function fillRecommended(box) {
  try {
    const list = await api.myRecommendations();
    mount(box, list.map(card));
  } catch {
    mount(box); // 首页 works without it
  }
}

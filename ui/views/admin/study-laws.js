// 学习范围: which laws staff see in 法条库, practice and search. Shared by
// 管理 → 法律库 (a checkbox per row of its table) and 设置 → 学习范围 (a
// checkbox list by kind): saving refuses none checked, in Chinese, before
// asking the backend (which refuses it too).

import { api } from '../../api.js';
import { alertBox, h, mount, toast } from '../../dom.js';
import { runAction } from '../forms.js';
import { byKind } from '../law-list.js';

/** The checkbox of one law (checked = in 学习范围). */
export function studyBox(law) {
  return h('input', {
    type: 'checkbox',
    class: 'study-law',
    value: law.id,
    id: `study-${law.id}`,
    checked: law.enabled,
    'aria-label': `${law.id}列入学习范围`,
  });
}

/**
 * A 保存学习范围 button that saves the checked boxes under `scope`; `saved`
 * gets the new LawsView. Returns {button, err}.
 */
export function saveStudyButton(scope, saved, id = 'study-save') {
  const err = h('div', { class: 'study-error' });
  const button = h('button', { type: 'button', class: 'btn btn-primary', id }, '保存学习范围');
  button.addEventListener('click', () =>
    runAction(
      button,
      err,
      async () => {
        const ids = [...scope.querySelectorAll('input.study-law:checked')].map((b) => b.value);
        if (!ids.length) {
          mount(err, alertBox('没有保存', '请至少选择一部法律：学习范围不能为空。'));
          return;
        }
        const view = await api.setStudyLaws(ids);
        toast(`学习范围已保存：${ids.length} 部法律`);
        saved(view);
      },
      '学习范围没有保存',
    ),
  );
  return { button, err };
}

/** 设置 → 学习范围: the laws as checkboxes by kind, a save button, the way to 法律库. */
export function studyLawsSection(view) {
  const box = h('div', { id: 'study-laws' });
  const draw = (v) => {
    const list = h(
      'div',
      { class: 'study-groups' },
      byKind(v.laws).map(([kind, laws]) =>
        h(
          'fieldset',
          { class: 'study-group' },
          h('legend', {}, kind),
          laws.map((l) =>
            h(
              'label',
              { class: 'choice', for: `study-${l.id}`, title: l.title },
              studyBox(l),
              l.id,
              h('span', { class: 'muted small' }, `${l.questions} 题`),
            ),
          ),
        ),
      ),
    );
    const { button, err } = saveStudyButton(list, draw, 'settings-study-save');
    const on = v.laws.filter((l) => l.enabled).length;
    mount(
      box,
      h(
        'p',
        { class: 'muted small' },
        `职工在法条库、练习和搜索中只看到勾选的法律（现在 ${on} / ${v.laws.length} 部）。导入新的法律、看条文数和题目数，请到 `,
        h('a', { href: '#/admin/laws', id: 'to-laws' }, '管理 → 法律库'),
        '。',
      ),
      list,
      err,
      h('div', { class: 'actions-top' }, button),
    );
  };
  draw(view);
  return h('section', { class: 'card', id: 'study-scope' }, h('h2', {}, '学习范围'), box);
}

// 关于: the version, where the data is kept and how to back it up, the
// editions of the law texts (from their 题注) and the bank's size. Reachable
// from the menu for staff and organizers.

import { api } from '../api.js';
import { alertBox, h, mount } from '../dom.js';

function pairs(rows) {
  return h(
    'dl',
    {},
    rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}

export async function renderAbout(root) {
  mount(root, h('p', { class: 'loading' }, '正在加载…'));
  let a;
  try {
    a = await api.about();
  } catch (e) {
    mount(root, alertBox('无法显示“关于”', e.message));
    return null;
  }
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, '关于法治知识竞答')),
    h(
      'section',
      { class: 'card about', 'aria-label': '程序' },
      h('h2', {}, '程序'),
      pairs([
        ['版本', a.version],
        ['数据库版本', `第 ${a.schema_version} 版`],
      ]),
    ),
    h(
      'section',
      { class: 'card about', 'aria-label': '数据位置' },
      h('h2', {}, '数据位置'),
      pairs([
        ['数据库文件', a.db_path],
        ['备份文件夹', a.backup_dir],
        ['日志文件夹', a.log_dir],
      ]),
      h(
        'p',
        { class: 'muted small' },
        '程序每天自动备份一次（保留最近 14 份），升级前也会自动备份；管理员可在“管理 → 设置 → 数据备份”随时备份。也可以在关闭程序后直接复制数据库文件。日志每天一个文件，保留最近 14 天，出现问题时可以交给技术人员查看。',
      ),
    ),
    h(
      'section',
      { class: 'card about', 'aria-label': '法律文本' },
      h('h2', {}, '法律文本'),
      pairs(
        a.laws.map((l) => [
          l.title,
          h(
            'span',
            {},
            `${l.edition || '版本未知'}（${l.preamble ? '序言和 ' : ''}${l.articles} 条）`,
            h('div', { class: 'note' }, l.note),
          ),
        ]),
      ),
    ),
    h(
      'section',
      { class: 'card about', 'aria-label': '题库' },
      h('h2', {}, '题库'),
      pairs([['题目总数', `${a.bank_total} 道`], ...a.bank_by_subject.map((s) => [s.subject, `${s.count} 道`])]),
    ),
  );
  return null;
}

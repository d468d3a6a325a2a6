// The hall screen's pages, in the order the organizer steps through them
// (space on the hall, 揭晓下一项 on the results page). One list, built from
// the backend's hall_screen answer, shared by the hall and its control
// panel so both mean the same screen by the same step number:
// - before the contest: its cover;
// - while it is open: the countdown with 已交卷 N / M, then the live top 10;
// - once it has closed: the cover, then each prize tier that has winners,
//   lowest first, one screen each (paged when a tier has more names than a
//   screen holds; tiers nobody reached are skipped, never announced as
//   vacant), the lottery (the valid draw only, with the note on voided
//   draws), and last the top 10.

/** Names on one screen: four columns of three rows stay ≥ 7% of the height. */
export const PER_SCREEN = 12;

function paged(list) {
  const out = [];
  for (let i = 0; i < list.length; i += PER_SCREEN) out.push(list.slice(i, i + PER_SCREEN));
  return out.length ? out : [[]];
}

/** The pages of hall data `d`: [{kind, label, …}]. */
export function hallPages(d) {
  if (d.state === 'open') {
    return [
      { kind: 'countdown', label: '倒计时与交卷人数' },
      { kind: 'board', label: '实时前十名' },
    ];
  }
  if (!['closed', 'published'].includes(d.state)) return [{ kind: 'cover', label: '封面' }];
  const pages = [{ kind: 'cover', label: '封面（竞答结束）' }];
  for (const t of [...d.tiers].reverse()) {
    if (!t.people.length) continue;
    const parts = paged(t.people);
    parts.forEach((people, i) => {
      pages.push({
        kind: 'tier',
        tier: t.tier,
        people,
        part: i + 1,
        parts: parts.length,
        label: parts.length > 1 ? `${t.tier}（${i + 1}/${parts.length}）` : t.tier,
      });
    });
  }
  if (d.lottery || d.lottery_note) {
    const parts = paged(d.lottery ? d.lottery.winners : []);
    parts.forEach((people, i) => {
      pages.push({
        kind: 'lottery',
        people,
        part: i + 1,
        parts: parts.length,
        label: parts.length > 1 ? `幸运抽奖（${i + 1}/${parts.length}）` : '幸运抽奖',
      });
    });
  }
  pages.push({ kind: 'board', label: '成绩榜前十名' });
  return pages;
}

/** The step the backend holds, kept within the pages there are. */
export function clampStep(step, pages) {
  return Math.max(0, Math.min(step || 0, pages.length - 1));
}

// The choices a paper rule offers, shared by the contest editor and the
// live show's round editor: the law, and which questions a rule may draw.

export const SUBJECTS = [
  ['宪法', '宪法'],
  ['民法典', '民法典'],
  ['宪法日常识', '宪法日常识'],
];
// 竞赛专用题 are questions nobody could practise (题库 → 竞赛专用题).
export const POOLS = [
  ['any', '全部题目'],
  ['contest_only', '仅竞赛专用题'],
  ['practice', '仅练习题'],
];

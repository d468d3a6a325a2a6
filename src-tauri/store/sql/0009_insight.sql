-- Schema version 7: what item analysis and department weakness need.
--
-- A retired question (撤下) is never drawn into a paper or served in
-- practice again (active = 0, and reloading the shipped bank keeps it so);
-- past attempts keep it, since their answers and papers cite it by id.
ALTER TABLE question ADD COLUMN retired_at TEXT;
ALTER TABLE question ADD COLUMN retired_by TEXT;
ALTER TABLE question ADD COLUMN retired_reason TEXT;
-- 填空: spellings an organizer accepted after item analysis showed wrong
-- answers clustering on them (JSON array); kept when the bank reloads and
-- graded as right from then on (past results are not regraded).
ALTER TABLE question ADD COLUMN extra_accepted TEXT NOT NULL DEFAULT '[]';

-- 推荐练习: a practice set over the articles a department gets wrong most,
-- made by an organizer from the department view; the newest active one per
-- department shows on its staff's 首页.
CREATE TABLE recommended_practice (
    id            INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES department (id),
    contest_id    INTEGER REFERENCES contest (id),
    title         TEXT    NOT NULL,
    articles      TEXT    NOT NULL,           -- JSON [{law, article}]
    created_at    TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX recommended_by_department ON recommended_practice (department_id, active);

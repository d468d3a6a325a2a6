-- An attempt's answers kept together: the answer table becomes clustered
-- on its key (attempt, position) — WITHOUT ROWID — instead of stored in the
-- order answers arrived. At a hand-in the 50 answers of one attempt are
-- graded; stored by arrival they sat on 50 different pages (10,000 takers
-- answer in turn), so grading one attempt rewrote 50 pages into the WAL,
-- and 250 hand-ins a second saturated the writer (docs/performance.md).
-- Now they share a page or two. An answer's write still touches one page
-- of the table (before: the table's last page and a page of its key's
-- index). Same columns, same order, every row kept.
CREATE TABLE answer_by_attempt (
    attempt_id  INTEGER NOT NULL REFERENCES attempt (id),
    position    INTEGER NOT NULL,
    question_id TEXT    NOT NULL REFERENCES question (id),
    response    TEXT    NOT NULL,
    answered_at TEXT    NOT NULL,
    points      INTEGER,
    verdict     TEXT,
    seq         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (attempt_id, position)
) STRICT, WITHOUT ROWID;

INSERT INTO answer_by_attempt (attempt_id, position, question_id, response, answered_at, points, verdict, seq)
SELECT attempt_id, position, question_id, response, answered_at, points, verdict, seq FROM answer;

DROP TABLE answer;
ALTER TABLE answer_by_attempt RENAME TO answer;

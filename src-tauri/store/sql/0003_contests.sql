-- Schema version 3: what timed contests need beyond version 1's tables —
-- the drawn paper of each attempt, the results' hash chain, marks for
-- review, per-answer grading, and the audited prize draws.

ALTER TABLE attempt ADD COLUMN attempt_no INTEGER NOT NULL DEFAULT 1;
ALTER TABLE attempt ADD COLUMN paper TEXT NOT NULL DEFAULT '[]';      -- JSON [PaperItem]
ALTER TABLE attempt ADD COLUMN max_score INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempt ADD COLUMN last_seen_at TEXT;                     -- latest backend time seen (clock turned back)
ALTER TABLE attempt ADD COLUMN chain_seq INTEGER;                     -- order in the contest's result chain
ALTER TABLE attempt ADD COLUMN result_hash TEXT;                      -- SHA-256 chained to the previous result
CREATE UNIQUE INDEX attempt_one_open ON attempt (contest_id, employee_id) WHERE state = 'open';
CREATE INDEX attempt_by_state ON attempt (state, deadline_at);

ALTER TABLE answer ADD COLUMN points INTEGER;                         -- set when the attempt is graded
ALTER TABLE answer ADD COLUMN verdict TEXT;

CREATE TABLE attempt_mark (
    attempt_id INTEGER NOT NULL REFERENCES attempt (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (attempt_id, position)
) STRICT;

CREATE TABLE prize_draw (
    id         INTEGER PRIMARY KEY,
    contest_id INTEGER NOT NULL REFERENCES contest (id),
    phrase     TEXT    NOT NULL,
    algorithm  TEXT    NOT NULL,
    list_hash  TEXT    NOT NULL,
    eligible   TEXT    NOT NULL,                                      -- JSON [工号], sorted
    winners    TEXT    NOT NULL,                                      -- JSON [工号], in draw order
    created_at TEXT    NOT NULL,
    actor      TEXT    NOT NULL
) STRICT;

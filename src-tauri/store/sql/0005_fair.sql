-- Schema version 5: a prize contest nobody can game (C10) and a deeper bank.

-- 竞赛专用题: kept out of practice, the library's questions, the wrong-answer
-- book and staff exports until a published contest has used it.
ALTER TABLE question ADD COLUMN contest_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE question ADD COLUMN released_at TEXT;
-- Same-fact group: a paper never draws two questions of one group.
ALTER TABLE question ADD COLUMN grp TEXT;

-- A PIN an organizer set (initial PIN): the person must choose their own at
-- the first log-in with it.
ALTER TABLE employee ADD COLUMN pin_initial INTEGER NOT NULL DEFAULT 0;

-- One valid draw per prize: a second draw needs the first voided, with a
-- reason; voided draws stay on record.
ALTER TABLE prize_draw ADD COLUMN voided_at TEXT;
ALTER TABLE prize_draw ADD COLUMN void_reason TEXT;
ALTER TABLE prize_draw ADD COLUMN voided_by TEXT;

-- The option order a person was shown for a practice question: option ids
-- sent to the page are display positions, mapped back through this.
CREATE TABLE practice_view (
    employee_id  INTEGER NOT NULL REFERENCES employee (id),
    question_id  TEXT    NOT NULL,
    option_order TEXT    NOT NULL,            -- JSON [bank index] in display order
    PRIMARY KEY (employee_id, question_id)
) STRICT, WITHOUT ROWID;

-- Failed log-ins in the last minutes (host panel), a person's sessions (ended
-- when their PIN is reset, they are deactivated or their role changes).
CREATE INDEX audit_by_action ON audit_log (action, at);
CREATE INDEX session_by_person ON session (role, person_id);
-- A person's open attempt (no key reaches them while one runs: checked on
-- every practice and library call).
CREATE INDEX attempt_open_by_person ON attempt (employee_id) WHERE state = 'open';

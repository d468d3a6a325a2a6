-- 今日复习 (spaced review, FSRS) and 学时 from offline study.

-- A question's content version: 0 when it is first written, one more each
-- time its type, stem, options or key change (kept by the triggers below,
-- whatever writes the row). The due list compares it with the version a
-- memory state was made under, so finding the few edited questions costs
-- no hashing; the content hash then decides (an edit undone is no edit).
CREATE TABLE question_rev (
    question_id TEXT    PRIMARY KEY,
    rev         INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
INSERT INTO question_rev (question_id) SELECT id FROM question;
CREATE TRIGGER question_content_rev_insert AFTER INSERT ON question
BEGIN
    INSERT OR IGNORE INTO question_rev (question_id) VALUES (new.id);
END;
CREATE TRIGGER question_content_rev_update AFTER UPDATE OF qtype, stem, options, answer_key ON question
WHEN old.qtype IS NOT new.qtype OR old.stem IS NOT new.stem OR old.options IS NOT new.options
  OR old.answer_key IS NOT new.answer_key
BEGIN
    INSERT INTO question_rev (question_id, rev) VALUES (new.id, 1)
        ON CONFLICT (question_id) DO UPDATE SET rev = rev + 1;
END;

-- One person's memory state of one question, as the FSRS scheduler left it
-- after their last review. content_hash (and question_rev) is the question's
-- content when it was reviewed: a question edited since starts anew.
CREATE TABLE review_card (
    employee_id    INTEGER NOT NULL REFERENCES employee (id) ON DELETE CASCADE,
    question_id    TEXT    NOT NULL,
    content_hash   TEXT    NOT NULL,
    due            TEXT    NOT NULL,              -- RFC 3339 UTC
    stability      REAL    NOT NULL,
    difficulty     REAL    NOT NULL,
    elapsed_days   INTEGER NOT NULL,
    scheduled_days INTEGER NOT NULL,
    reps           INTEGER NOT NULL,
    lapses         INTEGER NOT NULL,
    state          INTEGER NOT NULL,              -- 0 new 1 learning 2 review 3 relearning
    last_review    TEXT    NOT NULL,
    question_rev   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (employee_id, question_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX review_card_due ON review_card (employee_id, due);

-- Every review: its rating (1 Again … 4 Easy), the time taken and the local
-- day it fell on (the streak counts days).
CREATE TABLE review_log (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employee (id) ON DELETE CASCADE,
    question_id TEXT    NOT NULL,
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    elapsed_ms  INTEGER,
    reviewed_at TEXT    NOT NULL,
    day         TEXT    NOT NULL                  -- local YYYY-MM-DD
) STRICT;
CREATE INDEX review_log_day ON review_log (employee_id, day);

-- When a practice question was last shown to a person (the backend's clock):
-- the time taken to answer it is measured from here.
CREATE TABLE review_shown (
    employee_id INTEGER NOT NULL REFERENCES employee (id) ON DELETE CASCADE,
    question_id TEXT    NOT NULL,
    shown_at    TEXT    NOT NULL,
    PRIMARY KEY (employee_id, question_id)
) STRICT, WITHOUT ROWID;

-- 学时 from study outside the app: an activity and who attended it.
CREATE TABLE study_activity (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('集体学法', '中心组学习', '培训班', '宪法日活动', '其他')),
    title      TEXT    NOT NULL,
    held_on    TEXT    NOT NULL,                  -- local YYYY-MM-DD
    hours      REAL    NOT NULL CHECK (hours > 0 AND hours <= 24),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
) STRICT;
CREATE INDEX study_activity_day ON study_activity (held_on);

CREATE TABLE study_attendance (
    activity_id INTEGER NOT NULL REFERENCES study_activity (id) ON DELETE CASCADE,
    employee_id INTEGER NOT NULL REFERENCES employee (id),
    PRIMARY KEY (activity_id, employee_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX study_attendance_person ON study_attendance (employee_id);

-- Schema version 2: organizer accounts, staff login (PIN, one-time codes),
-- settings, and indexes for study time and the wrong-answer book.

CREATE TABLE organizer (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,           -- argon2 PHC string
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT    NOT NULL
) STRICT;

-- One-time login codes: SHA-256 of (employee id, code); cleared when used.
ALTER TABLE employee ADD COLUMN login_code_hash TEXT;
ALTER TABLE employee ADD COLUMN updated_at TEXT;

-- Key/value settings (学时 minutes, targets, PIN policy), apart from meta.
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE INDEX employee_by_department ON employee (department_id, active);
CREATE INDEX study_session_by_person ON study_session (employee_id, started_at);
CREATE INDEX practice_answer_by_question ON practice_answer (question_id);

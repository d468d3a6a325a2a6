-- Schema version 1: the first schema. Later versions only add migrations.

-- Key/value facts about this database (content hashes of the loaded law texts
-- and bank, settings).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The two laws, one row per article (宪法 article 0 is the 序言).
CREATE TABLE law_article (
    id      INTEGER PRIMARY KEY,
    law     TEXT    NOT NULL CHECK (law IN ('宪法', '民法典')),
    article INTEGER NOT NULL CHECK (article >= 0),
    label   TEXT    NOT NULL,
    part    TEXT,
    subpart TEXT,
    chapter TEXT,
    section TEXT,
    text    TEXT    NOT NULL,
    UNIQUE (law, article)
) STRICT;

-- Full-text search over the articles; the trigram tokenizer works for Chinese
-- without a word segmenter (queries of 3+ characters).
CREATE VIRTUAL TABLE law_article_fts USING fts5(
    text,
    content = 'law_article',
    content_rowid = 'id',
    tokenize = 'trigram'
);

-- The 题注 under each law's title (adoption and amendment dates).
CREATE TABLE law_note (
    law  TEXT PRIMARY KEY CHECK (law IN ('宪法', '民法典')),
    text TEXT NOT NULL
) STRICT;

-- The question bank: shipped questions (source 'bank') and imported ones.
-- Part/chapter/section are copied from the basis article for scope queries.
CREATE TABLE question (
    id            TEXT    PRIMARY KEY,
    subject       TEXT    NOT NULL CHECK (subject IN ('宪法', '民法典', '宪法日常识')),
    qtype         TEXT    NOT NULL CHECK (qtype IN ('single', 'multi', 'judge', 'fill')),
    difficulty    INTEGER NOT NULL CHECK (difficulty BETWEEN 1 AND 3),
    tags          TEXT    NOT NULL,           -- JSON array of strings
    stem          TEXT    NOT NULL,
    options       TEXT    NOT NULL,           -- JSON array of strings
    answer_key    TEXT    NOT NULL,           -- JSON AnswerKey
    explanation   TEXT    NOT NULL,
    basis_law     TEXT,                       -- NULL: no basis (imported)
    basis_article INTEGER,                    -- NULL with basis_law: the 题注
    basis_quotes  TEXT    NOT NULL DEFAULT '[]',
    part          TEXT,
    subpart       TEXT,
    chapter       TEXT,
    section       TEXT,
    sort_key      INTEGER NOT NULL DEFAULT 0, -- sequential practice order
    source        TEXT    NOT NULL DEFAULT 'bank',
    active        INTEGER NOT NULL DEFAULT 1,
    updated_at    TEXT    NOT NULL
) STRICT;
CREATE INDEX question_scope ON question (subject, active, sort_key);
CREATE INDEX question_basis ON question (basis_law, basis_article);

CREATE TABLE department (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE employee (
    id            INTEGER PRIMARY KEY,
    staff_no      TEXT    NOT NULL UNIQUE,    -- 工号
    name          TEXT    NOT NULL,
    department_id INTEGER REFERENCES department (id),
    pin_hash      TEXT,                       -- argon2 PHC string
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT    NOT NULL
) STRICT;

-- Practice answers, one row per answer given (employee NULL: this PC's
-- anonymous user, before login exists).
CREATE TABLE practice_answer (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER REFERENCES employee (id),
    question_id TEXT    NOT NULL REFERENCES question (id),
    response    TEXT    NOT NULL,             -- JSON Response
    correct     INTEGER NOT NULL,
    answered_at TEXT    NOT NULL
) STRICT;
CREATE INDEX practice_answer_by_person ON practice_answer (employee_id, question_id);

-- Active study time, measured by the backend from UI events.
CREATE TABLE study_session (
    id             INTEGER PRIMARY KEY,
    employee_id    INTEGER REFERENCES employee (id),
    kind           TEXT    NOT NULL,          -- practice / library / contest
    started_at     TEXT    NOT NULL,
    last_event_at  TEXT    NOT NULL,
    active_seconds INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE contest (
    id           INTEGER PRIMARY KEY,
    title        TEXT    NOT NULL,
    opens_at     TEXT    NOT NULL,
    closes_at    TEXT    NOT NULL,
    time_limit_s INTEGER NOT NULL CHECK (time_limit_s > 0),
    rules        TEXT    NOT NULL,            -- JSON paper, scoring and prize rules
    state        TEXT    NOT NULL DEFAULT 'draft'
                 CHECK (state IN ('draft', 'open', 'closed', 'published')),
    created_at   TEXT    NOT NULL
) STRICT;

CREATE TABLE attempt (
    id           INTEGER PRIMARY KEY,
    contest_id   INTEGER NOT NULL REFERENCES contest (id),
    employee_id  INTEGER NOT NULL REFERENCES employee (id),
    seed         INTEGER NOT NULL,            -- regenerates the exact paper
    started_at   TEXT    NOT NULL,
    deadline_at  TEXT    NOT NULL,            -- kept by the backend, never the page
    submitted_at TEXT,
    score        INTEGER,
    time_used_ms INTEGER,
    state        TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'submitted', 'expired'))
) STRICT;
CREATE INDEX attempt_by_contest ON attempt (contest_id, employee_id);

-- One answer per question of an attempt; a re-answer replaces it.
CREATE TABLE answer (
    attempt_id  INTEGER NOT NULL REFERENCES attempt (id),
    position    INTEGER NOT NULL,
    question_id TEXT    NOT NULL REFERENCES question (id),
    response    TEXT    NOT NULL,
    answered_at TEXT    NOT NULL,
    PRIMARY KEY (attempt_id, position)
) STRICT;

-- Organizer actions: who, what, when.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
) STRICT;

-- The live show (现场竞答): teams on stage, rounds of 必答 / 抢答 / 风险题 /
-- 限时速答, the items drawn at the start, an append-only event log (scores
-- are the sum of its score events not undone), the devices that joined with
-- the show's code (tokens kept as SHA-256) and the audience's answers. All
-- of a running show's state is here, so a restart resumes it.
CREATE TABLE show (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    unit_name TEXT NOT NULL DEFAULT '',
    spec TEXT NOT NULL,                       -- ShowSpec as JSON
    state TEXT NOT NULL DEFAULT 'setup' CHECK (state IN ('setup', 'running', 'finished')),
    code TEXT NOT NULL,                       -- 6 digits to join
    seed INTEGER NOT NULL DEFAULT 0,
    item_pos INTEGER,                         -- the current item (position in the show)
    phase TEXT NOT NULL DEFAULT 'setup',
    phase_started_at_ms INTEGER NOT NULL DEFAULT 0,
    deadline_ms INTEGER,
    open_at_ms INTEGER,                       -- 抢答: when buzzing opened
    shown_at_ms INTEGER,                      -- when the current question was shown
    oath_step INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE UNIQUE INDEX show_code_live ON show(code) WHERE state <> 'finished';

CREATE TABLE show_team (
    id INTEGER PRIMARY KEY,
    show_id INTEGER NOT NULL REFERENCES show(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    colour TEXT NOT NULL,
    department TEXT,
    members TEXT NOT NULL DEFAULT '[]',
    UNIQUE (show_id, position)
);

CREATE TABLE show_item (
    id INTEGER PRIMARY KEY,
    show_id INTEGER NOT NULL REFERENCES show(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,                -- in the show, from 0
    round_pos INTEGER NOT NULL,
    round_index INTEGER NOT NULL,             -- in the round, from 0
    team_id INTEGER REFERENCES show_team(id),
    question_id TEXT NOT NULL,
    option_order TEXT NOT NULL DEFAULT '[]',
    risk_value INTEGER,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'current', 'done', 'skipped')),
    UNIQUE (show_id, position)
);

CREATE TABLE show_event (
    id INTEGER PRIMARY KEY,
    show_id INTEGER NOT NULL REFERENCES show(id) ON DELETE CASCADE,
    at_ms INTEGER NOT NULL,
    kind TEXT NOT NULL,
    team_id INTEGER,
    item_id INTEGER,
    device_id INTEGER,
    points INTEGER NOT NULL DEFAULT 0,
    scoring INTEGER NOT NULL DEFAULT 0,       -- 1: counts for the scores (and may be undone)
    undone_by INTEGER,
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX show_event_item ON show_event(item_id, kind);
CREATE INDEX show_event_show ON show_event(show_id, id);

CREATE TABLE show_device (
    id INTEGER PRIMARY KEY,
    show_id INTEGER NOT NULL REFERENCES show(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('team', 'audience', 'screen')),
    team_id INTEGER REFERENCES show_team(id),
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    joined_at_ms INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX show_device_show ON show_device(show_id, role);

CREATE TABLE show_answer (
    item_id INTEGER NOT NULL REFERENCES show_item(id) ON DELETE CASCADE,
    device_id INTEGER NOT NULL REFERENCES show_device(id) ON DELETE CASCADE,
    choice TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    ms INTEGER NOT NULL,                      -- after the question was shown
    correct INTEGER NOT NULL,
    PRIMARY KEY (item_id, device_id)
);

-- Laws are data (schema 11): one row per law or topic, in the order the app
-- lists them. The CHECKs that fixed law_article, law_note and question to
-- 宪法 / 民法典 / 宪法日常识 are removed by the migration's code (SQLite's
-- documented writable_schema procedure for dropping a CHECK: no table is
-- rebuilt, no row moves), and the shipped content load fills in every
-- shipped law on the next start.
CREATE TABLE law (
    id          TEXT    PRIMARY KEY,                -- short name: 宪法, 数据安全法 …
    title       TEXT    NOT NULL,                   -- 中华人民共和国数据安全法
    kind        TEXT    NOT NULL CHECK (kind IN ('宪法', '宪法修正案', '法律', '决定', '专题')),
    blurb       TEXT    NOT NULL DEFAULT '',
    aliases     TEXT    NOT NULL DEFAULT '[]',      -- JSON array of other names
    edition     TEXT    NOT NULL DEFAULT '',        -- as shown: 2018年修正
    position    INTEGER NOT NULL,
    enabled     INTEGER NOT NULL DEFAULT 0,         -- in the 学习范围
    source      TEXT    NOT NULL DEFAULT 'builtin' CHECK (source IN ('builtin', 'import')),
    file_name   TEXT,                               -- the imported file
    imported_at TEXT
) STRICT;

-- The three subjects every older database has, so its rows keep pointing at
-- a law; the next start fills in the rest of each row.
INSERT INTO law (id, title, kind, position, enabled) VALUES
    ('宪法', '中华人民共和国宪法', '宪法', 0, 1),
    ('民法典', '中华人民共和国民法典', '法律', 1, 1),
    ('宪法日常识', '宪法日常识', '专题', 2, 1);

-- A question whose basis quote is no longer verbatim in a new edition of its
-- law is set aside: inactive (never drawn, never practised) with the reason,
-- until a fixed version of it is imported.
ALTER TABLE question ADD COLUMN set_aside TEXT;
CREATE INDEX question_set_aside ON question (set_aside) WHERE set_aside IS NOT NULL;

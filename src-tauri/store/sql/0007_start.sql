-- The start of a contest, when thousands log in and start at once.

-- A one-time login code is looked up by its hash: without an index every
-- log-in scanned the whole staff list inside the writer.
CREATE INDEX employee_login_code ON employee(login_code_hash) WHERE login_code_hash IS NOT NULL;

-- The bank's revision: bumped by every change to a question, so the paper
-- draw can keep the questions' metadata in memory and know when it is stale
-- (a start no longer reads every question).
INSERT OR IGNORE INTO meta(key, value) VALUES ('bank_rev', '0');
CREATE TRIGGER question_rev_insert AFTER INSERT ON question BEGIN
    UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'bank_rev';
END;
CREATE TRIGGER question_rev_update AFTER UPDATE ON question BEGIN
    UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'bank_rev';
END;
CREATE TRIGGER question_rev_delete AFTER DELETE ON question BEGIN
    UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'bank_rev';
END;

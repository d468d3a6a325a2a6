-- The LAN host (C8).
--
-- Indexes it needs at scale (measured with make bench-host): a person's
-- attempts at a contest (start, resume) and the tail of a contest's result
-- chain (every hand-in) were full scans of `attempt`, quadratic over
-- thousands of takers.
CREATE INDEX attempt_by_person ON attempt (contest_id, employee_id);
CREATE INDEX attempt_by_chain ON attempt (contest_id, chain_seq) WHERE chain_seq IS NOT NULL;

-- Sessions survive a restart of the host PC: staff who were answering
-- carry on without logging in again. Only a hash of the token is kept, so
-- a copy of the file opens no session.
CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('staff', 'organizer')),
    person_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

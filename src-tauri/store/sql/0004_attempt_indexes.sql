-- Indexes the LAN host needs at scale (measured with make bench-host):
-- a person's attempts at a contest (start, resume) and the tail of a
-- contest's result chain (every hand-in) were full scans of `attempt`,
-- quadratic over thousands of takers.
CREATE INDEX attempt_by_person ON attempt (contest_id, employee_id);
CREATE INDEX attempt_by_chain ON attempt (contest_id, chain_seq) WHERE chain_seq IS NOT NULL;

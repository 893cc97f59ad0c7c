-- 0006: outbox rows are claimed by the process that sends them (claimed_by, until claimed_until),
-- so that two bot processes sharing a PostgreSQL database never send the same post. With one
-- SQLite process the claims are its own and change nothing.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;

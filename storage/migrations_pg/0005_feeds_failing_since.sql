-- 0005 (PostgreSQL twin): when a feed's current run of failures began.
ALTER TABLE feeds ADD COLUMN failing_since TEXT;
UPDATE feeds SET failing_since = COALESCE(last_polled_at, created_at) WHERE failures > 0;

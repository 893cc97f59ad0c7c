-- 0004: when a feed's current run of failures began, so that a feed is disabled only after
-- failing for a while ([polling] disable_after_hours) as well as many times in a row.
ALTER TABLE feeds ADD COLUMN failing_since TEXT;
UPDATE feeds SET failing_since = COALESCE(last_polled_at, created_at) WHERE failures > 0;

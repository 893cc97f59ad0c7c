-- 0006 (PostgreSQL twin): outbox claims, so two processes never send the same post.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;

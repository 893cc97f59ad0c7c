-- 0004 (PostgreSQL twin): articles whose date could not be read keep the time they were first
-- seen, marked so; opaque guids are unique only within their feed, so their ids are scoped by it.
ALTER TABLE articles ADD COLUMN date_estimated BIGINT NOT NULL DEFAULT 0;
UPDATE articles SET published_at = fetched_at, date_estimated = 1 WHERE published_at IS NULL;
UPDATE articles SET uid = 'o:' || feed_id || ':' || substr(uid, 3)
WHERE substr(uid, 1, 2) = 'g:' AND feed_id IS NOT NULL
  AND lower(substr(uid, 3, 7)) <> 'http://' AND lower(substr(uid, 3, 8)) <> 'https://';

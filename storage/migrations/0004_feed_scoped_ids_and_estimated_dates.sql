-- 0004: articles whose date could not be read keep the time they were first seen, marked so;
-- opaque guids (not http(s) URLs: numbers, UUIDs, urn:, tag:) are unique only within their
-- feed, so their ids are scoped by it ("g:4956764" of feed 7 becomes "o:7:4956764").
ALTER TABLE articles ADD COLUMN date_estimated INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET published_at = fetched_at, date_estimated = 1 WHERE published_at IS NULL;
UPDATE articles SET uid = 'o:' || feed_id || ':' || substr(uid, 3)
WHERE substr(uid, 1, 2) = 'g:' AND feed_id IS NOT NULL
  AND lower(substr(uid, 3, 7)) <> 'http://' AND lower(substr(uid, 3, 8)) <> 'https://';

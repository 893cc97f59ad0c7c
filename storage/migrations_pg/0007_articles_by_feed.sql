-- 0007 (PostgreSQL twin): a feed's last stored articles, newest first.
CREATE INDEX articles_by_feed ON articles (feed_id, id);

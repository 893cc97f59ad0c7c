-- 0007: a feed's last stored articles, newest first (storage.news.NewsRepo.stored_by_feed: what
-- a parse of a changed feed need not classify again).
CREATE INDEX articles_by_feed ON articles (feed_id, id);

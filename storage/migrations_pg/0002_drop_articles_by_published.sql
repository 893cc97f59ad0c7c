-- 0002 (PostgreSQL twin): no query orders or filters articles by publication time.
DROP INDEX IF EXISTS articles_by_published;

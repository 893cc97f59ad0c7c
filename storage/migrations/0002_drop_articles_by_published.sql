-- 0002: no query orders or filters articles by publication time (stories carry it), so the
-- index cost a B-tree insert per stored article and ~40 bytes each for nothing.
DROP INDEX IF EXISTS articles_by_published;

-- 0003 (PostgreSQL twin): the releases of the shipped baseline this database has taken in.
-- SQLite gives every table a rowid, and storage.baseline orders by it; here it is a column.
CREATE TABLE baseline_releases (
    digest   TEXT PRIMARY KEY,
    checked  TEXT NOT NULL,
    entries  BIGINT NOT NULL,
    seeded   BIGINT NOT NULL DEFAULT 0,
    applied  BIGINT NOT NULL DEFAULT 0,
    proposed BIGINT NOT NULL DEFAULT 0,
    seen_at  TEXT NOT NULL,
    rowid    BIGINT GENERATED ALWAYS AS IDENTITY
);

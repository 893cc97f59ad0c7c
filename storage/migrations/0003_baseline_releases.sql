-- 0003: the releases of the shipped baseline (bot/data/baseline.json, by sha256) this database
-- has taken in. A new release is applied once, at the first start that ships it: countries still
-- holding the baseline's value are updated, the others get a proposal for a moderator.
CREATE TABLE baseline_releases (
    digest   TEXT PRIMARY KEY,
    checked  TEXT NOT NULL,
    entries  INTEGER NOT NULL,
    seeded   INTEGER NOT NULL DEFAULT 0,
    applied  INTEGER NOT NULL DEFAULT 0,
    proposed INTEGER NOT NULL DEFAULT 0,
    seen_at  TEXT NOT NULL
);

-- 0001: the first schema. Times are ISO 8601 UTC text ("2024-07-11T09:30:00+00:00").

CREATE TABLE countries (
    iso2            TEXT PRIMARY KEY,
    status          TEXT NOT NULL
        CHECK (status IN ('banned', 'restricted', 'under_review', 'allowed', 'partner', 'unknown')),
    since           TEXT,
    summary         TEXT NOT NULL DEFAULT '',
    source          TEXT,
    updated_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    last_change_id  INTEGER NOT NULL REFERENCES status_changes(id)
);

-- Append-only: rows are never deleted and only `reverted_by` may ever be filled in.
CREATE TABLE status_changes (
    id          INTEGER PRIMARY KEY,
    iso2        TEXT NOT NULL,
    old_status  TEXT NOT NULL,
    new_status  TEXT NOT NULL
        CHECK (new_status IN ('banned', 'restricted', 'under_review', 'allowed', 'partner', 'unknown')),
    since       TEXT,
    summary     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    source      TEXT,
    kind        TEXT NOT NULL CHECK (kind IN ('seed', 'update', 'revert', 'proposal')),
    actor       TEXT NOT NULL,
    actor_name  TEXT,
    guild_id    INTEGER,
    reverts_id  INTEGER REFERENCES status_changes(id),
    reverted_by INTEGER REFERENCES status_changes(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX status_changes_by_country ON status_changes (iso2, id);

CREATE TRIGGER status_changes_no_delete BEFORE DELETE ON status_changes
BEGIN
    SELECT RAISE(ABORT, 'status_changes is append-only');
END;

CREATE TRIGGER status_changes_no_rewrite
BEFORE UPDATE OF id, iso2, old_status, new_status, since, summary, note, source, kind, actor,
                 actor_name, guild_id, reverts_id, created_at ON status_changes
BEGIN
    SELECT RAISE(ABORT, 'status_changes is append-only');
END;

CREATE TABLE feeds (
    id              INTEGER PRIMARY KEY,
    url             TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL DEFAULT '',
    origin          TEXT NOT NULL DEFAULT 'config',
    added_by        TEXT,
    etag            TEXT,
    last_modified   TEXT,
    body_hash       TEXT,
    last_polled_at  TEXT,
    last_ok_at      TEXT,
    next_poll_at    TEXT,
    failures        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    disabled        INTEGER NOT NULL DEFAULT 0,
    disabled_reason TEXT,
    paused          INTEGER NOT NULL DEFAULT 0,
    removed         INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL
);

CREATE TABLE stories (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    link          TEXT,
    signature     TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    published_at  TEXT,
    outlet_count  INTEGER NOT NULL DEFAULT 1,
    relevant      INTEGER NOT NULL,
    score         REAL NOT NULL
);
CREATE INDEX stories_by_time ON stories (published_at);
CREATE INDEX stories_by_last_seen ON stories (last_seen_at);

CREATE TABLE story_countries (
    story_id   INTEGER NOT NULL REFERENCES stories(id),
    iso2       TEXT NOT NULL,
    status     TEXT,
    confidence REAL NOT NULL,
    PRIMARY KEY (story_id, iso2)
) WITHOUT ROWID;
CREATE INDEX story_countries_by_country ON story_countries (iso2, story_id);

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    feed_id      INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    uid          TEXT NOT NULL UNIQUE,
    link         TEXT,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    outlet       TEXT NOT NULL DEFAULT '',
    published_at TEXT,
    fetched_at   TEXT NOT NULL,
    story_id     INTEGER REFERENCES stories(id),
    relevant     INTEGER NOT NULL,
    score        REAL NOT NULL,
    alertable    INTEGER NOT NULL
);
CREATE UNIQUE INDEX articles_by_link ON articles (link) WHERE link IS NOT NULL;
CREATE INDEX articles_by_story ON articles (story_id);
CREATE INDEX articles_by_published ON articles (published_at);

CREATE TABLE article_countries (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    iso2       TEXT NOT NULL,
    status     TEXT,
    confidence REAL NOT NULL,
    PRIMARY KEY (article_id, iso2)
) WITHOUT ROWID;

CREATE TABLE proposals (
    id          INTEGER PRIMARY KEY,
    story_id    INTEGER NOT NULL REFERENCES stories(id),
    iso2        TEXT NOT NULL,
    status      TEXT NOT NULL,
    confidence  REAL NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'dismissed')),
    decided_by  TEXT,
    decided_at  TEXT,
    change_id   INTEGER REFERENCES status_changes(id),
    created_at  TEXT NOT NULL,
    UNIQUE (story_id, iso2)
);

CREATE TABLE guild_settings (
    guild_id          INTEGER PRIMARY KEY,
    alert_channel_id  INTEGER,
    mention_role_id   INTEGER,
    countries         TEXT,
    min_relevance     REAL,
    digest_enabled    INTEGER NOT NULL DEFAULT 1,
    digest_weekday    INTEGER NOT NULL DEFAULT 0,
    digest_hour       INTEGER NOT NULL DEFAULT 9,
    digest_post_empty INTEGER NOT NULL DEFAULT 0,
    updated_by        TEXT,
    updated_at        TEXT
);

-- Every post to make. Written in the same transaction as what it announces; marked sent only
-- after Discord answered, so a crash never loses a post and a restart never repeats one.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    channel_id      INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    story_id        INTEGER REFERENCES stories(id),
    payload         TEXT NOT NULL DEFAULT '{}',
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    needs_edit      INTEGER NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    message_id      INTEGER,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE UNIQUE INDEX outbox_one_post_per_story ON outbox (guild_id, story_id) WHERE kind = 'story';
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_edits ON outbox (needs_edit) WHERE needs_edit = 1;

-- Who changed which setting (feeds, alert routing); status changes audit themselves.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    actor      TEXT NOT NULL,
    actor_name TEXT,
    guild_id   INTEGER,
    action     TEXT NOT NULL,
    target     TEXT,
    detail     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

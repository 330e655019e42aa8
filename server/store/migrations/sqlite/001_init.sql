-- 001_init: the first schema. Applied once, inside one transaction, by the store's migration
-- runner, which then sets PRAGMA user_version = 1. Never edit an applied migration: add 002_....
-- Plain CREATE TABLE (no IF NOT EXISTS) so that running it twice fails loudly.
-- STRICT tables: SQLite rejects values of the wrong type instead of silently storing them.
-- Times are unix seconds (UTC) unless the column name ends in _ms.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  -- Lower-cased by the store; the CHECK catches a write that forgot to.
  email         TEXT    NOT NULL UNIQUE CHECK (email = lower(email)),
  name          TEXT    NOT NULL,
  role          TEXT    NOT NULL CHECK (role IN ('jobseeker', 'employer', 'organiser')),
  password_hash TEXT    NOT NULL,
  created_at    INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

-- Only the SHA-256 of a session token is stored, so a leaked database yields no live sessions.
CREATE TABLE sessions (
  token_hash TEXT    PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_expires_at ON sessions(expires_at);  -- delete_expired_sessions
CREATE INDEX sessions_user_id ON sessions(user_id);        -- the ON DELETE CASCADE lookup

CREATE TABLE fairs (
  id             INTEGER PRIMARY KEY,
  title_tr       TEXT    NOT NULL DEFAULT '',
  title_en       TEXT    NOT NULL DEFAULT '',
  description_tr TEXT    NOT NULL DEFAULT '',
  description_en TEXT    NOT NULL DEFAULT '',
  theme          TEXT    NOT NULL DEFAULT '',
  timezone       TEXT    NOT NULL DEFAULT 'UTC',
  starts_at      INTEGER NOT NULL,
  ends_at        INTEGER NOT NULL,
  status         TEXT    NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'published', 'live', 'closed')),
  is_demo        INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
) STRICT;
CREATE INDEX fairs_starts_at ON fairs(starts_at, id);  -- list_fairs order

CREATE TABLE booths (
  id          INTEGER PRIMARY KEY,
  fair_id     INTEGER NOT NULL REFERENCES fairs(id) ON DELETE CASCADE,
  name        TEXT    NOT NULL,
  sector      TEXT    NOT NULL DEFAULT '',
  city        TEXT    NOT NULL DEFAULT '',
  description TEXT    NOT NULL DEFAULT '',
  is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
) STRICT;
CREATE INDEX booths_fair_name ON booths(fair_id, name);  -- list_booths order, cascade lookup

CREATE TABLE booth_members (
  booth_id    INTEGER NOT NULL REFERENCES booths(id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  member_role TEXT    NOT NULL CHECK (member_role IN ('owner', 'recruiter')),
  PRIMARY KEY (booth_id, user_id)
) STRICT;
CREATE INDEX booth_members_user_id ON booth_members(user_id);  -- cascade lookup

-- AUTOINCREMENT: ids are never reused, even after deletions, because clients page history and
-- drop duplicates by id.
CREATE TABLE chat_messages (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  booth_id   INTEGER NOT NULL REFERENCES booths(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  text       TEXT    NOT NULL,
  nonce      TEXT    NULL,  -- client-chosen retry key; NULL when the client sent none
  sent_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX chat_messages_booth_id ON chat_messages(booth_id, id);  -- chat_history pages
-- Idempotent sends: a retried (user, nonce) hits this index and is not inserted twice.
CREATE UNIQUE INDEX chat_messages_user_nonce ON chat_messages(user_id, nonce)
  WHERE nonce IS NOT NULL;

-- Node-local facts, e.g. 'demo_seeded'.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

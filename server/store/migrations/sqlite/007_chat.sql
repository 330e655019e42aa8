-- 007_chat: private booth threads, read state, message reports, mutes and fair-wide bans.
-- Times are unix seconds UTC (message times unix milliseconds, like chat_messages).

-- One private conversation between a jobseeker and a booth (any of the booth's staff answers).
-- Read state per side: the newest message id each side has read (0 = none).
CREATE TABLE chat_threads (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  booth_id        INTEGER NOT NULL REFERENCES booths(id) ON DELETE CASCADE,
  jobseeker_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at      INTEGER NOT NULL CHECK (created_at >= 0),
  last_message_at INTEGER NOT NULL DEFAULT 0 CHECK (last_message_at >= 0),  -- ms; 0 = no message yet
  jobseeker_read  INTEGER NOT NULL DEFAULT 0 CHECK (jobseeker_read >= 0),
  booth_read      INTEGER NOT NULL DEFAULT 0 CHECK (booth_read >= 0),
  UNIQUE (booth_id, jobseeker_id)
) STRICT;
CREATE INDEX chat_threads_jobseeker ON chat_threads(jobseeker_id);
CREATE INDEX chat_threads_booth_recent ON chat_threads(booth_id, last_message_at DESC);

-- AUTOINCREMENT: ids never reused (clients page and drop duplicates by id).
CREATE TABLE thread_messages (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  thread_id  INTEGER NOT NULL REFERENCES chat_threads(id) ON DELETE CASCADE,
  author_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  text       TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  nonce      TEXT    NULL CHECK (nonce IS NULL OR length(nonce) BETWEEN 1 AND 64),
  sent_at_ms INTEGER NOT NULL CHECK (sent_at_ms >= 0)
) STRICT;
CREATE INDEX thread_messages_thread ON thread_messages(thread_id, id);
CREATE INDEX thread_messages_author ON thread_messages(author_id);
CREATE UNIQUE INDEX thread_messages_nonce ON thread_messages(author_id, nonce) WHERE nonce IS NOT NULL;

-- A report of one message (public booth chat or thread), once per reporter and message. The
-- text is a snapshot taken when reported, so organisers can judge a message deleted since; the
-- report goes with the author's account (ON DELETE CASCADE).
CREATE TABLE chat_reports (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  fair_id     INTEGER NOT NULL REFERENCES fairs(id) ON DELETE CASCADE,
  booth_id    INTEGER NOT NULL REFERENCES booths(id) ON DELETE CASCADE,
  kind        TEXT    NOT NULL CHECK (kind IN ('public', 'thread')),
  message_id  INTEGER NOT NULL CHECK (message_id > 0),
  thread_id   INTEGER NULL REFERENCES chat_threads(id) ON DELETE CASCADE,
  author_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  reporter_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  reason      TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  text        TEXT    NOT NULL CHECK (length(text) <= 2000),
  status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'deleted', 'dismissed')),
  created_at  INTEGER NOT NULL CHECK (created_at >= 0),
  CHECK ((kind = 'thread') = (thread_id IS NOT NULL)),
  UNIQUE (kind, message_id, reporter_id)
) STRICT;
CREATE INDEX chat_reports_fair ON chat_reports(fair_id, status, id);
CREATE INDEX chat_reports_message ON chat_reports(kind, message_id);
CREATE INDEX chat_reports_author ON chat_reports(author_id);
CREATE INDEX chat_reports_reporter ON chat_reports(reporter_id);

-- Fair-wide mutes (until a time) and bans (until lifted). One row per fair and user; lifting
-- deletes the row (the moderation log keeps the history).
CREATE TABLE chat_mutes (
  fair_id    INTEGER NOT NULL REFERENCES fairs(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  until      INTEGER NOT NULL CHECK (until > 0),
  reason     TEXT    NOT NULL CHECK (length(reason) <= 500),
  created_by INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL CHECK (created_at >= 0),
  PRIMARY KEY (fair_id, user_id)
) STRICT;
CREATE INDEX chat_mutes_user ON chat_mutes(user_id);
CREATE INDEX chat_mutes_creator ON chat_mutes(created_by) WHERE created_by IS NOT NULL;

CREATE TABLE chat_bans (
  fair_id    INTEGER NOT NULL REFERENCES fairs(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  reason     TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_by INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL CHECK (created_at >= 0),
  PRIMARY KEY (fair_id, user_id)
) STRICT;
CREATE INDEX chat_bans_user ON chat_bans(user_id);
CREATE INDEX chat_bans_creator ON chat_bans(created_by) WHERE created_by IS NOT NULL;

-- Who did what and when (organisers of the fair read it). No message text here.
CREATE TABLE moderation_log (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  fair_id        INTEGER NOT NULL REFERENCES fairs(id) ON DELETE CASCADE,
  actor_id       INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
  action         TEXT    NOT NULL CHECK (action IN ('delete', 'dismiss', 'mute', 'unmute', 'ban', 'unban')),
  target_user_id INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
  kind           TEXT    NULL CHECK (kind IS NULL OR kind IN ('public', 'thread')),
  message_id     INTEGER NULL,
  detail         TEXT    NOT NULL CHECK (length(detail) <= 500),
  at             INTEGER NOT NULL CHECK (at >= 0)
) STRICT;
CREATE INDEX moderation_log_fair ON moderation_log(fair_id, id);
CREATE INDEX moderation_log_actor ON moderation_log(actor_id) WHERE actor_id IS NOT NULL;
CREATE INDEX moderation_log_target ON moderation_log(target_user_id) WHERE target_user_id IS NOT NULL;

-- 008_queues: booth queues, places, calls, holds and no-shows. Times are unix seconds
-- (UTC). All position logic runs in one IMMEDIATE transaction per operation
-- (server/store/sqlite_queues.cpp); the indexes below are the last line of defence.
--
-- A booth has at most one open general queue (job_id NULL) and one open queue per job.
CREATE TABLE queues (
  id         INTEGER PRIMARY KEY,
  booth_id   INTEGER NOT NULL REFERENCES booths(id) ON DELETE CASCADE,
  job_id     INTEGER NULL REFERENCES jobs(id) ON DELETE CASCADE,
  name       TEXT    NOT NULL DEFAULT '' CHECK (length(name) <= 80),
  status     TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_by INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  closed_at  INTEGER NULL,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX queues_open_target ON queues (booth_id, coalesce(job_id, 0)) WHERE status = 'open';
CREATE INDEX queues_job ON queues (job_id);

-- One row per time a jobseeker lines up. `waiting` places have positions 1..n without gaps or
-- duplicates, in join order (id order); `held` marks a waiting place whose owner is being called
-- elsewhere or is a candidate in an open interview room (skipped by call-next, kept in line).
-- A call takes the place out of the line (status called, position NULL) until it is accepted
-- (a room is created), declined, or not answered by deadline_at (no_show). The row stays as the
-- record of what happened (no-shows, who called, the room).
CREATE TABLE queue_places (
  id          INTEGER PRIMARY KEY,
  queue_id    INTEGER NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  status      TEXT    NOT NULL DEFAULT 'waiting'
              CHECK (status IN ('waiting', 'called', 'accepted', 'declined', 'no_show', 'left')),
  position    INTEGER NULL CHECK (position IS NULL OR position <> 0),
  held        INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1)),
  left_reason TEXT    NULL CHECK (left_reason IS NULL OR left_reason IN ('self', 'disconnect', 'closed')),
  joined_at   INTEGER NOT NULL,
  called_at   INTEGER NULL,
  called_by   INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
  picked      INTEGER NOT NULL DEFAULT 0 CHECK (picked IN (0, 1)),  -- called out of turn
  deadline_at INTEGER NULL,
  ended_at    INTEGER NULL,
  room_id     INTEGER NULL REFERENCES rooms(id) ON DELETE SET NULL,
  CHECK ((status = 'waiting') = (position IS NOT NULL)),
  CHECK (status <> 'called' OR (called_at IS NOT NULL AND deadline_at IS NOT NULL)),
  CHECK ((status = 'left') = (left_reason IS NOT NULL)),
  CHECK ((status IN ('waiting', 'called')) = (ended_at IS NULL))
) STRICT;
CREATE UNIQUE INDEX queue_places_position ON queue_places (queue_id, position) WHERE position IS NOT NULL;
CREATE UNIQUE INDEX queue_places_active ON queue_places (queue_id, user_id) WHERE status IN ('waiting', 'called');
-- Never called twice at once, by one booth or two.
CREATE UNIQUE INDEX queue_places_one_call ON queue_places (user_id) WHERE status = 'called';
CREATE INDEX queue_places_user ON queue_places (user_id, status);
CREATE INDEX queue_places_deadline ON queue_places (deadline_at) WHERE status = 'called';
CREATE INDEX queue_places_caller ON queue_places (called_by) WHERE status = 'called';
CREATE INDEX queue_places_history ON queue_places (queue_id, ended_at);

-- A waiting place that disappears without passing through the store's own operations (account
-- deletion cascades here) must not leave a gap: the places behind it move up. Two steps through
-- negative numbers, because SQLite checks the unique index row by row.
CREATE TRIGGER queue_places_close_gap AFTER DELETE ON queue_places WHEN old.position IS NOT NULL BEGIN
  UPDATE queue_places SET position = -(position - 1) WHERE queue_id = old.queue_id AND position > old.position;
  UPDATE queue_places SET position = -position WHERE queue_id = old.queue_id AND position < 0;
END;

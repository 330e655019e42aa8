-- 009_rooms: interview rooms and who is invited to them. A room comes from a queue
-- call, a booked slot, or a recruiter directly; only its members can join it. Times are unix
-- seconds (UTC).
CREATE TABLE rooms (
  id          INTEGER PRIMARY KEY,
  booth_id    INTEGER NOT NULL REFERENCES booths(id) ON DELETE CASCADE,
  kind        TEXT    NOT NULL CHECK (kind IN ('one_to_one', 'group')),
  source      TEXT    NOT NULL CHECK (source IN ('queue', 'slot', 'direct')),
  source_id   INTEGER NULL,
  status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ended')),
  created_by  INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
  created_at  INTEGER NOT NULL,
  started_at  INTEGER NULL,
  ended_at    INTEGER NULL,
  CHECK (ended_at IS NULL OR status = 'ended')
) STRICT;
CREATE INDEX rooms_booth ON rooms (booth_id, status, ended_at);

CREATE TABLE room_members (
  room_id        INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role           TEXT    NOT NULL CHECK (role IN ('candidate', 'recruiter')),
  application_id INTEGER NULL REFERENCES applications(id) ON DELETE SET NULL,
  joined_at      INTEGER NULL,
  left_at        INTEGER NULL,
  kicked_at      INTEGER NULL,
  conn_id        TEXT    NOT NULL DEFAULT '',
  -- When conn_id's connection closed while the member was in the room: the place is kept
  -- rooms.rejoin_grace_s, then a sweep marks them left. NULL while connected (or not in).
  disconnected_at INTEGER NULL,
  PRIMARY KEY (room_id, user_id)
) STRICT;
CREATE INDEX room_members_user ON room_members (user_id, left_at);
CREATE INDEX room_members_conn ON room_members (conn_id);
CREATE INDEX room_members_gone ON room_members (disconnected_at) WHERE disconnected_at IS NOT NULL;

-- The room's own chat (members only; kept with the room).
CREATE TABLE room_messages (
  id          INTEGER PRIMARY KEY,
  room_id     INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  text        TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 8000),
  nonce       TEXT    NULL CHECK (nonce IS NULL OR length(nonce) BETWEEN 1 AND 64),
  sent_at_ms  INTEGER NOT NULL
) STRICT;
CREATE INDEX room_messages_room ON room_messages (room_id, id);
-- Idempotent sends: a retried (user, nonce) is not inserted twice.
CREATE UNIQUE INDEX room_messages_user_nonce ON room_messages (user_id, nonce) WHERE nonce IS NOT NULL;

-- A recruiter's evaluation of a candidate in a room (one per room and candidate; the last
-- recruiter to save it is its author). Never shown to the candidate.
CREATE TABLE room_evaluations (
  room_id      INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  candidate_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  author_id    INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
  notes        TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 16000),
  rating       INTEGER NULL CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
  outcome      TEXT    NULL CHECK (outcome IS NULL OR outcome IN ('next_step', 'rejected', 'hired')),
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (room_id, candidate_id)
) STRICT;

-- 009_rooms: interview rooms and who is invited to them (issue 5). A room comes from a queue
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
  PRIMARY KEY (room_id, user_id)
) STRICT;
CREATE INDEX room_members_user ON room_members (user_id, left_at);

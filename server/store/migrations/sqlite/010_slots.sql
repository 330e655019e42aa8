-- 010_slots: interview slots, bookings, waitlists, reminders, calendar feed tokens.
-- Times are unix seconds (UTC); the browser shows them in the fair's time zone.

-- A slot a recruiter published at a booth: `capacity` places (1: one-to-one; more: a group).
-- The staff's reminders are flags on the slot, the jobseekers' on their bookings: each moves
-- from 'pending' to 'sent' or 'skipped' exactly once, in the transaction that claims it, so a
-- restart neither repeats nor forgets one.
CREATE TABLE slots (
  id            INTEGER PRIMARY KEY,
  booth_id      INTEGER NOT NULL REFERENCES booths(id) ON DELETE CASCADE,
  job_id        INTEGER NULL REFERENCES jobs(id) ON DELETE SET NULL,
  starts_at     INTEGER NOT NULL,
  length_min    INTEGER NOT NULL CHECK (length_min BETWEEN 5 AND 240),
  capacity      INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 50),
  status        TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'withdrawn')),
  room_id       INTEGER NULL REFERENCES rooms(id) ON DELETE SET NULL,
  created_by    INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
  created_at    INTEGER NOT NULL,
  withdrawn_at  INTEGER NULL,
  staff_first   TEXT    NOT NULL DEFAULT 'pending' CHECK (staff_first IN ('pending', 'sent', 'skipped')),
  staff_second  TEXT    NOT NULL DEFAULT 'pending' CHECK (staff_second IN ('pending', 'sent', 'skipped')),
  CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
) STRICT;
CREATE INDEX slots_booth ON slots (booth_id, starts_at);
-- The reminder sweep: open slots whose staff reminders are not done yet.
CREATE INDEX slots_staff_pending ON slots (starts_at) WHERE status = 'open' AND staff_second = 'pending';
CREATE INDEX slots_open_start ON slots (starts_at) WHERE status = 'open';

-- One row per booking; a cancelled booking stays (history, no-show figures). At most one live
-- booking per slot and user (partial unique index); a new booking after a cancellation is a new row.
CREATE TABLE slot_bookings (
  id              INTEGER PRIMARY KEY,
  slot_id         INTEGER NOT NULL REFERENCES slots(id) ON DELETE CASCADE,
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  status          TEXT    NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'withdrawn')),
  booked_at       INTEGER NOT NULL,
  cancelled_at    INTEGER NULL,
  no_show         INTEGER NOT NULL DEFAULT 0 CHECK (no_show IN (0, 1)),
  no_show_at      INTEGER NULL,
  no_show_by      INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
  first_reminder  TEXT    NOT NULL DEFAULT 'pending' CHECK (first_reminder IN ('pending', 'sent', 'skipped')),
  second_reminder TEXT    NOT NULL DEFAULT 'pending' CHECK (second_reminder IN ('pending', 'sent', 'skipped')),
  CHECK ((status = 'booked') = (cancelled_at IS NULL)),
  CHECK (no_show = 0 OR status = 'booked')
) STRICT;
CREATE UNIQUE INDEX slot_bookings_live ON slot_bookings (slot_id, user_id) WHERE status = 'booked';
CREATE INDEX slot_bookings_slot ON slot_bookings (slot_id, status);
CREATE INDEX slot_bookings_user ON slot_bookings (user_id, status);
CREATE INDEX slot_bookings_pending ON slot_bookings (slot_id) WHERE status = 'booked' AND second_reminder = 'pending';

-- A booth's waitlist: jobseekers who want a place when one frees up, in joining order.
CREATE TABLE slot_waitlist (
  booth_id  INTEGER NOT NULL REFERENCES booths(id) ON DELETE CASCADE,
  user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  joined_at INTEGER NOT NULL,
  seq       INTEGER NOT NULL,  -- joining order (ties of joined_at)
  PRIMARY KEY (booth_id, user_id)
) STRICT;
CREATE INDEX slot_waitlist_order ON slot_waitlist (booth_id, seq);
CREATE INDEX slot_waitlist_user ON slot_waitlist (user_id);

-- A freed place offered to a waitlisted jobseeker: held for them until expires_at (no one else
-- can take it meanwhile); then it goes to the next in line. A user is offered a slot at most once.
CREATE TABLE slot_offers (
  slot_id    INTEGER NOT NULL REFERENCES slots(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  offered_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  status     TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'expired', 'cancelled')),
  PRIMARY KEY (slot_id, user_id)
) STRICT;
CREATE INDEX slot_offers_pending ON slot_offers (expires_at) WHERE status = 'pending';
CREATE INDEX slot_offers_user ON slot_offers (user_id, status);

-- Personal calendar feed: one secret token per user, stored as its SHA-256 hash only.
CREATE TABLE slot_feed_tokens (
  user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT    NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
) STRICT;

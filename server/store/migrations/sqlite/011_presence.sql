-- 011_presence: recruiters' availability (available, busy, away) per booth.
-- Only the two states a recruiter sets are stored; "busy" is derived (the recruiter is in an
-- open interview room) and "offline" means not present on staff:{booth}. No row = available.
CREATE TABLE recruiter_availability (
  booth_id   INTEGER NOT NULL REFERENCES booths(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  state      TEXT    NOT NULL CHECK (state IN ('available', 'away')),
  updated_at INTEGER NOT NULL CHECK (updated_at >= 0),
  PRIMARY KEY (booth_id, user_id)
) STRICT;
CREATE INDEX recruiter_availability_user ON recruiter_availability (user_id);  -- cascade lookup

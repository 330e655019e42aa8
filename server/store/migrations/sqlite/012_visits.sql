-- 012_visits: visits for the organiser's report (../shared/domain.md, "What organisers report").
--
-- A visit is one jobseeker on one calendar day (UTC) in one place of a fair: a booth
-- (booth_id set: a "booth visit") or the fair's lobby/hall (booth_id NULL: a "fair visit").
-- It is recorded when a jobseeker's subscription to booth:{id} or fair:{id} succeeds; coming
-- back the same day, reconnecting or opening a second tab adds nothing, the next day counts
-- again. Unique visitors are the distinct jobseekers with any visit to the fair.
--
-- Rows are written in batches by a periodic flush (server/people/visits.hpp, every
-- presence.visit_flush_ms) with INSERT OR IGNORE, so the subscribe path never waits for the
-- store; a crash loses at most one interval of visits (statistics, never acknowledged).
-- Deleting an account deletes its visits (ON DELETE CASCADE): the figures are of live accounts.
CREATE TABLE visits (
  fair_id  INTEGER NOT NULL REFERENCES fairs(id) ON DELETE CASCADE,
  booth_id INTEGER NULL REFERENCES booths(id) ON DELETE CASCADE,  -- NULL: the fair's lobby/hall
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  day      TEXT    NOT NULL CHECK (length(day) = 10 AND day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  first_at INTEGER NOT NULL CHECK (first_at >= 0)  -- unix seconds of the first subscribe that day
) STRICT;
-- One visit per (fair, place, jobseeker, day). A UNIQUE constraint treats NULLs as distinct, so
-- the lobby's NULL booth is folded to 0 (no booth has id 0) in an expression index.
CREATE UNIQUE INDEX visits_once ON visits (fair_id, coalesce(booth_id, 0), user_id, day);
CREATE INDEX visits_booth ON visits (booth_id) WHERE booth_id IS NOT NULL;  -- cascade lookup
CREATE INDEX visits_user ON visits (user_id);                               -- cascade lookup

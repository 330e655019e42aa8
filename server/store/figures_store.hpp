#pragma once
// fuar::store::figures_store — what the organiser's report counts (../shared/domain.md, "What
// organisers report"): visits, participating firms, chats, interviews, queues and slots of one
// fair, and the visit records themselves. The guarantees of store.hpp hold.
//
// Aggregates only: no call returns a row about a named person. Durations and waits are
// returned as lists of seconds so the caller computes medians (server/people/figures.hpp); the
// demographics of interviewed people come back as buckets, already reduced to consented values
// (a demographic value exists only with its consent).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "server/store/cvs_store.hpp"
#include "server/store/store.hpp"

namespace fuar::store {

// One visit to record: one jobseeker, one day in UTC, one place (the fair's lobby/hall or one
// booth), kept with the first time seen that day. Exactly one of fair_id
// (the fair's lobby/hall) and booth_id (a booth; its fair is looked up in the same
// transaction) is non-zero.
struct visit_mark {
  std::int64_t fair_id = 0;
  std::int64_t booth_id = 0;
  std::int64_t user_id = 0;
  std::string day;       // "YYYY-MM-DD", UTC
  std::int64_t at = 0;   // unix seconds of the first subscribe seen that day
};

struct report_visits {
  std::int64_t unique_visitors = 0;  // distinct jobseekers with any visit to the fair
  std::int64_t fair_visits = 0;      // lobby/hall visits (one per jobseeker and day)
  std::int64_t booth_visits = 0;     // booth visits (one per jobseeker, booth and day)
  std::int64_t booths_visited = 0;   // distinct booths with at least one visit
  std::vector<std::pair<std::string, std::int64_t>> visitors_per_day;  // (day, distinct jobseekers), by day
};

struct report_booths {
  std::int64_t booths = 0;                // booths of the fair
  std::int64_t participating_firms = 0;   // booths with at least one staff member (owner or recruiter)
};

struct report_chats {
  std::int64_t public_messages = 0;  // booth chat messages (chat_messages) at the fair's booths
  std::int64_t threads = 0;          // private jobseeker–booth threads with at least one message
  std::int64_t thread_messages = 0;  // messages in those threads
};

// Interviews are rooms (rooms_store.hpp) at the fair's booths where a candidate joined.
struct report_interviews {
  std::int64_t held = 0;
  std::int64_t one_to_one = 0;  // rooms.kind at the end (an invitation turns a room into a group)
  std::int64_t group = 0;
  std::int64_t from_queue = 0;  // rooms.source
  std::int64_t from_slot = 0;
  std::int64_t direct = 0;
  std::int64_t candidates = 0;  // distinct candidates who joined any of them
  std::vector<std::int64_t> durations_s;  // ended_at - started_at of the held rooms that have both
  std::vector<hired_row> candidate_buckets;  // one per distinct candidate (same buckets as hires)
};

struct report_queues {
  std::int64_t joined = 0;    // places taken (a jobseeker joining twice counts twice)
  std::int64_t called = 0;    // places called (called_at set)
  std::int64_t accepted = 0;  // calls accepted (an interview room was opened)
  std::int64_t declined = 0;
  std::int64_t no_shows = 0;  // calls not answered before the deadline
  std::vector<std::int64_t> waits_s;  // called_at - joined_at of every called place
};

struct report_slots {
  std::int64_t published = 0;   // slots published (withdrawn ones included)
  std::int64_t withdrawn = 0;   // slots withdrawn by the booth
  std::int64_t booked = 0;      // bookings made (cancelled and withdrawn ones included)
  std::int64_t cancelled = 0;   // bookings cancelled by the jobseeker
  std::int64_t no_shows = 0;    // bookings marked no-show by the booth
};

struct fair_figures {
  report_visits visits;
  report_booths booths;
  report_chats chats;
  report_interviews interviews;
  report_queues queues;
  report_slots slots;
};

// One stored visit of a user (their data export).
struct visit_row {
  std::int64_t fair_id = 0;
  std::int64_t booth_id = 0;  // 0: the fair's lobby/hall
  std::string booth_name;     // empty for the lobby
  std::string day;            // "YYYY-MM-DD", UTC
  std::int64_t first_at = 0;
};

class figures_store {
public:
  virtual ~figures_store() = default;

  // Records `visits` in one transaction, unique on (fair, booth, user, day): a visit already
  // stored is kept with its earlier first_at. Marks whose user, fair or booth
  // no longer exists are skipped (deleted meanwhile). Returns how many rows were new.
  virtual std::int64_t record_visits(const std::vector<visit_mark>& visits) = 0;

  // Every figure of the fair, read in one transaction (one consistent snapshot). A fair that
  // does not exist yields zeros.
  virtual fair_figures figures(std::int64_t fair_id) = 0;

  // The user's own visits, oldest first, at most `limit` (the data export).
  virtual std::vector<visit_row> visits_of(std::int64_t user_id, int limit) = 0;
};

}  // namespace fuar::store

#pragma once
// fuar::store::queues_store — the queues capability's durable data: booth queues, places,
// calls, holds and no-shows. The guarantees of store.hpp hold.
//
// Invariants every write keeps, each write being one isolated transaction:
// - the waiting places of a queue have positions 1..n, no duplicates, no gaps, in join order;
// - a user has at most one active place (waiting or called) per queue and at most one called
//   place overall (never called by two booths at once);
// - a waiting place is `held` exactly when its owner has a called place or is a candidate in an
//   open interview room (see reconcile_holds for rooms that other capabilities open and end);
//   call-next skips held places, a chosen held place cannot be called.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/store.hpp"

namespace fuar::store {

struct queue_row {
  std::int64_t id = 0;
  std::int64_t booth_id = 0;
  std::int64_t fair_id = 0;
  std::optional<std::int64_t> job_id;
  std::string job_title;  // "" for a general queue
  std::string name;       // the staff's label ("" = the job title, or "general")
  std::string status;     // open | closed
  std::int64_t created_at = 0;
  std::optional<std::int64_t> closed_at;
  std::int64_t waiting = 0;  // places in line
  std::int64_t held = 0;     // of which held
  std::int64_t called = 0;   // outstanding calls
  std::int64_t staff = 0;    // the booth's staff members (owner and recruiters)
};

struct place_row {
  std::int64_t id = 0;
  std::int64_t queue_id = 0;
  std::int64_t booth_id = 0;
  std::int64_t user_id = 0;
  std::string user_name;
  std::string status;  // waiting | called | accepted | declined | no_show | left
  std::optional<std::int64_t> position;  // waiting only
  bool held = false;
  std::int64_t ahead = 0;  // waiting only: places before it that are not held
  std::string left_reason;  // left only: self | disconnect | closed
  std::int64_t joined_at = 0;
  std::optional<std::int64_t> called_at;
  std::optional<std::int64_t> called_by;
  std::string called_by_name;
  bool picked = false;
  std::optional<std::int64_t> deadline_at;
  std::optional<std::int64_t> ended_at;
  std::optional<std::int64_t> room_id;
};

// Data export (server/privacy): one of the user's places, past ones included, with its queue
// and booth. Who called is left out (the recruiter's identity is not the user's data).
struct place_record {
  std::int64_t id = 0;
  std::int64_t queue_id = 0;
  std::string queue_name;  // the staff's label ("" = the job title, or general)
  std::string job_title;   // "" for a general queue
  std::int64_t booth_id = 0;
  std::string booth_name;
  std::string status;       // waiting | called | accepted | declined | no_show | left
  std::string left_reason;  // left only: self | disconnect | closed
  std::int64_t joined_at = 0;
  std::optional<std::int64_t> called_at;
  std::optional<std::int64_t> deadline_at;
  std::optional<std::int64_t> ended_at;
  std::optional<std::int64_t> room_id;
};

enum class queue_error {
  none,
  not_found,      // no such queue/place (or not the caller's)
  closed,         // the queue is closed
  exists,         // create: the booth already has an open queue for that target
  already_in,     // join: the user already has an active place in this queue
  limit,          // join: the user stands in max_per_user queues already
  full,           // join: the queue has max_length waiting places
  empty,          // call-next: nobody callable (empty, or everyone held)
  held,           // call a chosen place: it is held
  not_waiting,    // call a chosen place / leave: the place is not waiting
  caller_busy,    // call: the recruiter has an unanswered call already
  not_called,     // accept/decline: the place is not called
  expired,        // accept: the deadline has passed
};

// What a write did, for the pushes the caller sends after it returned.
struct queue_change {
  queue_error error = queue_error::none;
  std::optional<place_row> place;       // the place acted on, as it is now
  std::vector<std::int64_t> queues;     // queues whose line changed (ids, distinct)
  std::vector<std::int64_t> users;      // users whose places changed besides place->user_id
  std::optional<std::int64_t> room_id;  // accept: the room created
  std::optional<std::int64_t> queue_id; // create: the new queue
};

// A call that ran out (expire_calls): the no-show place and who had called.
struct expired_call {
  place_row place;
  std::optional<std::int64_t> caller;
};

class queues_store {
public:
  virtual ~queues_store() = default;

  // ---- staff ----
  // Creates an open queue at the booth, general (no job) or for one of its jobs.
  // not_found: the job is not the booth's; exists: an open queue for that target exists.
  virtual queue_change create_queue(std::int64_t booth_id, std::optional<std::int64_t> job_id,
                                    const std::string& name, std::int64_t by, std::int64_t now) = 0;
  // Closes an open queue: every waiting place ends (left, reason "closed"); an outstanding call
  // may still be answered. not_found, closed.
  virtual queue_change close_queue(std::int64_t queue_id, std::int64_t now) = 0;
  // Calls the first waiting place that is not held (place_id empty) or the chosen waiting place,
  // with a deadline; the callee's other waiting places become held.
  // not_found, closed, empty, held, not_waiting, caller_busy.
  virtual queue_change call(std::int64_t queue_id, std::int64_t caller, std::optional<std::int64_t> place_id,
                            std::int64_t now, std::int64_t deadline) = 0;

  // ---- jobseekers ----
  // Appends a place at the end of the line. not_found, closed, already_in, limit, full.
  virtual queue_change join(std::int64_t queue_id, std::int64_t user_id, std::int64_t now,
                            std::int64_t max_per_user, std::int64_t max_length) = 0;
  // Ends the user's waiting place in the queue (left, reason self); a called place is declined
  // instead. not_found.
  virtual queue_change leave(std::int64_t queue_id, std::int64_t user_id, std::int64_t now) = 0;
  // Accepts a call before its deadline: the place ends (accepted) and a one_to_one room from
  // source "queue" (source_id = the place) is created in the same transaction, with the
  // candidate (and their application to the queue's job, or their CV dropped at the booth, if
  // any) and the recruiter who called. not_found, not_called, expired.
  virtual queue_change accept(std::int64_t place_id, std::int64_t user_id, std::int64_t now) = 0;
  // Declines a call: the place ends (declined). not_found, not_called.
  virtual queue_change decline(std::int64_t place_id, std::int64_t user_id, std::int64_t now) = 0;

  // ---- sweeps ----
  // Every call whose deadline is <= now becomes a no-show (one transaction).
  virtual std::vector<expired_call> expire_calls(std::int64_t now) = 0;
  // Ends every waiting place of the user (left, reason "disconnect"); returns them.
  virtual std::vector<place_row> remove_waiting_places(std::int64_t user_id, std::int64_t now) = 0;
  // Sets `held` on every waiting place whose value is out of date (rooms opened or ended by other
  // capabilities, invited-but-never-joined rooms older than `stale_invite_s`); returns the
  // places changed.
  virtual std::vector<place_row> reconcile_holds(std::int64_t now) = 0;

  // ---- reads ----
  virtual std::optional<queue_row> find_queue(std::int64_t queue_id) = 0;
  // The booth's queues, open first, then by id; `with_closed` false: open only.
  virtual std::vector<queue_row> booth_queues(std::int64_t booth_id, bool with_closed) = 0;
  // The queue's active places: called ones first (by called_at), then waiting by position.
  virtual std::vector<place_row> active_places(std::int64_t queue_id) = 0;
  // The queue's most recent ended calls (accepted, declined, no_show), newest first.
  virtual std::vector<place_row> recent_calls(std::int64_t queue_id, int limit) = 0;
  virtual std::optional<place_row> find_place(std::int64_t place_id) = 0;
  // The user's active places (waiting and called), by id.
  virtual std::vector<place_row> user_places(std::int64_t user_id) = 0;
  // Users with at least one waiting place (start-up: every one of them gets the disconnect grace).
  virtual std::vector<std::int64_t> users_waiting() = 0;
  // Every place of the user, ended ones included, by id, at most `limit` (data export).
  virtual std::vector<place_record> place_history(std::int64_t user_id, int limit) = 0;
};

}  // namespace fuar::store

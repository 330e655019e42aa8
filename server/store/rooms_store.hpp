#pragma once
// fuar::store::rooms_store — interview rooms (issue 5): a room is created from a queue call, a
// booked slot or by a recruiter directly, with the people invited to it (candidates and
// recruiters of the booth); only they can join. Same guarantees as store.hpp: blocking,
// thread-safe, committed before returning, store_error on I/O failure; "not found" is an
// ordinary result. Schema: migrations/009_rooms.sql.
//
// The queue and slot capabilities create rooms through create_room; presence asks
// active_room_of (a recruiter in a room shows as busy); the queue's wait estimate reads
// recent_durations_s.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/store.hpp"

namespace fuar::store {

struct room {
  std::int64_t id = 0;
  std::int64_t booth_id = 0;
  std::int64_t fair_id = 0;
  std::string kind;                       // one_to_one | group
  std::string source;                     // queue | slot | direct
  std::optional<std::int64_t> source_id;  // the queue call or slot booking it came from
  std::string status;                     // open | ended
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> started_at;  // when a candidate and a recruiter were first both in it
  std::optional<std::int64_t> ended_at;
};

struct room_member {
  std::int64_t room_id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::string role;                            // candidate | recruiter
  std::optional<std::int64_t> application_id;  // the candidate's application to this booth, if any
  std::optional<std::int64_t> joined_at;       // last join; empty: never joined
  std::optional<std::int64_t> left_at;         // set when they left (cleared by a rejoin)
  bool kicked = false;
  std::string conn_id;                         // the connection now in the room ("" if none)
};

struct new_room_member {
  std::int64_t user_id = 0;
  std::string role;  // candidate | recruiter
  std::optional<std::int64_t> application_id;
};

struct new_room {
  std::int64_t booth_id = 0;
  std::string kind;    // one_to_one | group
  std::string source;  // queue | slot | direct
  std::optional<std::int64_t> source_id;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  std::vector<new_room_member> members;  // at least one candidate and one recruiter
};

class rooms_store {
public:
  virtual ~rooms_store() = default;

  // Creates the room and its members in one transaction (status open). Throws std::invalid_argument
  // when the booth does not exist or the members are empty.
  virtual room create_room(const new_room& r) = 0;
  virtual std::optional<room> find_room(std::int64_t id) = 0;
  virtual std::vector<room_member> members(std::int64_t room_id) = 0;
  // Invited to the room and not kicked (the room may have ended: members read its record).
  virtual bool is_member(std::int64_t room_id, std::int64_t user_id) = 0;
  // An open room the user has joined and not left, if any (the newest).
  virtual std::optional<std::int64_t> active_room_of(std::int64_t user_id) = 0;
  // Ends an open room (idempotent): status ended, ended_at, every member still in it left.
  // Returns false when the room does not exist.
  virtual bool end_room(std::int64_t room_id, std::int64_t ended_at) = 0;
  // Durations in seconds (ended_at - started_at) of the booth's last `limit` ended rooms that
  // started, newest first: the queue's wait estimate and the organiser's interview figures.
  virtual std::vector<std::int64_t> recent_durations_s(std::int64_t booth_id, int limit) = 0;
};

}  // namespace fuar::store

#pragma once
// fuar::store::rooms_store — interview rooms: a room is created from a queue call, a booked
// slot or by a recruiter directly, with the people invited to it (candidates and recruiters of
// the booth); only they can join. The guarantees of store.hpp hold.
//
// The queue and slot capabilities create rooms through create_room; presence asks
// active_room_of (a recruiter in a room shows as busy); the queue's wait estimate reads
// recent_durations_s.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
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

// A message of the room's own chat.
struct room_message {
  std::int64_t id = 0;
  std::int64_t room_id = 0;
  std::int64_t user_id = 0;
  std::string user_name;
  std::string role;  // the sender's role in the room: candidate | recruiter
  std::string text;
  std::int64_t sent_at_ms = 0;
};

struct room_message_insert {
  room_message message;
  bool created = false;  // false: a retry with the same (user, nonce) returned the earlier row
};

// A recruiter's evaluation of a candidate in a room.
struct room_evaluation {
  std::int64_t room_id = 0;
  std::int64_t candidate_id = 0;
  std::optional<std::int64_t> author_id;  // the recruiter who saved it last
  std::string notes;
  std::optional<std::int64_t> rating;     // 1..5
  std::optional<std::string> outcome;     // next_step | rejected | hired
  std::int64_t updated_at = 0;
};

// What an evaluation save changes; empty fields keep their stored value.
struct evaluation_change {
  std::optional<std::string> notes;
  std::optional<std::int64_t> rating;
  std::optional<std::string> outcome;
};

// Data export (server/privacy): a room the user was invited to, with their own membership and,
// when they were a candidate, the outcome and rating of the evaluation about them. Never the
// evaluation's notes (the recruiter's working notes) nor who wrote it.
struct room_record {
  room info;
  std::string booth_name;
  std::string role;                        // candidate | recruiter
  std::optional<std::int64_t> joined_at;   // last join
  std::optional<std::int64_t> left_at;
  std::optional<std::int64_t> kicked_at;
  bool evaluated = false;                  // an evaluation about them exists
  std::optional<std::int64_t> rating;      // 1..5
  std::optional<std::string> outcome;      // next_step | rejected | hired
  std::optional<std::int64_t> evaluated_at;  // the evaluation's last save
};

enum class join_status { joined, not_member, kicked, ended };

struct join_result {
  join_status status = join_status::not_member;
  std::string replaced_conn;  // the member's previous connection in the room ("" if none)
  bool started = false;       // this join set the room's started_at
};

enum class add_member_status { added, already_member, kicked, full, ended, not_found };

enum class kick_status { kicked, not_member, already_kicked };

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

  // ---- members coming and going (server/room) -----------------------------------------------
  // Open rooms the user is a member of (not kicked), newest first, at most `limit`.
  virtual std::vector<room> open_rooms_of(std::int64_t user_id, int limit) = 0;
  // Adds a member to an open room (a second candidate turns it into a group room). Refused
  // when the room already has `max_participants` members (kicked ones not counted).
  virtual add_member_status add_member(std::int64_t room_id, const new_room_member& m,
                                       std::int64_t max_participants) = 0;
  // The member joins from `conn_id` (replacing any earlier connection: no ghost), left_at and
  // disconnected_at are cleared; sets the room's started_at when a candidate and a recruiter
  // are in it for the first time. One transaction.
  virtual join_result join(std::int64_t room_id, std::int64_t user_id, const std::string& conn_id,
                           std::int64_t now) = 0;
  // The member leaves: left_at = now, no connection. With a non-empty `conn_id`, only when it
  // is the member's recorded connection. Returns false when they were not in the room (or
  // another connection holds their place).
  virtual bool leave(std::int64_t room_id, std::int64_t user_id, const std::string& conn_id,
                     std::int64_t now) = 0;
  virtual kick_status kick(std::int64_t room_id, std::int64_t user_id, std::int64_t now) = 0;
  // A connection closed: every member place it held keeps its place but is marked disconnected
  // at `now`. Returns the room ids concerned.
  virtual std::vector<std::int64_t> detach_connection(const std::string& conn_id, std::int64_t now) = 0;
  // At start-up: the connections of node `node` ("node/<n>" ids) died with the previous
  // process; their places are marked disconnected at `now` (the grace starts afresh).
  virtual int detach_node(const std::string& node, std::int64_t now) = 0;
  // Members disconnected at or before `cutoff` and not back: marked left at `now`. Returns
  // (room id, user id) of each.
  virtual std::vector<std::pair<std::int64_t, std::int64_t>> sweep_disconnected(std::int64_t cutoff,
                                                                                std::int64_t now) = 0;

  // ---- chat ---------------------------------------------------------------------------------
  // Idempotent per (user, nonce) when the nonce is not empty.
  virtual room_message_insert add_message(std::int64_t room_id, std::int64_t user_id, const std::string& text,
                                          const std::string& nonce, std::int64_t now_ms) = 0;
  // Up to `limit` messages with id < before_id (0: the newest), oldest first.
  virtual std::vector<room_message> messages(std::int64_t room_id, std::int64_t before_id, int limit) = 0;

  // ---- evaluations --------------------------------------------------------------------------
  virtual room_evaluation save_evaluation(std::int64_t room_id, std::int64_t candidate_id, std::int64_t author_id,
                                          const evaluation_change& c, std::int64_t now) = 0;
  virtual std::vector<room_evaluation> evaluations(std::int64_t room_id) = 0;


  // ---- data export (server/privacy) ---------------------------------------------------------
  // Every room the user is a member of (kicked included, ended included), by room id, at most
  // `limit`; the evaluation part only as room_record describes.
  virtual std::vector<room_record> rooms_of(std::int64_t user_id, int limit) = 0;
  // Room chat messages the user wrote, oldest first, at most `limit`.
  virtual std::vector<room_message> messages_of(std::int64_t user_id, int limit) = 0;
};

}  // namespace fuar::store

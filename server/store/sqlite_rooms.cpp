// SQLite implementation of fuar::store::rooms_store over the shared connection.
#include "server/store/sqlite_rows.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace fuar::store {
namespace {

#define ROOM_COLUMNS                                                                                   \
  "r.id, r.booth_id, b.fair_id, r.kind, r.source, r.source_id, r.status, r.created_by, r.created_at, " \
  "r.started_at, r.ended_at"

room read_room(row& r) {
  room x;
  r >> x.id >> x.booth_id >> x.fair_id >> x.kind >> x.source >> x.source_id >> x.status >> x.created_by >>
      x.created_at >> x.started_at >> x.ended_at;
  return x;
}

// A member's role in the room; a sender who is no longer a member shows as a recruiter.
#define MESSAGE_SELECT                                                                              \
  "SELECT m.id, m.room_id, m.user_id, u.name, coalesce(rm.role, 'recruiter'), m.text, m.sent_at_ms " \
  "FROM room_messages m JOIN users u ON u.id = m.user_id "                                          \
  "LEFT JOIN room_members rm ON rm.room_id = m.room_id AND rm.user_id = m.user_id "

room_message read_message(row& r) {
  room_message m;
  r >> m.id >> m.room_id >> m.user_id >> m.user_name >> m.role >> m.text >> m.sent_at_ms;
  return m;
}

class sqlite_rooms final : public rooms_store {
public:
  explicit sqlite_rooms(sqlite_conn& c) : c_(c) {}

  room create_room(const new_room& nr) override {
    if (nr.members.empty()) throw std::invalid_argument("create_room: no members");
    std::int64_t id = c_.locked("create_room", [&] {
      auto tx = c_.write_transaction();
      if (!c_.query("SELECT 1 FROM booths WHERE id = ?", nr.booth_id).exists())
        throw std::invalid_argument("create_room: no such booth");
      auto room_id = c_.insert(
          "INSERT INTO rooms (booth_id, kind, source, source_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
          nr.booth_id, nr.kind, nr.source, nr.source_id, nr.created_by, nr.created_at);
      for (const auto& m : nr.members)
        c_.exec("INSERT INTO room_members (room_id, user_id, role, application_id) VALUES (?, ?, ?, ?)", room_id,
                m.user_id, m.role, m.application_id);
      tx.commit();
      return room_id;
    });
    return *find_room(id);
  }

  std::optional<room> find_room(std::int64_t id) override {
    return c_.locked("find_room", [&] {
      return c_.query("SELECT " ROOM_COLUMNS " FROM rooms r JOIN booths b ON b.id = r.booth_id WHERE r.id = ?", id)
          .first(read_room);
    });
  }

  std::vector<room_member> members(std::int64_t room_id) override {
    return c_.locked("room_members", [&] {
      return c_
          .query("SELECT m.room_id, m.user_id, u.name, m.role, m.application_id, m.joined_at, m.left_at, "
                 "m.kicked_at IS NOT NULL, m.conn_id FROM room_members m JOIN users u ON u.id = m.user_id "
                 "WHERE m.room_id = ? ORDER BY m.role DESC, u.name, m.user_id",
                 room_id)
          .all([](row& r) {
            room_member m;
            r >> m.room_id >> m.user_id >> m.name >> m.role >> m.application_id >> m.joined_at >> m.left_at >>
                m.kicked >> m.conn_id;
            return m;
          });
    });
  }

  bool is_member(std::int64_t room_id, std::int64_t user_id) override {
    return c_.locked("room_is_member", [&] {
      return c_.query("SELECT 1 FROM room_members WHERE room_id = ? AND user_id = ? AND kicked_at IS NULL", room_id,
                      user_id)
          .exists();
    });
  }

  std::optional<std::int64_t> active_room_of(std::int64_t user_id) override {
    return c_.locked("active_room_of", [&] {
      return c_
          .query("SELECT r.id FROM room_members m JOIN rooms r ON r.id = m.room_id "
                 "WHERE m.user_id = ? AND m.joined_at IS NOT NULL AND m.left_at IS NULL AND m.kicked_at IS NULL "
                 "AND r.status = 'open' ORDER BY r.id DESC LIMIT 1",
                 user_id)
          .value<std::int64_t>();
    });
  }

  bool end_room(std::int64_t room_id, std::int64_t ended_at) override {
    return c_.locked("end_room", [&] {
      auto tx = c_.write_transaction();
      auto status = c_.query("SELECT status FROM rooms WHERE id = ?", room_id).value<std::string>();
      if (!status) return false;
      if (*status == "open") {
        c_.exec("UPDATE rooms SET status = 'ended', ended_at = ? WHERE id = ?", ended_at, room_id);
        c_.exec("UPDATE room_members SET left_at = ?, conn_id = '', disconnected_at = NULL WHERE room_id = ? "
                "AND joined_at IS NOT NULL AND left_at IS NULL",
                ended_at, room_id);
      }
      tx.commit();
      return true;
    });
  }

  std::vector<std::int64_t> recent_durations_s(std::int64_t booth_id, int limit) override {
    return c_.locked("recent_durations", [&] {
      return c_
          .query("SELECT ended_at - started_at FROM rooms WHERE booth_id = ? AND status = 'ended' "
                 "AND started_at IS NOT NULL ORDER BY ended_at DESC, id DESC LIMIT ?",
                 booth_id, limit)
          .all([](row& r) { return r.get<std::int64_t>(); });
    });
  }

  std::vector<room> open_rooms_of(std::int64_t user_id, int limit) override {
    return c_.locked("open_rooms_of", [&] {
      return c_
          .query("SELECT " ROOM_COLUMNS " FROM room_members m JOIN rooms r ON r.id = m.room_id "
                 "JOIN booths b ON b.id = r.booth_id WHERE m.user_id = ? AND m.kicked_at IS NULL AND r.status = 'open' "
                 "ORDER BY r.id DESC LIMIT ?",
                 user_id, limit)
          .all(read_room);
    });
  }

  add_member_status add_member(std::int64_t room_id, const new_room_member& m,
                               std::int64_t max_participants) override {
    return c_.locked("room_add_member", [&] {
      auto tx = c_.write_transaction();
      auto status = c_.query("SELECT status FROM rooms WHERE id = ?", room_id).value<std::string>();
      if (!status) return add_member_status::not_found;
      if (*status != "open") return add_member_status::ended;
      if (auto kicked = c_.query("SELECT kicked_at IS NOT NULL FROM room_members WHERE room_id = ? AND user_id = ?",
                                 room_id, m.user_id)
                            .value<bool>())
        return *kicked ? add_member_status::kicked : add_member_status::already_member;
      if (c_.query("SELECT count(*) FROM room_members WHERE room_id = ? AND kicked_at IS NULL", room_id)
              .value<std::int64_t>()
              .value_or(0) >= max_participants)
        return add_member_status::full;
      c_.exec("INSERT INTO room_members (room_id, user_id, role, application_id) VALUES (?, ?, ?, ?)", room_id, m.user_id,
              m.role, m.application_id);
      if (m.role == "candidate")
        c_.exec("UPDATE rooms SET kind = 'group' WHERE id = ?1 AND (SELECT count(*) FROM room_members "
                "WHERE room_id = ?1 AND role = 'candidate') > 1",
                room_id);
      tx.commit();
      return add_member_status::added;
    });
  }

  join_result join(std::int64_t room_id, std::int64_t user_id, const std::string& conn_id, std::int64_t now) override {
    return c_.locked("room_join", [&] {
      auto tx = c_.write_transaction();
      join_result r;
      auto state = c_.query("SELECT status, started_at IS NULL FROM rooms WHERE id = ?", room_id).first([](row& x) {
        std::pair<std::string, bool> s;
        x >> s.first >> s.second;
        return s;
      });
      if (!state) return r;  // not_member: the caller cannot tell a room from no room
      struct membership {
        bool kicked = false;
        std::string conn_id;
        bool inside = false;
      };
      auto m = c_.query("SELECT kicked_at IS NOT NULL, conn_id, joined_at IS NOT NULL AND left_at IS NULL "
                        "FROM room_members WHERE room_id = ? AND user_id = ?",
                        room_id, user_id)
                   .first([](row& x) {
                     membership s;
                     x >> s.kicked >> s.conn_id >> s.inside;
                     return s;
                   });
      if (state->first != "open") {
        // Members learn that it ended; others learn nothing.
        if (m) r.status = m->kicked ? join_status::kicked : join_status::ended;
        return r;
      }
      if (!m) return r;
      if (m->kicked) {
        r.status = join_status::kicked;
        return r;
      }
      if (m->inside && m->conn_id != conn_id) r.replaced_conn = m->conn_id;
      c_.exec("UPDATE room_members SET joined_at = ?, left_at = NULL, disconnected_at = NULL, conn_id = ? "
              "WHERE room_id = ? AND user_id = ?",
              now, conn_id, room_id, user_id);
      if (state->second)
        r.started = c_.exec("UPDATE rooms SET started_at = ?1 WHERE id = ?2 AND started_at IS NULL AND "
                            "(SELECT count(DISTINCT role) FROM room_members WHERE room_id = ?2 AND joined_at IS NOT NULL "
                            "AND left_at IS NULL AND kicked_at IS NULL) = 2",
                            now, room_id) > 0;
      tx.commit();
      r.status = join_status::joined;
      return r;
    });
  }

  bool leave(std::int64_t room_id, std::int64_t user_id, const std::string& conn_id, std::int64_t now) override {
    return c_.locked("room_leave", [&] {
      return c_.exec("UPDATE room_members SET left_at = ?1, conn_id = '', disconnected_at = NULL WHERE room_id = ?2 "
                     "AND user_id = ?3 AND joined_at IS NOT NULL AND left_at IS NULL AND kicked_at IS NULL "
                     "AND (?4 = '' OR conn_id = ?4)",
                     now, room_id, user_id, conn_id) > 0;
    });
  }

  kick_status kick(std::int64_t room_id, std::int64_t user_id, std::int64_t now) override {
    return c_.locked("room_kick", [&] {
      auto tx = c_.write_transaction();
      auto kicked = c_.query("SELECT kicked_at IS NOT NULL FROM room_members WHERE room_id = ? AND user_id = ?", room_id,
                             user_id)
                        .value<bool>();
      if (!kicked) return kick_status::not_member;
      if (*kicked) return kick_status::already_kicked;
      c_.exec("UPDATE room_members SET kicked_at = ?1, conn_id = '', disconnected_at = NULL, "
              "left_at = CASE WHEN joined_at IS NOT NULL AND left_at IS NULL THEN ?1 ELSE left_at END "
              "WHERE room_id = ?2 AND user_id = ?3",
              now, room_id, user_id);
      tx.commit();
      return kick_status::kicked;
    });
  }

  std::vector<std::int64_t> detach_connection(const std::string& conn_id, std::int64_t now) override {
    if (conn_id.empty()) return {};
    return c_.locked("room_detach", [&] {
      // Every closing connection passes here: most hold no place, and cost one indexed read.
      auto out = c_.query("SELECT room_id FROM room_members WHERE conn_id = ? AND left_at IS NULL AND kicked_at IS NULL",
                          conn_id)
                     .all([](row& r) { return r.get<std::int64_t>(); });
      if (out.empty()) return out;
      auto tx = c_.write_transaction();
      c_.exec("UPDATE room_members SET conn_id = '', disconnected_at = ? WHERE conn_id = ?", now, conn_id);
      tx.commit();
      return out;
    });
  }

  int detach_node(const std::string& node, std::int64_t now) override {
    return c_.locked("room_detach_node", [&] {
      std::string prefix = node + "/";
      return c_.exec("UPDATE room_members SET conn_id = '', disconnected_at = ? WHERE conn_id <> '' "
                     "AND substr(conn_id, 1, ?) = ?",
                     now, prefix.size(), prefix);
    });
  }

  std::vector<std::pair<std::int64_t, std::int64_t>> sweep_disconnected(std::int64_t cutoff, std::int64_t now) override {
    return c_.locked("room_sweep", [&] {
      // Runs every second: a read on the partial index, and a write only when someone is due.
      std::vector<std::pair<std::int64_t, std::int64_t>> out;
      bool any = false;
      for (row r : c_.query("SELECT room_id, user_id, joined_at IS NOT NULL AND left_at IS NULL AND kicked_at IS NULL "
                            "FROM room_members WHERE disconnected_at IS NOT NULL AND disconnected_at <= ? AND conn_id = ''",
                            cutoff)) {
        any = true;
        std::int64_t room_id = 0, user_id = 0;
        bool inside = false;
        r >> room_id >> user_id >> inside;
        if (inside) out.emplace_back(room_id, user_id);
      }
      if (!any) return out;
      auto tx = c_.write_transaction();
      c_.exec("UPDATE room_members SET left_at = CASE WHEN joined_at IS NOT NULL AND left_at IS NULL AND kicked_at IS NULL "
              "THEN ? ELSE left_at END, disconnected_at = NULL WHERE disconnected_at IS NOT NULL AND disconnected_at <= ? "
              "AND conn_id = ''",
              now, cutoff);
      tx.commit();
      return out;
    });
  }

  room_message_insert add_message(std::int64_t room_id, std::int64_t user_id, const std::string& text,
                                  const std::string& nonce, std::int64_t now_ms) override {
    return c_.locked("room_add_message", [&] {
      auto tx = c_.write_transaction();
      room_message_insert r;
      r.created = c_.exec("INSERT INTO room_messages (room_id, user_id, text, nonce, sent_at_ms) VALUES (?, ?, ?, ?, ?) "
                          "ON CONFLICT (user_id, nonce) WHERE nonce IS NOT NULL DO NOTHING",
                          room_id, user_id, text, nonce.empty() ? std::nullopt : std::optional(nonce), now_ms) > 0;
      std::int64_t id = 0;
      if (r.created) {
        id = c_.last_insert_id();
      } else {
        auto earlier = c_.query("SELECT id FROM room_messages WHERE user_id = ? AND nonce = ?", user_id, nonce)
                           .value<std::int64_t>();
        if (!earlier) throw std::runtime_error("room message vanished");
        id = *earlier;
      }
      r.message = c_.query(MESSAGE_SELECT "WHERE m.id = ?", id).first(read_message).value_or(room_message{});
      tx.commit();
      return r;
    });
  }

  std::vector<room_message> messages(std::int64_t room_id, std::int64_t before_id, int limit) override {
    return c_.locked("room_messages", [&] {
      std::vector<room_message> out;
      if (limit <= 0) return out;
      out = c_.query(MESSAGE_SELECT "WHERE m.room_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?", room_id,
                     before_id == 0 ? std::numeric_limits<std::int64_t>::max() : before_id, limit)
                .all(read_message);
      std::reverse(out.begin(), out.end());
      return out;
    });
  }

  room_evaluation save_evaluation(std::int64_t room_id, std::int64_t candidate_id, std::int64_t author_id,
                                  const evaluation_change& c, std::int64_t now) override {
    c_.locked("room_save_evaluation", [&] {
      auto tx = c_.write_transaction();
      c_.exec("INSERT INTO room_evaluations (room_id, candidate_id, author_id, updated_at) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (room_id, candidate_id) DO UPDATE SET author_id = excluded.author_id, "
              "updated_at = excluded.updated_at",
              room_id, candidate_id, author_id, now);
      // An empty field keeps the stored value.
      c_.exec("UPDATE room_evaluations SET notes = coalesce(?, notes), rating = coalesce(?, rating), "
              "outcome = coalesce(?, outcome) WHERE room_id = ? AND candidate_id = ?",
              c.notes, c.rating, c.outcome, room_id, candidate_id);
      tx.commit();
    });
    for (auto& e : evaluations(room_id))
      if (e.candidate_id == candidate_id) return e;
    throw std::runtime_error("room evaluation vanished");
  }

  std::vector<room_evaluation> evaluations(std::int64_t room_id) override {
    return c_.locked("room_evaluations", [&] {
      return c_
          .query("SELECT room_id, candidate_id, author_id, notes, rating, outcome, updated_at FROM room_evaluations "
                 "WHERE room_id = ? ORDER BY candidate_id",
                 room_id)
          .all([](row& r) {
            room_evaluation e;
            r >> e.room_id >> e.candidate_id >> e.author_id >> e.notes >> e.rating >> e.outcome >> e.updated_at;
            return e;
          });
    });
  }

  std::vector<room_record> rooms_of(std::int64_t user_id, int limit) override {
    return c_.locked("rooms_of", [&] {
      // Reads the evaluation's rating, outcome and time only: its notes never leave this query.
      return c_
          .query("SELECT " ROOM_COLUMNS
                 ", b.name, m.role, m.joined_at, m.left_at, m.kicked_at, e.room_id IS NOT NULL, e.rating, e.outcome, "
                 "e.updated_at FROM room_members m JOIN rooms r ON r.id = m.room_id JOIN booths b ON b.id = r.booth_id "
                 "LEFT JOIN room_evaluations e ON e.room_id = m.room_id AND e.candidate_id = m.user_id "
                 "AND m.role = 'candidate' WHERE m.user_id = ? ORDER BY r.id LIMIT ?",
                 user_id, limit)
          .all([](row& r) {
            room_record x;
            x.info = read_room(r);
            r >> x.booth_name >> x.role >> x.joined_at >> x.left_at >> x.kicked_at >> x.evaluated >> x.rating >>
                x.outcome >> x.evaluated_at;
            return x;
          });
    });
  }

  std::vector<room_message> messages_of(std::int64_t user_id, int limit) override {
    return c_.locked("room_messages_of", [&] {
      return c_.query(MESSAGE_SELECT "WHERE m.user_id = ? ORDER BY m.id LIMIT ?", user_id, limit).all(read_message);
    });
  }

private:
  sqlite_conn& c_;
};

#undef ROOM_COLUMNS
#undef MESSAGE_SELECT

}  // namespace

std::unique_ptr<rooms_store> make_sqlite_rooms(sqlite_conn& c) { return std::make_unique<sqlite_rooms>(c); }

}  // namespace fuar::store

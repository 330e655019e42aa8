// SQLite implementation of fuar::store::rooms_store over the shared connection.
#include "server/store/sqlite_rows.hpp"

#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace fuar::store {
namespace {

constexpr const char* room_columns =
    "r.id, r.booth_id, b.fair_id, r.kind, r.source, r.source_id, r.status, r.created_by, r.created_at, "
    "r.started_at, r.ended_at";

room read_room(SQLite::Statement& q) {
  room r;
  r.id = q.getColumn(0).getInt64();
  r.booth_id = q.getColumn(1).getInt64();
  r.fair_id = q.getColumn(2).getInt64();
  r.kind = q.getColumn(3).getString();
  r.source = q.getColumn(4).getString();
  r.source_id = opt_int(q.getColumn(5));
  r.status = q.getColumn(6).getString();
  r.created_by = opt_int(q.getColumn(7));
  r.created_at = q.getColumn(8).getInt64();
  r.started_at = opt_int(q.getColumn(9));
  r.ended_at = opt_int(q.getColumn(10));
  return r;
}

room_message read_message(SQLite::Statement& q) {
  room_message m;
  m.id = q.getColumn(0).getInt64();
  m.room_id = q.getColumn(1).getInt64();
  m.user_id = q.getColumn(2).getInt64();
  m.user_name = q.getColumn(3).getString();
  m.role = q.getColumn(4).getString();
  m.text = q.getColumn(5).getString();
  m.sent_at_ms = q.getColumn(6).getInt64();
  return m;
}

class sqlite_rooms final : public rooms_store {
public:
  explicit sqlite_rooms(sqlite_conn& c) : c_(c) {}

  room create_room(const new_room& nr) override {
    if (nr.members.empty()) throw std::invalid_argument("create_room: no members");
    std::int64_t id = c_.locked("create_room", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      {
        auto b = c_.prepare("SELECT 1 FROM booths WHERE id = ?");
        b->bind(1, nr.booth_id);
        if (!b->executeStep()) throw std::invalid_argument("create_room: no such booth");
      }
      auto ins = c_.prepare(
          "INSERT INTO rooms (booth_id, kind, source, source_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)");
      ins->bind(1, nr.booth_id);
      ins->bind(2, nr.kind);
      ins->bind(3, nr.source);
      if (nr.source_id) ins->bind(4, *nr.source_id);
      else ins->bind(4);
      if (nr.created_by) ins->bind(5, *nr.created_by);
      else ins->bind(5);
      ins->bind(6, nr.created_at);
      ins->exec();
      std::int64_t room_id = c_.db().getLastInsertRowid();
      auto mem = c_.prepare("INSERT INTO room_members (room_id, user_id, role, application_id) VALUES (?, ?, ?, ?)");
      for (const auto& m : nr.members) {
        mem->reset();
        mem->clearBindings();
        mem->bind(1, room_id);
        mem->bind(2, m.user_id);
        mem->bind(3, m.role);
        if (m.application_id) mem->bind(4, *m.application_id);
        else mem->bind(4);
        mem->exec();
      }
      tx.commit();
      return room_id;
    });
    return *find_room(id);
  }

  std::optional<room> find_room(std::int64_t id) override {
    return c_.locked("find_room", [&]() -> std::optional<room> {
      static const std::string sql =
          std::string("SELECT ") + room_columns + " FROM rooms r JOIN booths b ON b.id = r.booth_id WHERE r.id = ?";
      auto q = c_.prepare(sql.c_str());
      q->bind(1, id);
      if (!q->executeStep()) return std::nullopt;
      return read_room(*q);
    });
  }

  std::vector<room_member> members(std::int64_t room_id) override {
    return c_.locked("room_members", [&] {
      auto q = c_.prepare(
          "SELECT m.room_id, m.user_id, u.name, m.role, m.application_id, m.joined_at, m.left_at, m.kicked_at, m.conn_id "
          "FROM room_members m JOIN users u ON u.id = m.user_id WHERE m.room_id = ? ORDER BY m.role DESC, u.name, m.user_id");
      q->bind(1, room_id);
      std::vector<room_member> out;
      while (q->executeStep()) {
        room_member m;
        m.room_id = q->getColumn(0).getInt64();
        m.user_id = q->getColumn(1).getInt64();
        m.name = q->getColumn(2).getString();
        m.role = q->getColumn(3).getString();
        m.application_id = opt_int(q->getColumn(4));
        m.joined_at = opt_int(q->getColumn(5));
        m.left_at = opt_int(q->getColumn(6));
        m.kicked = !q->getColumn(7).isNull();
        m.conn_id = q->getColumn(8).getString();
        out.push_back(std::move(m));
      }
      return out;
    });
  }

  bool is_member(std::int64_t room_id, std::int64_t user_id) override {
    return c_.locked("room_is_member", [&] {
      auto q = c_.prepare("SELECT 1 FROM room_members WHERE room_id = ? AND user_id = ? AND kicked_at IS NULL");
      q->bind(1, room_id);
      q->bind(2, user_id);
      return q->executeStep();
    });
  }

  std::optional<std::int64_t> active_room_of(std::int64_t user_id) override {
    return c_.locked("active_room_of", [&]() -> std::optional<std::int64_t> {
      auto q = c_.prepare(
          "SELECT r.id FROM room_members m JOIN rooms r ON r.id = m.room_id "
          "WHERE m.user_id = ? AND m.joined_at IS NOT NULL AND m.left_at IS NULL AND m.kicked_at IS NULL "
          "AND r.status = 'open' ORDER BY r.id DESC LIMIT 1");
      q->bind(1, user_id);
      if (!q->executeStep()) return std::nullopt;
      return q->getColumn(0).getInt64();
    });
  }

  bool end_room(std::int64_t room_id, std::int64_t ended_at) override {
    return c_.locked("end_room", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto q = c_.prepare("SELECT status FROM rooms WHERE id = ?");
      q->bind(1, room_id);
      if (!q->executeStep()) return false;
      bool open = q->getColumn(0).getString() == "open";
      q->reset();
      if (open) {
        auto u = c_.prepare("UPDATE rooms SET status = 'ended', ended_at = ? WHERE id = ?");
        u->bind(1, ended_at);
        u->bind(2, room_id);
        u->exec();
        auto m = c_.prepare(
            "UPDATE room_members SET left_at = ?, conn_id = '', disconnected_at = NULL WHERE room_id = ? AND joined_at IS NOT NULL "
            "AND left_at IS NULL");
        m->bind(1, ended_at);
        m->bind(2, room_id);
        m->exec();
      }
      tx.commit();
      return true;
    });
  }

  std::vector<std::int64_t> recent_durations_s(std::int64_t booth_id, int limit) override {
    return c_.locked("recent_durations", [&] {
      auto q = c_.prepare(
          "SELECT ended_at - started_at FROM rooms WHERE booth_id = ? AND status = 'ended' AND started_at IS NOT NULL "
          "ORDER BY ended_at DESC, id DESC LIMIT ?");
      q->bind(1, booth_id);
      q->bind(2, limit);
      std::vector<std::int64_t> out;
      while (q->executeStep()) out.push_back(q->getColumn(0).getInt64());
      return out;
    });
  }

  std::vector<room> open_rooms_of(std::int64_t user_id, int limit) override {
    return c_.locked("open_rooms_of", [&] {
      static const std::string sql = std::string("SELECT ") + room_columns +
                                     " FROM room_members m JOIN rooms r ON r.id = m.room_id JOIN booths b ON b.id = "
                                     "r.booth_id WHERE m.user_id = ? AND m.kicked_at IS NULL AND r.status = 'open' "
                                     "ORDER BY r.id DESC LIMIT ?";
      auto q = c_.prepare(sql.c_str());
      q->bind(1, user_id);
      q->bind(2, limit);
      std::vector<room> out;
      while (q->executeStep()) out.push_back(read_room(*q));
      return out;
    });
  }

  add_member_status add_member(std::int64_t room_id, const new_room_member& m,
                               std::int64_t max_participants) override {
    return c_.locked("room_add_member", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      {
        auto q = c_.prepare("SELECT status FROM rooms WHERE id = ?");
        q->bind(1, room_id);
        if (!q->executeStep()) return add_member_status::not_found;
        if (q->getColumn(0).getString() != "open") return add_member_status::ended;
      }
      {
        auto q = c_.prepare("SELECT kicked_at FROM room_members WHERE room_id = ? AND user_id = ?");
        q->bind(1, room_id);
        q->bind(2, m.user_id);
        if (q->executeStep()) return q->getColumn(0).isNull() ? add_member_status::already_member : add_member_status::kicked;
      }
      {
        auto q = c_.prepare("SELECT count(*) FROM room_members WHERE room_id = ? AND kicked_at IS NULL");
        q->bind(1, room_id);
        q->executeStep();
        if (q->getColumn(0).getInt64() >= max_participants) return add_member_status::full;
      }
      auto ins = c_.prepare("INSERT INTO room_members (room_id, user_id, role, application_id) VALUES (?, ?, ?, ?)");
      ins->bind(1, room_id);
      ins->bind(2, m.user_id);
      ins->bind(3, m.role);
      if (m.application_id) ins->bind(4, *m.application_id);
      else ins->bind(4);
      ins->exec();
      if (m.role == "candidate") {
        auto u = c_.prepare(
            "UPDATE rooms SET kind = 'group' WHERE id = ? AND (SELECT count(*) FROM room_members WHERE room_id = ? AND "
            "role = 'candidate') > 1");
        u->bind(1, room_id);
        u->bind(2, room_id);
        u->exec();
      }
      tx.commit();
      return add_member_status::added;
    });
  }

  join_result join(std::int64_t room_id, std::int64_t user_id, const std::string& conn_id, std::int64_t now) override {
    return c_.locked("room_join", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      join_result r;
      bool unstarted = false;
      {
        auto q = c_.prepare("SELECT status, started_at IS NULL FROM rooms WHERE id = ?");
        q->bind(1, room_id);
        if (!q->executeStep()) return r;  // not_member: the caller cannot tell a room from no room
        if (q->getColumn(0).getString() != "open") {
          // Members learn that it ended; others learn nothing.
          auto m = c_.prepare("SELECT kicked_at FROM room_members WHERE room_id = ? AND user_id = ?");
          m->bind(1, room_id);
          m->bind(2, user_id);
          if (m->executeStep()) r.status = m->getColumn(0).isNull() ? join_status::ended : join_status::kicked;
          return r;
        }
        unstarted = q->getColumn(1).getInt() != 0;
      }
      {
        auto m = c_.prepare(
            "SELECT kicked_at, conn_id, joined_at IS NOT NULL AND left_at IS NULL FROM room_members "
            "WHERE room_id = ? AND user_id = ?");
        m->bind(1, room_id);
        m->bind(2, user_id);
        if (!m->executeStep()) return r;
        if (!m->getColumn(0).isNull()) {
          r.status = join_status::kicked;
          return r;
        }
        std::string prev = m->getColumn(1).getString();
        if (m->getColumn(2).getInt() != 0 && prev != conn_id) r.replaced_conn = prev;
      }
      auto u = c_.prepare(
          "UPDATE room_members SET joined_at = ?, left_at = NULL, disconnected_at = NULL, conn_id = ? "
          "WHERE room_id = ? AND user_id = ?");
      u->bind(1, now);
      u->bind(2, conn_id);
      u->bind(3, room_id);
      u->bind(4, user_id);
      u->exec();
      if (unstarted) {
        auto s = c_.prepare(
            "UPDATE rooms SET started_at = ? WHERE id = ? AND started_at IS NULL AND "
            "(SELECT count(DISTINCT role) FROM room_members WHERE room_id = ? AND joined_at IS NOT NULL AND "
            "left_at IS NULL AND kicked_at IS NULL) = 2");
        s->bind(1, now);
        s->bind(2, room_id);
        s->bind(3, room_id);
        r.started = s->exec() > 0;
      }
      tx.commit();
      r.status = join_status::joined;
      return r;
    });
  }

  bool leave(std::int64_t room_id, std::int64_t user_id, const std::string& conn_id, std::int64_t now) override {
    return c_.locked("room_leave", [&] {
      auto u = c_.prepare(
          "UPDATE room_members SET left_at = ?, conn_id = '', disconnected_at = NULL WHERE room_id = ? AND user_id = ? "
          "AND joined_at IS NOT NULL AND left_at IS NULL AND kicked_at IS NULL AND (? = '' OR conn_id = ?)");
      u->bind(1, now);
      u->bind(2, room_id);
      u->bind(3, user_id);
      u->bind(4, conn_id);
      u->bind(5, conn_id);
      return u->exec() > 0;
    });
  }

  kick_status kick(std::int64_t room_id, std::int64_t user_id, std::int64_t now) override {
    return c_.locked("room_kick", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto m = c_.prepare("SELECT kicked_at FROM room_members WHERE room_id = ? AND user_id = ?");
      m->bind(1, room_id);
      m->bind(2, user_id);
      if (!m->executeStep()) return kick_status::not_member;
      if (!m->getColumn(0).isNull()) return kick_status::already_kicked;
      m->reset();
      auto u = c_.prepare(
          "UPDATE room_members SET kicked_at = ?, conn_id = '', disconnected_at = NULL, "
          "left_at = CASE WHEN joined_at IS NOT NULL AND left_at IS NULL THEN ? ELSE left_at END "
          "WHERE room_id = ? AND user_id = ?");
      u->bind(1, now);
      u->bind(2, now);
      u->bind(3, room_id);
      u->bind(4, user_id);
      u->exec();
      tx.commit();
      return kick_status::kicked;
    });
  }

  std::vector<std::int64_t> detach_connection(const std::string& conn_id, std::int64_t now) override {
    if (conn_id.empty()) return {};
    return c_.locked("room_detach", [&] {
      // Every closing connection passes here: most hold no place, and cost one indexed read.
      std::vector<std::int64_t> out;
      {
        auto q = c_.prepare("SELECT room_id FROM room_members WHERE conn_id = ? AND left_at IS NULL AND kicked_at IS NULL");
        q->bind(1, conn_id);
        while (q->executeStep()) out.push_back(q->getColumn(0).getInt64());
      }
      if (out.empty()) return out;
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto u = c_.prepare("UPDATE room_members SET conn_id = '', disconnected_at = ? WHERE conn_id = ?");
      u->bind(1, now);
      u->bind(2, conn_id);
      u->exec();
      tx.commit();
      return out;
    });
  }

  int detach_node(const std::string& node, std::int64_t now) override {
    return c_.locked("room_detach_node", [&] {
      auto u = c_.prepare(
          "UPDATE room_members SET conn_id = '', disconnected_at = ? WHERE conn_id <> '' AND substr(conn_id, 1, ?) = ?");
      std::string prefix = node + "/";
      u->bind(1, now);
      u->bind(2, std::int64_t(prefix.size()));
      u->bind(3, prefix);
      return u->exec();
    });
  }

  std::vector<std::pair<std::int64_t, std::int64_t>> sweep_disconnected(std::int64_t cutoff, std::int64_t now) override {
    return c_.locked("room_sweep", [&] {
      // Runs every second: a read on the partial index, and a write only when someone is due.
      std::vector<std::pair<std::int64_t, std::int64_t>> out;
      bool any = false;
      {
        auto q = c_.prepare(
            "SELECT room_id, user_id, joined_at IS NOT NULL AND left_at IS NULL AND kicked_at IS NULL "
            "FROM room_members WHERE disconnected_at IS NOT NULL AND disconnected_at <= ? AND conn_id = ''");
        q->bind(1, cutoff);
        while (q->executeStep()) {
          any = true;
          if (q->getColumn(2).getInt() != 0) out.emplace_back(q->getColumn(0).getInt64(), q->getColumn(1).getInt64());
        }
      }
      if (!any) return out;
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto u = c_.prepare(
          "UPDATE room_members SET left_at = CASE WHEN joined_at IS NOT NULL AND left_at IS NULL AND kicked_at IS NULL "
          "THEN ? ELSE left_at END, disconnected_at = NULL WHERE disconnected_at IS NOT NULL AND disconnected_at <= ? "
          "AND conn_id = ''");
      u->bind(1, now);
      u->bind(2, cutoff);
      u->exec();
      tx.commit();
      return out;
    });
  }

  room_message_insert add_message(std::int64_t room_id, std::int64_t user_id, const std::string& text,
                                  const std::string& nonce, std::int64_t now_ms) override {
    return c_.locked("room_add_message", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      room_message_insert r;
      auto ins = c_.prepare(
          "INSERT INTO room_messages (room_id, user_id, text, nonce, sent_at_ms) VALUES (?, ?, ?, ?, ?) "
          "ON CONFLICT (user_id, nonce) WHERE nonce IS NOT NULL DO NOTHING");
      ins->bind(1, room_id);
      ins->bind(2, user_id);
      ins->bind(3, text);
      if (nonce.empty()) ins->bind(4);
      else ins->bind(4, nonce);
      ins->bind(5, now_ms);
      r.created = ins->exec() > 0;
      std::int64_t id = 0;
      if (r.created) {
        id = c_.db().getLastInsertRowid();
      } else {
        auto q = c_.prepare("SELECT id FROM room_messages WHERE user_id = ? AND nonce = ?");
        q->bind(1, user_id);
        q->bind(2, nonce);
        if (!q->executeStep()) throw std::runtime_error("room message vanished");
        id = q->getColumn(0).getInt64();
      }
      auto q = c_.prepare(
          "SELECT m.id, m.room_id, m.user_id, u.name, coalesce(rm.role, 'recruiter'), m.text, m.sent_at_ms "
          "FROM room_messages m JOIN users u ON u.id = m.user_id "
          "LEFT JOIN room_members rm ON rm.room_id = m.room_id AND rm.user_id = m.user_id WHERE m.id = ?");
      q->bind(1, id);
      q->executeStep();
      r.message = read_message(*q);
      q->reset();
      tx.commit();
      return r;
    });
  }

  std::vector<room_message> messages(std::int64_t room_id, std::int64_t before_id, int limit) override {
    return c_.locked("room_messages", [&] {
      std::vector<room_message> out;
      if (limit <= 0) return out;
      auto q = c_.prepare(
          "SELECT m.id, m.room_id, m.user_id, u.name, coalesce(rm.role, 'recruiter'), m.text, m.sent_at_ms "
          "FROM room_messages m JOIN users u ON u.id = m.user_id "
          "LEFT JOIN room_members rm ON rm.room_id = m.room_id AND rm.user_id = m.user_id "
          "WHERE m.room_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?");
      q->bind(1, room_id);
      q->bind(2, before_id == 0 ? std::numeric_limits<std::int64_t>::max() : before_id);
      q->bind(3, limit);
      while (q->executeStep()) out.push_back(read_message(*q));
      std::reverse(out.begin(), out.end());
      return out;
    });
  }

  room_evaluation save_evaluation(std::int64_t room_id, std::int64_t candidate_id, std::int64_t author_id,
                                  const evaluation_change& c, std::int64_t now) override {
    c_.locked("room_save_evaluation", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      {
        auto ins = c_.prepare(
            "INSERT INTO room_evaluations (room_id, candidate_id, author_id, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (room_id, candidate_id) DO UPDATE SET author_id = excluded.author_id, "
            "updated_at = excluded.updated_at");
        ins->bind(1, room_id);
        ins->bind(2, candidate_id);
        ins->bind(3, author_id);
        ins->bind(4, now);
        ins->exec();
      }
      if (c.notes) {
        auto u = c_.prepare("UPDATE room_evaluations SET notes = ? WHERE room_id = ? AND candidate_id = ?");
        u->bind(1, *c.notes);
        u->bind(2, room_id);
        u->bind(3, candidate_id);
        u->exec();
      }
      if (c.rating) {
        auto u = c_.prepare("UPDATE room_evaluations SET rating = ? WHERE room_id = ? AND candidate_id = ?");
        u->bind(1, *c.rating);
        u->bind(2, room_id);
        u->bind(3, candidate_id);
        u->exec();
      }
      if (c.outcome) {
        auto u = c_.prepare("UPDATE room_evaluations SET outcome = ? WHERE room_id = ? AND candidate_id = ?");
        u->bind(1, *c.outcome);
        u->bind(2, room_id);
        u->bind(3, candidate_id);
        u->exec();
      }
      tx.commit();
    });
    for (auto& e : evaluations(room_id))
      if (e.candidate_id == candidate_id) return e;
    throw std::runtime_error("room evaluation vanished");
  }

  std::vector<room_evaluation> evaluations(std::int64_t room_id) override {
    return c_.locked("room_evaluations", [&] {
      auto q = c_.prepare(
          "SELECT room_id, candidate_id, author_id, notes, rating, outcome, updated_at FROM room_evaluations "
          "WHERE room_id = ? ORDER BY candidate_id");
      q->bind(1, room_id);
      std::vector<room_evaluation> out;
      while (q->executeStep()) {
        room_evaluation e;
        e.room_id = q->getColumn(0).getInt64();
        e.candidate_id = q->getColumn(1).getInt64();
        e.author_id = opt_int(q->getColumn(2));
        e.notes = q->getColumn(3).getString();
        e.rating = opt_int(q->getColumn(4));
        if (!q->getColumn(5).isNull()) e.outcome = q->getColumn(5).getString();
        e.updated_at = q->getColumn(6).getInt64();
        out.push_back(std::move(e));
      }
      return out;
    });
  }


  std::vector<room_record> rooms_of(std::int64_t user_id, int limit) override {
    return c_.locked("rooms_of", [&] {
      // Reads the evaluation's rating, outcome and time only: its notes never leave this query.
      static const std::string sql =
          std::string("SELECT ") + room_columns +
          ", b.name, m.role, m.joined_at, m.left_at, m.kicked_at, e.room_id IS NOT NULL, e.rating, e.outcome, "
          "e.updated_at FROM room_members m JOIN rooms r ON r.id = m.room_id JOIN booths b ON b.id = r.booth_id "
          "LEFT JOIN room_evaluations e ON e.room_id = m.room_id AND e.candidate_id = m.user_id "
          "AND m.role = 'candidate' WHERE m.user_id = ? ORDER BY r.id LIMIT ?";
      auto q = c_.prepare(sql.c_str());
      q->bind(1, user_id);
      q->bind(2, limit);
      std::vector<room_record> out;
      while (q->executeStep()) {
        room_record x;
        x.info = read_room(*q);
        x.booth_name = q->getColumn(11).getString();
        x.role = q->getColumn(12).getString();
        x.joined_at = opt_int(q->getColumn(13));
        x.left_at = opt_int(q->getColumn(14));
        x.kicked_at = opt_int(q->getColumn(15));
        x.evaluated = q->getColumn(16).getInt() != 0;
        x.rating = opt_int(q->getColumn(17));
        x.outcome = opt_text(q->getColumn(18));
        x.evaluated_at = opt_int(q->getColumn(19));
        out.push_back(std::move(x));
      }
      return out;
    });
  }

  std::vector<room_message> messages_of(std::int64_t user_id, int limit) override {
    return c_.locked("room_messages_of", [&] {
      auto q = c_.prepare(
          "SELECT m.id, m.room_id, m.user_id, u.name, coalesce(rm.role, 'recruiter'), m.text, m.sent_at_ms "
          "FROM room_messages m JOIN users u ON u.id = m.user_id "
          "LEFT JOIN room_members rm ON rm.room_id = m.room_id AND rm.user_id = m.user_id "
          "WHERE m.user_id = ? ORDER BY m.id LIMIT ?");
      q->bind(1, user_id);
      q->bind(2, limit);
      std::vector<room_message> out;
      while (q->executeStep()) out.push_back(read_message(*q));
      return out;
    });
  }

private:
  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<rooms_store> make_sqlite_rooms(sqlite_conn& c) { return std::make_unique<sqlite_rooms>(c); }

}  // namespace fuar::store

// SQLite implementation of fuar::store::rooms_store over the shared connection.
#include "server/store/sqlite_conn.hpp"

#include <SQLiteCpp/Transaction.h>

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
            "UPDATE room_members SET left_at = ?, conn_id = '' WHERE room_id = ? AND joined_at IS NOT NULL AND left_at IS NULL");
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

private:
  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<rooms_store> make_sqlite_rooms(sqlite_conn& c) { return std::make_unique<sqlite_rooms>(c); }

}  // namespace fuar::store

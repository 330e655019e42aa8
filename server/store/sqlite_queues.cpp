// SQLite implementation of fuar::store::queues_store over the shared connection.
//
// Every write takes the connection's mutex and runs in one IMMEDIATE transaction, so the
// position arithmetic (append at max + 1, close the gap behind a place that leaves the line)
// never interleaves with another write, on this node or on another process sharing the file.
#include "server/store/sqlite_rows.hpp"

#include <SQLiteCpp/Transaction.h>

#include <algorithm>

namespace fuar::store {
namespace {

// Is user X (an SQL expression) busy: called somewhere, or a candidate in an open room they are
// in (or were invited to less than 10 minutes ago and have not joined yet)? Needs :now bound.
#define FUAR_HELD(X)                                                                                   \
  "(EXISTS (SELECT 1 FROM queue_places c WHERE c.user_id = " X " AND c.status = 'called') "            \
  "OR EXISTS (SELECT 1 FROM room_members m JOIN rooms r ON r.id = m.room_id WHERE m.user_id = " X      \
  " AND m.role = 'candidate' AND m.kicked_at IS NULL AND m.left_at IS NULL AND r.status = 'open' "     \
  "AND (m.joined_at IS NOT NULL OR r.created_at > :now - 600)))"

#define FUAR_PLACE_COLUMNS                                                                              \
  "p.id, p.queue_id, q.booth_id, p.user_id, u.name, p.status, p.position, p.held, "                    \
  "coalesce(p.left_reason, ''), p.joined_at, p.called_at, p.called_by, coalesce(cb.name, ''), p.picked, " \
  "p.deadline_at, p.ended_at, p.room_id "
// Waiting places before p that are not held (the wait estimate's "people ahead").
#define FUAR_AHEAD                                                                                      \
  "CASE WHEN p.position IS NULL THEN 0 ELSE (SELECT count(*) FROM queue_places a WHERE a.queue_id = "  \
  "p.queue_id AND a.position IS NOT NULL AND a.position < p.position AND a.held = 0) END "
#define FUAR_PLACE_FROM                                                                                 \
  " FROM queue_places p JOIN queues q ON q.id = p.queue_id JOIN users u ON u.id = p.user_id "          \
  "LEFT JOIN users cb ON cb.id = p.called_by "

place_row read_place(SQLite::Statement& s) {
  place_row p;
  p.id = s.getColumn(0).getInt64();
  p.queue_id = s.getColumn(1).getInt64();
  p.booth_id = s.getColumn(2).getInt64();
  p.user_id = s.getColumn(3).getInt64();
  p.user_name = s.getColumn(4).getString();
  p.status = s.getColumn(5).getString();
  p.position = opt_int(s.getColumn(6));
  p.held = s.getColumn(7).getInt() != 0;
  p.left_reason = s.getColumn(8).getString();
  p.joined_at = s.getColumn(9).getInt64();
  p.called_at = opt_int(s.getColumn(10));
  p.called_by = opt_int(s.getColumn(11));
  p.called_by_name = s.getColumn(12).getString();
  p.picked = s.getColumn(13).getInt() != 0;
  p.deadline_at = opt_int(s.getColumn(14));
  p.ended_at = opt_int(s.getColumn(15));
  p.room_id = opt_int(s.getColumn(16));
  if (s.getColumnCount() > 17) p.ahead = s.getColumn(17).getInt64();
  return p;
}

queue_row read_queue(SQLite::Statement& s) {
  queue_row q;
  q.id = s.getColumn(0).getInt64();
  q.booth_id = s.getColumn(1).getInt64();
  q.fair_id = s.getColumn(2).getInt64();
  q.job_id = opt_int(s.getColumn(3));
  q.job_title = s.getColumn(4).getString();
  q.name = s.getColumn(5).getString();
  q.status = s.getColumn(6).getString();
  q.created_at = s.getColumn(7).getInt64();
  q.closed_at = opt_int(s.getColumn(8));
  q.waiting = s.getColumn(9).getInt64();
  q.held = s.getColumn(10).getInt64();
  q.called = s.getColumn(11).getInt64();
  q.staff = s.getColumn(12).getInt64();
  return q;
}

#define FUAR_QUEUE_SELECT                                                                               \
  "SELECT q.id, q.booth_id, b.fair_id, q.job_id, coalesce(j.title, ''), q.name, q.status, q.created_at, " \
  "q.closed_at, "                                                                                        \
  "(SELECT count(*) FROM queue_places p WHERE p.queue_id = q.id AND p.position IS NOT NULL), "          \
  "(SELECT count(*) FROM queue_places p WHERE p.queue_id = q.id AND p.position IS NOT NULL AND p.held = 1), " \
  "(SELECT count(*) FROM queue_places p WHERE p.queue_id = q.id AND p.status = 'called'), "             \
  "(SELECT count(*) FROM booth_members m WHERE m.booth_id = q.booth_id) "                               \
  "FROM queues q JOIN booths b ON b.id = q.booth_id LEFT JOIN jobs j ON j.id = q.job_id "

void add_unique(std::vector<std::int64_t>& v, std::int64_t x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

class sqlite_queues final : public queues_store {
public:
  explicit sqlite_queues(sqlite_conn& c) : c_(c) {}

  // ---- staff -----------------------------------------------------------------------------------

  queue_change create_queue(std::int64_t booth_id, std::optional<std::int64_t> job_id, const std::string& name,
                            std::int64_t by, std::int64_t now) override {
    return c_.locked("queue_create", [&] {
      queue_change out;
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      if (job_id) {
        auto j = c_.prepare("SELECT 1 FROM jobs WHERE id = ? AND booth_id = ?");
        j->bind(1, *job_id);
        j->bind(2, booth_id);
        if (!j->executeStep()) return fail(out, queue_error::not_found);
      }
      {
        auto e = c_.prepare("SELECT 1 FROM queues WHERE booth_id = ? AND coalesce(job_id, 0) = ? AND status = 'open'");
        e->bind(1, booth_id);
        e->bind(2, job_id.value_or(0));
        if (e->executeStep()) return fail(out, queue_error::exists);
      }
      auto ins = c_.prepare("INSERT INTO queues (booth_id, job_id, name, created_by, created_at) VALUES (?, ?, ?, ?, ?)");
      ins->bind(1, booth_id);
      if (job_id) ins->bind(2, *job_id);
      else ins->bind(2);
      ins->bind(3, name);
      ins->bind(4, by);
      ins->bind(5, now);
      ins->exec();
      out.queue_id = c_.db().getLastInsertRowid();
      out.queues.push_back(*out.queue_id);
      tx.commit();
      return out;
    });
  }

  queue_change close_queue(std::int64_t queue_id, std::int64_t now) override {
    return c_.locked("queue_close", [&] {
      queue_change out;
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto st = queue_status(queue_id);
      if (!st) return fail(out, queue_error::not_found);
      if (*st != "open") return fail(out, queue_error::closed);
      {
        auto w = c_.prepare("SELECT user_id FROM queue_places WHERE queue_id = ? AND status = 'waiting'");
        w->bind(1, queue_id);
        while (w->executeStep()) add_unique(out.users, w->getColumn(0).getInt64());
      }
      auto end = c_.prepare(
          "UPDATE queue_places SET status = 'left', left_reason = 'closed', position = NULL, held = 0, ended_at = ? "
          "WHERE queue_id = ? AND status = 'waiting'");
      end->bind(1, now);
      end->bind(2, queue_id);
      end->exec();
      auto q = c_.prepare("UPDATE queues SET status = 'closed', closed_at = ? WHERE id = ?");
      q->bind(1, now);
      q->bind(2, queue_id);
      q->exec();
      out.queues.push_back(queue_id);
      tx.commit();
      return out;
    });
  }

  queue_change call(std::int64_t queue_id, std::int64_t caller, std::optional<std::int64_t> place_id,
                    std::int64_t now, std::int64_t deadline) override {
    return c_.locked("queue_call", [&] {
      queue_change out;
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto st = queue_status(queue_id);
      if (!st) return fail(out, queue_error::not_found);
      if (*st != "open") return fail(out, queue_error::closed);
      {
        auto busy = c_.prepare("SELECT 1 FROM queue_places WHERE called_by = ? AND status = 'called'");
        busy->bind(1, caller);
        if (busy->executeStep()) return fail(out, queue_error::caller_busy);
      }
      std::int64_t chosen = 0, user = 0, position = 0;
      if (place_id) {
        auto p = c_.prepare("SELECT p.status, p.position, p.user_id, " FUAR_HELD("p.user_id")
                            " FROM queue_places p WHERE p.id = :id AND p.queue_id = :queue");
        p->bind(":now", now);
        p->bind(":id", *place_id);
        p->bind(":queue", queue_id);
        if (!p->executeStep()) return fail(out, queue_error::not_found);
        if (p->getColumn(0).getString() != "waiting") return fail(out, queue_error::not_waiting);
        if (p->getColumn(3).getInt() != 0) return fail(out, queue_error::held);
        chosen = *place_id;
        position = p->getColumn(1).getInt64();
        user = p->getColumn(2).getInt64();
      } else {
        auto p = c_.prepare("SELECT p.id, p.position, p.user_id FROM queue_places p WHERE p.queue_id = :queue "
                            "AND p.position IS NOT NULL AND NOT " FUAR_HELD("p.user_id") " ORDER BY p.position LIMIT 1");
        p->bind(":now", now);
        p->bind(":queue", queue_id);
        if (!p->executeStep()) return fail(out, queue_error::empty);
        chosen = p->getColumn(0).getInt64();
        position = p->getColumn(1).getInt64();
        user = p->getColumn(2).getInt64();
      }
      auto u = c_.prepare(
          "UPDATE queue_places SET status = 'called', position = NULL, held = 0, called_at = ?, called_by = ?, "
          "picked = ?, deadline_at = ? WHERE id = ?");
      u->bind(1, now);
      u->bind(2, caller);
      u->bind(3, place_id ? 1 : 0);
      u->bind(4, deadline);
      u->bind(5, chosen);
      u->exec();
      close_gap(queue_id, position);
      out.queues.push_back(queue_id);
      refresh_holds(user, now, out.queues);
      out.place = place_tx(chosen);
      tx.commit();
      return out;
    });
  }

  // ---- jobseekers --------------------------------------------------------------------------------

  queue_change join(std::int64_t queue_id, std::int64_t user_id, std::int64_t now, std::int64_t max_per_user,
                    std::int64_t max_length) override {
    return c_.locked("queue_join", [&] {
      queue_change out;
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto st = queue_status(queue_id);
      if (!st) return fail(out, queue_error::not_found);
      if (*st != "open") return fail(out, queue_error::closed);
      {
        auto a = c_.prepare(
            "SELECT count(*), coalesce(sum(queue_id = ?), 0) FROM queue_places WHERE user_id = ? AND status IN ('waiting', 'called')");
        a->bind(1, queue_id);
        a->bind(2, user_id);
        a->executeStep();
        if (a->getColumn(1).getInt64() > 0) return fail(out, queue_error::already_in);
        if (a->getColumn(0).getInt64() >= max_per_user) return fail(out, queue_error::limit);
      }
      std::int64_t next = 1;
      {
        auto n = c_.prepare("SELECT count(*), coalesce(max(position), 0) FROM queue_places WHERE queue_id = ? AND position IS NOT NULL");
        n->bind(1, queue_id);
        n->executeStep();
        if (n->getColumn(0).getInt64() >= max_length) return fail(out, queue_error::full);
        next = n->getColumn(1).getInt64() + 1;
      }
      auto ins = c_.prepare("INSERT INTO queue_places (queue_id, user_id, position, held, joined_at) VALUES (:queue, :user, :pos, "
                            FUAR_HELD(":user") ", :now)");
      ins->bind(":queue", queue_id);
      ins->bind(":user", user_id);
      ins->bind(":pos", next);
      ins->bind(":now", now);
      ins->exec();
      out.place = place_tx(c_.db().getLastInsertRowid());
      out.queues.push_back(queue_id);
      tx.commit();
      return out;
    });
  }

  queue_change leave(std::int64_t queue_id, std::int64_t user_id, std::int64_t now) override {
    return c_.locked("queue_leave", [&] {
      queue_change out;
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      std::int64_t id = 0, position = 0;
      bool waiting = false;
      {
        auto p = c_.prepare(
            "SELECT id, status, position FROM queue_places WHERE queue_id = ? AND user_id = ? AND status IN ('waiting', 'called')");
        p->bind(1, queue_id);
        p->bind(2, user_id);
        if (!p->executeStep()) return fail(out, queue_error::not_found);
        id = p->getColumn(0).getInt64();
        waiting = p->getColumn(1).getString() == "waiting";
        if (waiting) position = p->getColumn(2).getInt64();
      }
      if (waiting) {
        auto u = c_.prepare(
            "UPDATE queue_places SET status = 'left', left_reason = 'self', position = NULL, held = 0, ended_at = ? WHERE id = ?");
        u->bind(1, now);
        u->bind(2, id);
        u->exec();
        close_gap(queue_id, position);
        out.queues.push_back(queue_id);
      } else {
        end_call(id, "declined", now);
        out.queues.push_back(queue_id);
        refresh_holds(user_id, now, out.queues);
      }
      out.place = place_tx(id);
      tx.commit();
      return out;
    });
  }

  queue_change accept(std::int64_t place_id, std::int64_t user_id, std::int64_t now) override {
    return c_.locked("queue_accept", [&] {
      queue_change out;
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto p = c_.prepare(
          "SELECT p.status, p.deadline_at, p.called_by, p.queue_id, q.booth_id, q.job_id FROM queue_places p "
          "JOIN queues q ON q.id = p.queue_id WHERE p.id = ? AND p.user_id = ?");
      p->bind(1, place_id);
      p->bind(2, user_id);
      if (!p->executeStep()) return fail(out, queue_error::not_found);
      if (p->getColumn(0).getString() != "called" || p->getColumn(2).isNull()) return fail(out, queue_error::not_called);
      if (p->getColumn(1).getInt64() <= now) return fail(out, queue_error::expired);
      std::int64_t caller = p->getColumn(2).getInt64();
      std::int64_t queue_id = p->getColumn(3).getInt64();
      std::int64_t booth_id = p->getColumn(4).getInt64();
      auto job_id = opt_int(p->getColumn(5));
      std::optional<std::int64_t> application;
      {
        auto a = c_.prepare(
            "SELECT id FROM applications WHERE user_id = :user AND booth_id = :booth AND "
            "((:job IS NULL AND job_id IS NULL) OR job_id = :job) ORDER BY id DESC LIMIT 1");
        a->bind(":user", user_id);
        a->bind(":booth", booth_id);
        if (job_id) a->bind(":job", *job_id);
        else a->bind(":job");
        if (a->executeStep()) application = a->getColumn(0).getInt64();
      }
      // The room, exactly as rooms_store::create_room writes it, inside this transaction: a
      // crash can never leave an accepted call without its room or a room without its call.
      auto r = c_.prepare(
          "INSERT INTO rooms (booth_id, kind, source, source_id, created_by, created_at) "
          "VALUES (?, 'one_to_one', 'queue', ?, ?, ?)");
      r->bind(1, booth_id);
      r->bind(2, place_id);
      r->bind(3, caller);
      r->bind(4, now);
      r->exec();
      std::int64_t room_id = c_.db().getLastInsertRowid();
      auto m = c_.prepare("INSERT INTO room_members (room_id, user_id, role, application_id) VALUES (?, ?, ?, ?)");
      m->bind(1, room_id);
      m->bind(2, user_id);
      m->bind(3, "candidate");
      if (application) m->bind(4, *application);
      else m->bind(4);
      m->exec();
      m->reset();
      m->clearBindings();
      m->bind(1, room_id);
      m->bind(2, caller);
      m->bind(3, "recruiter");
      m->bind(4);
      m->exec();
      auto u = c_.prepare("UPDATE queue_places SET status = 'accepted', ended_at = ?, room_id = ? WHERE id = ?");
      u->bind(1, now);
      u->bind(2, room_id);
      u->bind(3, place_id);
      u->exec();
      out.room_id = room_id;
      out.queues.push_back(queue_id);
      refresh_holds(user_id, now, out.queues);  // still held: now by the room
      out.place = place_tx(place_id);
      tx.commit();
      return out;
    });
  }

  queue_change decline(std::int64_t place_id, std::int64_t user_id, std::int64_t now) override {
    return c_.locked("queue_decline", [&] {
      queue_change out;
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto p = c_.prepare("SELECT status, queue_id FROM queue_places WHERE id = ? AND user_id = ?");
      p->bind(1, place_id);
      p->bind(2, user_id);
      if (!p->executeStep()) return fail(out, queue_error::not_found);
      if (p->getColumn(0).getString() != "called") return fail(out, queue_error::not_called);
      std::int64_t queue_id = p->getColumn(1).getInt64();
      end_call(place_id, "declined", now);
      out.queues.push_back(queue_id);
      refresh_holds(user_id, now, out.queues);
      out.place = place_tx(place_id);
      tx.commit();
      return out;
    });
  }

  // ---- sweeps ----------------------------------------------------------------------------------

  std::vector<expired_call> expire_calls(std::int64_t now) override {
    return c_.locked("queue_expire", [&] {
      std::vector<expired_call> out;
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      std::vector<std::int64_t> ids;
      {
        auto q = c_.prepare("SELECT id FROM queue_places WHERE status = 'called' AND deadline_at <= ? ORDER BY deadline_at, id");
        q->bind(1, now);
        while (q->executeStep()) ids.push_back(q->getColumn(0).getInt64());
      }
      std::vector<std::int64_t> ignored;
      for (auto id : ids) {
        end_call(id, "no_show", now);
        auto p = place_tx(id);
        refresh_holds(p->user_id, now, ignored);
        out.push_back({*p, p->called_by});
      }
      tx.commit();
      return out;
    });
  }

  std::vector<place_row> remove_waiting_places(std::int64_t user_id, std::int64_t now) override {
    return c_.locked("queue_remove_user", [&] {
      std::vector<place_row> out;
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      std::vector<std::pair<std::int64_t, std::int64_t>> places;  // id, queue
      std::vector<std::int64_t> positions;
      {
        auto q = c_.prepare("SELECT id, queue_id, position FROM queue_places WHERE user_id = ? AND status = 'waiting' ORDER BY id");
        q->bind(1, user_id);
        while (q->executeStep()) {
          places.emplace_back(q->getColumn(0).getInt64(), q->getColumn(1).getInt64());
          positions.push_back(q->getColumn(2).getInt64());
        }
      }
      for (std::size_t i = 0; i < places.size(); ++i) {
        auto u = c_.prepare(
            "UPDATE queue_places SET status = 'left', left_reason = 'disconnect', position = NULL, held = 0, ended_at = ? "
            "WHERE id = ?");
        u->bind(1, now);
        u->bind(2, places[i].first);
        u->exec();
        close_gap(places[i].second, positions[i]);
        out.push_back(*place_tx(places[i].first));
      }
      tx.commit();
      return out;
    });
  }

  std::vector<place_row> reconcile_holds(std::int64_t now) override {
    return c_.locked("queue_reconcile", [&] {
      std::vector<place_row> out;
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      std::vector<std::int64_t> ids;
      {
        auto u = c_.prepare("UPDATE queue_places SET held = " FUAR_HELD("queue_places.user_id")
                            " WHERE status = 'waiting' AND held <> " FUAR_HELD("queue_places.user_id") " RETURNING id");
        u->bind(":now", now);
        while (u->executeStep()) ids.push_back(u->getColumn(0).getInt64());
      }
      for (auto id : ids) out.push_back(*place_tx(id));
      tx.commit();
      return out;
    });
  }

  // ---- reads -----------------------------------------------------------------------------------

  std::optional<queue_row> find_queue(std::int64_t queue_id) override {
    return c_.locked("queue_find", [&]() -> std::optional<queue_row> {
      auto q = c_.prepare(FUAR_QUEUE_SELECT "WHERE q.id = ?");
      q->bind(1, queue_id);
      if (!q->executeStep()) return std::nullopt;
      return read_queue(*q);
    });
  }

  std::vector<queue_row> booth_queues(std::int64_t booth_id, bool with_closed) override {
    return c_.locked("queue_booth", [&] {
      auto q = c_.prepare(FUAR_QUEUE_SELECT "WHERE q.booth_id = ? AND (? OR q.status = 'open') "
                                            "ORDER BY q.status = 'closed', q.id DESC LIMIT 200");
      q->bind(1, booth_id);
      q->bind(2, with_closed ? 1 : 0);
      std::vector<queue_row> out;
      while (q->executeStep()) out.push_back(read_queue(*q));
      return out;
    });
  }

  std::vector<place_row> active_places(std::int64_t queue_id) override {
    return c_.locked("queue_places", [&] {
      auto q = c_.prepare("SELECT " FUAR_PLACE_COLUMNS FUAR_PLACE_FROM
                          "WHERE p.queue_id = ? AND p.status IN ('waiting', 'called') "
                          "ORDER BY p.position IS NOT NULL, p.position, p.called_at, p.id");
      q->bind(1, queue_id);
      std::vector<place_row> out;
      std::int64_t ahead = 0;
      while (q->executeStep()) {
        auto p = read_place(*q);
        if (p.position) {
          p.ahead = ahead;
          if (!p.held) ++ahead;
        }
        out.push_back(std::move(p));
      }
      return out;
    });
  }

  std::vector<place_row> recent_calls(std::int64_t queue_id, int limit) override {
    return c_.locked("queue_recent_calls", [&] {
      auto q = c_.prepare("SELECT " FUAR_PLACE_COLUMNS FUAR_PLACE_FROM
                          "WHERE p.queue_id = ? AND p.status IN ('accepted', 'declined', 'no_show') "
                          "ORDER BY p.ended_at DESC, p.id DESC LIMIT ?");
      q->bind(1, queue_id);
      q->bind(2, limit);
      std::vector<place_row> out;
      while (q->executeStep()) out.push_back(read_place(*q));
      return out;
    });
  }

  std::optional<place_row> find_place(std::int64_t place_id) override {
    return c_.locked("queue_find_place", [&] { return place_tx(place_id); });
  }

  std::vector<place_row> user_places(std::int64_t user_id) override {
    return c_.locked("queue_user_places", [&] {
      auto q = c_.prepare("SELECT " FUAR_PLACE_COLUMNS ", " FUAR_AHEAD FUAR_PLACE_FROM
                          "WHERE p.user_id = ? AND p.status IN ('waiting', 'called') ORDER BY p.id");
      q->bind(1, user_id);
      std::vector<place_row> out;
      while (q->executeStep()) out.push_back(read_place(*q));
      return out;
    });
  }

  std::vector<std::int64_t> users_waiting() override {
    return c_.locked("queue_users_waiting", [&] {
      auto q = c_.prepare("SELECT DISTINCT user_id FROM queue_places WHERE status = 'waiting' ORDER BY user_id");
      std::vector<std::int64_t> out;
      while (q->executeStep()) out.push_back(q->getColumn(0).getInt64());
      return out;
    });
  }

  std::vector<place_record> place_history(std::int64_t user_id, int limit) override {
    return c_.locked("queue_place_history", [&] {
      auto q = c_.prepare(
          "SELECT p.id, p.queue_id, q.name, coalesce(j.title, ''), q.booth_id, b.name, p.status, "
          "coalesce(p.left_reason, ''), p.joined_at, p.called_at, p.deadline_at, p.ended_at, p.room_id "
          "FROM queue_places p JOIN queues q ON q.id = p.queue_id JOIN booths b ON b.id = q.booth_id "
          "LEFT JOIN jobs j ON j.id = q.job_id WHERE p.user_id = ? ORDER BY p.id LIMIT ?");
      q->bind(1, user_id);
      q->bind(2, limit);
      std::vector<place_record> out;
      while (q->executeStep()) {
        place_record r;
        r.id = q->getColumn(0).getInt64();
        r.queue_id = q->getColumn(1).getInt64();
        r.queue_name = q->getColumn(2).getString();
        r.job_title = q->getColumn(3).getString();
        r.booth_id = q->getColumn(4).getInt64();
        r.booth_name = q->getColumn(5).getString();
        r.status = q->getColumn(6).getString();
        r.left_reason = q->getColumn(7).getString();
        r.joined_at = q->getColumn(8).getInt64();
        r.called_at = opt_int(q->getColumn(9));
        r.deadline_at = opt_int(q->getColumn(10));
        r.ended_at = opt_int(q->getColumn(11));
        r.room_id = opt_int(q->getColumn(12));
        out.push_back(std::move(r));
      }
      return out;
    });
  }

private:
  // The lock is held in everything below.

  static queue_change fail(queue_change& out, queue_error e) {
    out.error = e;
    return out;  // the transaction object rolls back on destruction
  }

  std::optional<std::string> queue_status(std::int64_t queue_id) {
    auto q = c_.prepare("SELECT status FROM queues WHERE id = ?");
    q->bind(1, queue_id);
    if (!q->executeStep()) return std::nullopt;
    return q->getColumn(0).getString();
  }

  std::optional<place_row> place_tx(std::int64_t id) {
    auto q = c_.prepare("SELECT " FUAR_PLACE_COLUMNS ", " FUAR_AHEAD FUAR_PLACE_FROM "WHERE p.id = ?");
    q->bind(1, id);
    if (!q->executeStep()) return std::nullopt;
    return read_place(*q);
  }

  // Moves every waiting place behind `position` one step up.
  void close_gap(std::int64_t queue_id, std::int64_t position) {
    auto a = c_.prepare("UPDATE queue_places SET position = -(position - 1) WHERE queue_id = ? AND position > ?");
    a->bind(1, queue_id);
    a->bind(2, position);
    a->exec();
    auto b = c_.prepare("UPDATE queue_places SET position = -position WHERE queue_id = ? AND position < 0");
    b->bind(1, queue_id);
    b->exec();
  }

  void end_call(std::int64_t id, const char* status, std::int64_t now) {
    auto u = c_.prepare("UPDATE queue_places SET status = ?, ended_at = ? WHERE id = ? AND status = 'called'");
    u->bind(1, status);
    u->bind(2, now);
    u->bind(3, id);
    u->exec();
  }

  // Brings `held` of the user's waiting places up to date; adds the queues that changed.
  void refresh_holds(std::int64_t user_id, std::int64_t now, std::vector<std::int64_t>& queues) {
    auto u = c_.prepare("UPDATE queue_places SET held = " FUAR_HELD(":user")
                        " WHERE user_id = :user AND status = 'waiting' AND held <> " FUAR_HELD(":user") " RETURNING queue_id");
    u->bind(":user", user_id);
    u->bind(":now", now);
    while (u->executeStep()) add_unique(queues, u->getColumn(0).getInt64());
  }

  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<queues_store> make_sqlite_queues(sqlite_conn& c) { return std::make_unique<sqlite_queues>(c); }

}  // namespace fuar::store

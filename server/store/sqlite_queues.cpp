// SQLite implementation of fuar::store::queues_store over the shared connection.
//
// Every write takes the connection's mutex and runs in one IMMEDIATE transaction, so the
// position arithmetic (append at max + 1, close the gap behind a place that leaves the line)
// never interleaves with another write, on this node or on another process sharing the file.
#include "server/store/sqlite_rows.hpp"

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

// FUAR_PLACE_COLUMNS, then (when the query selects FUAR_AHEAD) the places ahead.
place_row read_place(row& r) {
  place_row p;
  r >> p.id >> p.queue_id >> p.booth_id >> p.user_id >> p.user_name >> p.status >> p.position >> p.held >>
      p.left_reason >> p.joined_at >> p.called_at >> p.called_by >> p.called_by_name >> p.picked >> p.deadline_at >>
      p.ended_at >> p.room_id;
  return p;
}
place_row read_place_ahead(row& r) {
  place_row p = read_place(r);
  r >> p.ahead;
  return p;
}

queue_row read_queue(row& r) {
  queue_row q;
  r >> q.id >> q.booth_id >> q.fair_id >> q.job_id >> q.job_title >> q.name >> q.status >> q.created_at >>
      q.closed_at >> q.waiting >> q.held >> q.called >> q.staff;
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
      auto tx = c_.write_transaction();
      if (job_id && !c_.query("SELECT 1 FROM jobs WHERE id = ? AND booth_id = ?", *job_id, booth_id).exists())
        return fail(out, queue_error::not_found);
      if (c_.query("SELECT 1 FROM queues WHERE booth_id = ? AND coalesce(job_id, 0) = ? AND status = 'open'", booth_id,
                   job_id.value_or(0))
              .exists())
        return fail(out, queue_error::exists);
      out.queue_id = c_.insert("INSERT INTO queues (booth_id, job_id, name, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                               booth_id, job_id, name, by, now);
      out.queues.push_back(*out.queue_id);
      tx.commit();
      return out;
    });
  }

  queue_change close_queue(std::int64_t queue_id, std::int64_t now) override {
    return c_.locked("queue_close", [&] {
      queue_change out;
      auto tx = c_.write_transaction();
      auto st = queue_status(queue_id);
      if (!st) return fail(out, queue_error::not_found);
      if (*st != "open") return fail(out, queue_error::closed);
      for (row r : c_.query("SELECT user_id FROM queue_places WHERE queue_id = ? AND status = 'waiting'", queue_id))
        add_unique(out.users, r.get<std::int64_t>());
      c_.exec("UPDATE queue_places SET status = 'left', left_reason = 'closed', position = NULL, held = 0, ended_at = ? "
              "WHERE queue_id = ? AND status = 'waiting'",
              now, queue_id);
      c_.exec("UPDATE queues SET status = 'closed', closed_at = ? WHERE id = ?", now, queue_id);
      out.queues.push_back(queue_id);
      tx.commit();
      return out;
    });
  }

  queue_change call(std::int64_t queue_id, std::int64_t caller, std::optional<std::int64_t> place_id,
                    std::int64_t now, std::int64_t deadline) override {
    return c_.locked("queue_call", [&] {
      queue_change out;
      auto tx = c_.write_transaction();
      auto st = queue_status(queue_id);
      if (!st) return fail(out, queue_error::not_found);
      if (*st != "open") return fail(out, queue_error::closed);
      if (c_.query("SELECT 1 FROM queue_places WHERE called_by = ? AND status = 'called'", caller).exists())
        return fail(out, queue_error::caller_busy);
      struct candidate {
        std::int64_t id = 0, position = 0, user = 0;
        std::string status;
        bool held = false;
      };
      std::optional<candidate> chosen;
      if (place_id) {
        chosen = c_.query("SELECT p.id, p.position, p.user_id, p.status, " FUAR_HELD("p.user_id")
                          " FROM queue_places p WHERE p.id = :id AND p.queue_id = :queue",
                          named(":now", now), named(":id", *place_id), named(":queue", queue_id))
                     .first([](row& r) {
                       candidate c;
                       r >> c.id >> c.position >> c.user >> c.status >> c.held;
                       return c;
                     });
        if (!chosen) return fail(out, queue_error::not_found);
        if (chosen->status != "waiting") return fail(out, queue_error::not_waiting);
        if (chosen->held) return fail(out, queue_error::held);
      } else {
        chosen = c_.query("SELECT p.id, p.position, p.user_id FROM queue_places p WHERE p.queue_id = :queue "
                          "AND p.position IS NOT NULL AND NOT " FUAR_HELD("p.user_id") " ORDER BY p.position LIMIT 1",
                          named(":now", now), named(":queue", queue_id))
                     .first([](row& r) {
                       candidate c;
                       r >> c.id >> c.position >> c.user;
                       return c;
                     });
        if (!chosen) return fail(out, queue_error::empty);
      }
      c_.exec("UPDATE queue_places SET status = 'called', position = NULL, held = 0, called_at = ?, called_by = ?, "
              "picked = ?, deadline_at = ? WHERE id = ?",
              now, caller, place_id.has_value(), deadline, chosen->id);
      close_gap(queue_id, chosen->position);
      out.queues.push_back(queue_id);
      refresh_holds(chosen->user, now, out.queues);
      out.place = place_tx(chosen->id);
      tx.commit();
      return out;
    });
  }

  // ---- jobseekers --------------------------------------------------------------------------------

  queue_change join(std::int64_t queue_id, std::int64_t user_id, std::int64_t now, std::int64_t max_per_user,
                    std::int64_t max_length) override {
    return c_.locked("queue_join", [&] {
      queue_change out;
      auto tx = c_.write_transaction();
      auto st = queue_status(queue_id);
      if (!st) return fail(out, queue_error::not_found);
      if (*st != "open") return fail(out, queue_error::closed);
      std::int64_t active = 0, here = 0;
      for (row r : c_.query("SELECT count(*), coalesce(sum(queue_id = ?), 0) FROM queue_places "
                            "WHERE user_id = ? AND status IN ('waiting', 'called')",
                            queue_id, user_id))
        r >> active >> here;
      if (here > 0) return fail(out, queue_error::already_in);
      if (active >= max_per_user) return fail(out, queue_error::limit);
      std::int64_t waiting = 0, last = 0;
      for (row r : c_.query("SELECT count(*), coalesce(max(position), 0) FROM queue_places "
                            "WHERE queue_id = ? AND position IS NOT NULL",
                            queue_id))
        r >> waiting >> last;
      if (waiting >= max_length) return fail(out, queue_error::full);
      auto id = c_.insert("INSERT INTO queue_places (queue_id, user_id, position, held, joined_at) "
                          "VALUES (:queue, :user, :pos, " FUAR_HELD(":user") ", :now)",
                          named(":queue", queue_id), named(":user", user_id), named(":pos", last + 1), named(":now", now));
      out.place = place_tx(id);
      out.queues.push_back(queue_id);
      tx.commit();
      return out;
    });
  }

  queue_change leave(std::int64_t queue_id, std::int64_t user_id, std::int64_t now) override {
    return c_.locked("queue_leave", [&] {
      queue_change out;
      auto tx = c_.write_transaction();
      struct active_place {
        std::int64_t id = 0;
        std::string status;
        std::int64_t position = 0;
      };
      auto p = c_.query("SELECT id, status, position FROM queue_places WHERE queue_id = ? AND user_id = ? "
                        "AND status IN ('waiting', 'called')",
                        queue_id, user_id)
                   .first([](row& r) {
                     active_place a;
                     r >> a.id >> a.status >> a.position;
                     return a;
                   });
      if (!p) return fail(out, queue_error::not_found);
      if (p->status == "waiting") {
        c_.exec("UPDATE queue_places SET status = 'left', left_reason = 'self', position = NULL, held = 0, ended_at = ? "
                "WHERE id = ?",
                now, p->id);
        close_gap(queue_id, p->position);
        out.queues.push_back(queue_id);
      } else {
        end_call(p->id, "declined", now);
        out.queues.push_back(queue_id);
        refresh_holds(user_id, now, out.queues);
      }
      out.place = place_tx(p->id);
      tx.commit();
      return out;
    });
  }

  queue_change accept(std::int64_t place_id, std::int64_t user_id, std::int64_t now) override {
    return c_.locked("queue_accept", [&] {
      queue_change out;
      auto tx = c_.write_transaction();
      struct call_row {
        std::string status;
        std::int64_t deadline_at = 0;
        std::optional<std::int64_t> caller;
        std::int64_t queue_id = 0, booth_id = 0;
        std::optional<std::int64_t> job_id;
      };
      auto c = c_.query("SELECT p.status, p.deadline_at, p.called_by, p.queue_id, q.booth_id, q.job_id FROM queue_places p "
                        "JOIN queues q ON q.id = p.queue_id WHERE p.id = ? AND p.user_id = ?",
                        place_id, user_id)
                   .first([](row& r) {
                     call_row x;
                     r >> x.status >> x.deadline_at >> x.caller >> x.queue_id >> x.booth_id >> x.job_id;
                     return x;
                   });
      if (!c) return fail(out, queue_error::not_found);
      if (c->status != "called" || !c->caller) return fail(out, queue_error::not_called);
      if (c->deadline_at <= now) return fail(out, queue_error::expired);
      auto application = c_.query("SELECT id FROM applications WHERE user_id = :user AND booth_id = :booth AND "
                                  "((:job IS NULL AND job_id IS NULL) OR job_id = :job) ORDER BY id DESC LIMIT 1",
                                  named(":user", user_id), named(":booth", c->booth_id), named(":job", c->job_id))
                             .value<std::int64_t>();
      // The room, exactly as rooms_store::create_room writes it, inside this transaction: a
      // crash can never leave an accepted call without its room or a room without its call.
      auto room_id = c_.insert("INSERT INTO rooms (booth_id, kind, source, source_id, created_by, created_at) "
                               "VALUES (?, 'one_to_one', 'queue', ?, ?, ?)",
                               c->booth_id, place_id, *c->caller, now);
      c_.exec("INSERT INTO room_members (room_id, user_id, role, application_id) VALUES (?, ?, ?, ?)", room_id, user_id,
              "candidate", application);
      c_.exec("INSERT INTO room_members (room_id, user_id, role, application_id) VALUES (?, ?, ?, ?)", room_id,
              *c->caller, "recruiter", std::nullopt);
      c_.exec("UPDATE queue_places SET status = 'accepted', ended_at = ?, room_id = ? WHERE id = ?", now, room_id,
              place_id);
      out.room_id = room_id;
      out.queues.push_back(c->queue_id);
      refresh_holds(user_id, now, out.queues);  // still held: now by the room
      out.place = place_tx(place_id);
      tx.commit();
      return out;
    });
  }

  queue_change decline(std::int64_t place_id, std::int64_t user_id, std::int64_t now) override {
    return c_.locked("queue_decline", [&] {
      queue_change out;
      auto tx = c_.write_transaction();
      auto p = c_.query("SELECT status, queue_id FROM queue_places WHERE id = ? AND user_id = ?", place_id, user_id)
                   .first([](row& r) {
                     std::pair<std::string, std::int64_t> x;
                     r >> x.first >> x.second;
                     return x;
                   });
      if (!p) return fail(out, queue_error::not_found);
      if (p->first != "called") return fail(out, queue_error::not_called);
      end_call(place_id, "declined", now);
      out.queues.push_back(p->second);
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
      auto tx = c_.write_transaction();
      auto ids = c_.query("SELECT id FROM queue_places WHERE status = 'called' AND deadline_at <= ? ORDER BY deadline_at, id",
                          now)
                     .all([](row& r) { return r.get<std::int64_t>(); });
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
      auto tx = c_.write_transaction();
      struct waiting_place {
        std::int64_t id = 0, queue_id = 0, position = 0;
      };
      auto places = c_.query("SELECT id, queue_id, position FROM queue_places WHERE user_id = ? AND status = 'waiting' "
                             "ORDER BY id",
                             user_id)
                        .all([](row& r) {
                          waiting_place w;
                          r >> w.id >> w.queue_id >> w.position;
                          return w;
                        });
      for (const auto& w : places) {
        c_.exec("UPDATE queue_places SET status = 'left', left_reason = 'disconnect', position = NULL, held = 0, "
                "ended_at = ? WHERE id = ?",
                now, w.id);
        close_gap(w.queue_id, w.position);
        out.push_back(*place_tx(w.id));
      }
      tx.commit();
      return out;
    });
  }

  std::vector<place_row> reconcile_holds(std::int64_t now) override {
    return c_.locked("queue_reconcile", [&] {
      std::vector<place_row> out;
      auto tx = c_.write_transaction();
      auto ids = c_.query("UPDATE queue_places SET held = " FUAR_HELD("queue_places.user_id")
                          " WHERE status = 'waiting' AND held <> " FUAR_HELD("queue_places.user_id") " RETURNING id",
                          named(":now", now))
                     .all([](row& r) { return r.get<std::int64_t>(); });
      for (auto id : ids) out.push_back(*place_tx(id));
      tx.commit();
      return out;
    });
  }

  // ---- reads -----------------------------------------------------------------------------------

  std::optional<queue_row> find_queue(std::int64_t queue_id) override {
    return c_.locked("queue_find", [&] { return c_.query(FUAR_QUEUE_SELECT "WHERE q.id = ?", queue_id).first(read_queue); });
  }

  std::vector<queue_row> booth_queues(std::int64_t booth_id, bool with_closed) override {
    return c_.locked("queue_booth", [&] {
      return c_
          .query(FUAR_QUEUE_SELECT "WHERE q.booth_id = ? AND (? OR q.status = 'open') "
                                   "ORDER BY q.status = 'closed', q.id DESC LIMIT 200",
                 booth_id, with_closed)
          .all(read_queue);
    });
  }

  std::vector<place_row> active_places(std::int64_t queue_id) override {
    return c_.locked("queue_places", [&] {
      auto out = c_.query("SELECT " FUAR_PLACE_COLUMNS FUAR_PLACE_FROM
                          "WHERE p.queue_id = ? AND p.status IN ('waiting', 'called') "
                          "ORDER BY p.position IS NOT NULL, p.position, p.called_at, p.id",
                          queue_id)
                     .all(read_place);
      std::int64_t ahead = 0;
      for (auto& p : out) {
        if (!p.position) continue;
        p.ahead = ahead;
        if (!p.held) ++ahead;
      }
      return out;
    });
  }

  std::vector<place_row> recent_calls(std::int64_t queue_id, int limit) override {
    return c_.locked("queue_recent_calls", [&] {
      return c_
          .query("SELECT " FUAR_PLACE_COLUMNS FUAR_PLACE_FROM
                 "WHERE p.queue_id = ? AND p.status IN ('accepted', 'declined', 'no_show') "
                 "ORDER BY p.ended_at DESC, p.id DESC LIMIT ?",
                 queue_id, limit)
          .all(read_place);
    });
  }

  std::optional<place_row> find_place(std::int64_t place_id) override {
    return c_.locked("queue_find_place", [&] { return place_tx(place_id); });
  }

  std::vector<place_row> user_places(std::int64_t user_id) override {
    return c_.locked("queue_user_places", [&] {
      return c_
          .query("SELECT " FUAR_PLACE_COLUMNS ", " FUAR_AHEAD FUAR_PLACE_FROM
                 "WHERE p.user_id = ? AND p.status IN ('waiting', 'called') ORDER BY p.id",
                 user_id)
          .all(read_place_ahead);
    });
  }

  std::vector<std::int64_t> users_waiting() override {
    return c_.locked("queue_users_waiting", [&] {
      return c_.query("SELECT DISTINCT user_id FROM queue_places WHERE status = 'waiting' ORDER BY user_id").all([](row& r) {
        return r.get<std::int64_t>();
      });
    });
  }

  std::vector<place_record> place_history(std::int64_t user_id, int limit) override {
    return c_.locked("queue_place_history", [&] {
      return c_
          .query("SELECT p.id, p.queue_id, q.name, j.title, q.booth_id, b.name, p.status, "
                 "p.left_reason, p.joined_at, p.called_at, p.deadline_at, p.ended_at, p.room_id "
                 "FROM queue_places p JOIN queues q ON q.id = p.queue_id JOIN booths b ON b.id = q.booth_id "
                 "LEFT JOIN jobs j ON j.id = q.job_id WHERE p.user_id = ? ORDER BY p.id LIMIT ?",
                 user_id, limit)
          .all([](row& r) {
            place_record x;
            r >> x.id >> x.queue_id >> x.queue_name >> x.job_title >> x.booth_id >> x.booth_name >> x.status >>
                x.left_reason >> x.joined_at >> x.called_at >> x.deadline_at >> x.ended_at >> x.room_id;
            return x;
          });
    });
  }

private:
  // The lock is held in everything below.

  static queue_change fail(queue_change& out, queue_error e) {
    out.error = e;
    return out;  // the transaction object rolls back on destruction
  }

  std::optional<std::string> queue_status(std::int64_t queue_id) {
    return c_.query("SELECT status FROM queues WHERE id = ?", queue_id).value<std::string>();
  }

  std::optional<place_row> place_tx(std::int64_t id) {
    return c_.query("SELECT " FUAR_PLACE_COLUMNS ", " FUAR_AHEAD FUAR_PLACE_FROM "WHERE p.id = ?", id)
        .first(read_place_ahead);
  }

  // Moves every waiting place behind `position` one step up (through negative values, so the
  // unique (queue, position) index never sees two places at once).
  void close_gap(std::int64_t queue_id, std::int64_t position) {
    c_.exec("UPDATE queue_places SET position = -(position - 1) WHERE queue_id = ? AND position > ?", queue_id, position);
    c_.exec("UPDATE queue_places SET position = -position WHERE queue_id = ? AND position < 0", queue_id);
  }

  void end_call(std::int64_t id, const char* status, std::int64_t now) {
    c_.exec("UPDATE queue_places SET status = ?, ended_at = ? WHERE id = ? AND status = 'called'", status, now, id);
  }

  // Brings `held` of the user's waiting places up to date; adds the queues that changed.
  void refresh_holds(std::int64_t user_id, std::int64_t now, std::vector<std::int64_t>& queues) {
    for (row r : c_.query("UPDATE queue_places SET held = " FUAR_HELD(":user")
                          " WHERE user_id = :user AND status = 'waiting' AND held <> " FUAR_HELD(":user") " RETURNING queue_id",
                          named(":user", user_id), named(":now", now)))
      add_unique(queues, r.get<std::int64_t>());
  }

  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<queues_store> make_sqlite_queues(sqlite_conn& c) { return std::make_unique<sqlite_queues>(c); }

}  // namespace fuar::store

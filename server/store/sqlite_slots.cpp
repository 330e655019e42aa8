// SQLite implementation of fuar::store::slots_store over the shared connection.
//
// Reads that a write depends on run inside the write's IMMEDIATE transaction: SQLite takes the
// database's write lock at BEGIN, so two nodes (or two pool threads, although the connection's
// mutex already serialises those) booking the last place of a slot cannot both see it free.
#include "server/store/sqlite_rows.hpp"

#include <SQLiteCpp/Transaction.h>

#include <algorithm>

namespace fuar::store {
namespace {

// A slot with its counts. ?1 is `now` (offers that have expired hold nothing).
#define SLOT_SELECT                                                                                          \
  "SELECT s.id, s.booth_id, b.fair_id, s.job_id, coalesce(j.title, ''), s.starts_at, s.length_min, "        \
  "s.capacity, s.status, "                                                                                 \
  "(SELECT count(*) FROM slot_bookings k WHERE k.slot_id = s.id AND k.status = 'booked'), "                \
  "(SELECT count(*) FROM slot_offers o WHERE o.slot_id = s.id AND o.status = 'pending' AND o.expires_at > ?1), " \
  "s.room_id, s.created_at "                                                                               \
  "FROM slots s JOIN booths b ON b.id = s.booth_id LEFT JOIN jobs j ON j.id = s.job_id "

slot read_slot(SQLite::Statement& q) {
  slot s;
  s.id = q.getColumn(0).getInt64();
  s.booth_id = q.getColumn(1).getInt64();
  s.fair_id = q.getColumn(2).getInt64();
  s.job_id = opt_int(q.getColumn(3));
  s.job_title = q.getColumn(4).getString();
  s.starts_at = q.getColumn(5).getInt64();
  s.length_min = q.getColumn(6).getInt64();
  s.capacity = q.getColumn(7).getInt64();
  s.status = q.getColumn(8).getString();
  s.booked = q.getColumn(9).getInt64();
  s.held = q.getColumn(10).getInt64();
  s.room_id = opt_int(q.getColumn(11));
  s.created_at = q.getColumn(12).getInt64();
  return s;
}

// A booking with the booker's name and their newest application to the booth (to the slot's
// job first).
#define BOOKING_SELECT                                                                                      \
  "SELECT k.id, k.slot_id, k.user_id, u.name, k.status, k.booked_at, k.cancelled_at, k.no_show, "          \
  "coalesce((SELECT max(a.id) FROM applications a WHERE a.user_id = k.user_id AND a.booth_id = s.booth_id "  \
  "           AND a.job_id = s.job_id), "                                                                    \
  "         (SELECT max(a.id) FROM applications a WHERE a.user_id = k.user_id AND a.booth_id = s.booth_id)) " \
  "FROM slot_bookings k JOIN users u ON u.id = k.user_id JOIN slots s ON s.id = k.slot_id "

slot_booking read_booking(SQLite::Statement& q) {
  slot_booking b;
  b.id = q.getColumn(0).getInt64();
  b.slot_id = q.getColumn(1).getInt64();
  b.user_id = q.getColumn(2).getInt64();
  b.user_name = q.getColumn(3).getString();
  b.status = q.getColumn(4).getString();
  b.booked_at = q.getColumn(5).getInt64();
  b.cancelled_at = opt_int(q.getColumn(6));
  b.no_show = q.getColumn(7).getInt() != 0;
  b.application_id = opt_int(q.getColumn(8));
  return b;
}

class sqlite_slots final : public slots_store {
public:
  explicit sqlite_slots(sqlite_conn& c) : c_(c) {}

  // ---- slots ----

  std::optional<slot> create_slot(const new_slot& ns, std::int64_t now, std::int64_t max_per_booth,
                                  std::int64_t first_at, std::int64_t second_at) override {
    return c_.locked("create_slot", [&]() -> std::optional<slot> {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      {
        auto n = c_.prepare(
            "SELECT count(*) FROM slots WHERE booth_id = ? AND status = 'open' AND starts_at + length_min * 60 > ?");
        n->bind(1, ns.booth_id);
        n->bind(2, now);
        n->executeStep();
        if (n->getColumn(0).getInt64() >= max_per_booth) return std::nullopt;
      }
      auto ins = c_.prepare(
          "INSERT INTO slots (booth_id, job_id, starts_at, length_min, capacity, created_by, created_at, "
          "staff_first, staff_second) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      ins->bind(1, ns.booth_id);
      if (ns.job_id) ins->bind(2, *ns.job_id);
      else ins->bind(2);
      ins->bind(3, ns.starts_at);
      ins->bind(4, ns.length_min);
      ins->bind(5, ns.capacity);
      if (ns.created_by) ins->bind(6, ns.created_by);
      else ins->bind(6);
      ins->bind(7, ns.created_at);
      ins->bind(8, now >= first_at ? "skipped" : "pending");
      ins->bind(9, now >= second_at ? "skipped" : "pending");
      ins->exec();
      auto id = c_.db().getLastInsertRowid();
      tx.commit();
      return read_slot_nolock(id, now);
    });
  }

  std::optional<slot> find_slot(std::int64_t id, std::int64_t now) override {
    return c_.locked("find_slot", [&] { return read_slot_nolock(id, now); });
  }

  std::vector<slot> booth_slots(std::int64_t booth_id, std::int64_t from, std::int64_t now,
                                bool include_withdrawn) override {
    return c_.locked("booth_slots", [&] {
      auto q = c_.prepare(SLOT_SELECT
                          "WHERE s.booth_id = ?2 AND s.starts_at + s.length_min * 60 > ?3 "
                          "AND (?4 OR s.status = 'open') ORDER BY s.starts_at, s.id LIMIT 2000");
      q->bind(1, now);
      q->bind(2, booth_id);
      q->bind(3, from);
      q->bind(4, include_withdrawn ? 1 : 0);
      std::vector<slot> out;
      while (q->executeStep()) out.push_back(read_slot(*q));
      return out;
    });
  }

  std::optional<std::vector<std::int64_t>> withdraw_slot(std::int64_t slot_id, std::int64_t now) override {
    return c_.locked("withdraw_slot", [&]() -> std::optional<std::vector<std::int64_t>> {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      {
        auto q = c_.prepare("SELECT status, starts_at FROM slots WHERE id = ?");
        q->bind(1, slot_id);
        if (!q->executeStep()) return std::nullopt;
        if (q->getColumn(0).getString() != "open" || q->getColumn(1).getInt64() <= now) return std::nullopt;
      }
      std::vector<std::int64_t> users;
      {
        auto q = c_.prepare("SELECT user_id FROM slot_bookings WHERE slot_id = ? AND status = 'booked' ORDER BY id");
        q->bind(1, slot_id);
        while (q->executeStep()) users.push_back(q->getColumn(0).getInt64());
      }
      auto b = c_.prepare(
          "UPDATE slot_bookings SET status = 'withdrawn', cancelled_at = ? WHERE slot_id = ? AND status = 'booked'");
      b->bind(1, now);
      b->bind(2, slot_id);
      b->exec();
      auto o = c_.prepare("UPDATE slot_offers SET status = 'cancelled' WHERE slot_id = ? AND status = 'pending'");
      o->bind(1, slot_id);
      o->exec();
      auto s = c_.prepare("UPDATE slots SET status = 'withdrawn', withdrawn_at = ? WHERE id = ?");
      s->bind(1, now);
      s->bind(2, slot_id);
      s->exec();
      tx.commit();
      return users;
    });
  }

  bool set_room(std::int64_t slot_id, std::int64_t room_id) override {
    return c_.locked("slot_set_room", [&] {
      auto u = c_.prepare("UPDATE slots SET room_id = ? WHERE id = ? AND room_id IS NULL");
      u->bind(1, room_id);
      u->bind(2, slot_id);
      return u->exec() == 1;
    });
  }

  // ---- bookings ----

  book_outcome book(std::int64_t slot_id, std::int64_t user_id, std::int64_t now, std::int64_t first_at,
                    std::int64_t second_at) override {
    return c_.locked("book_slot", [&] {
      book_outcome out;
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      std::int64_t booth_id = 0, capacity = 0;
      {
        auto q = c_.prepare("SELECT status, starts_at, capacity, booth_id FROM slots WHERE id = ?");
        q->bind(1, slot_id);
        if (!q->executeStep() || q->getColumn(0).getString() != "open") {
          out.result = book_result::not_open;
          return out;
        }
        if (q->getColumn(1).getInt64() <= now) {
          out.result = book_result::started;
          return out;
        }
        capacity = q->getColumn(2).getInt64();
        booth_id = q->getColumn(3).getInt64();
      }
      {
        auto q = c_.prepare("SELECT 1 FROM slot_bookings WHERE slot_id = ? AND user_id = ? AND status = 'booked'");
        q->bind(1, slot_id);
        q->bind(2, user_id);
        if (q->executeStep()) {
          out.result = book_result::already_booked;
          return out;
        }
      }
      std::int64_t taken = 0;
      {
        auto q = c_.prepare(
            "SELECT (SELECT count(*) FROM slot_bookings WHERE slot_id = ?1 AND status = 'booked') + "
            "(SELECT count(*) FROM slot_offers WHERE slot_id = ?1 AND status = 'pending' AND expires_at > ?2 "
            " AND user_id <> ?3), "
            "EXISTS (SELECT 1 FROM slot_offers WHERE slot_id = ?1 AND user_id = ?3 AND status = 'pending' "
            " AND expires_at > ?2)");
        q->bind(1, slot_id);
        q->bind(2, now);
        q->bind(3, user_id);
        q->executeStep();
        taken = q->getColumn(0).getInt64();
        out.accepted_offer = q->getColumn(1).getInt() != 0;
      }
      if (taken >= capacity) {
        out.result = book_result::full;
        out.accepted_offer = false;
        return out;
      }
      auto ins = c_.prepare(
          "INSERT INTO slot_bookings (slot_id, user_id, booked_at, first_reminder, second_reminder) VALUES (?, ?, ?, ?, ?)");
      ins->bind(1, slot_id);
      ins->bind(2, user_id);
      ins->bind(3, now);
      ins->bind(4, now >= first_at ? "skipped" : "pending");
      ins->bind(5, now >= second_at ? "skipped" : "pending");
      ins->exec();
      auto id = c_.db().getLastInsertRowid();
      if (out.accepted_offer) {
        auto o = c_.prepare("UPDATE slot_offers SET status = 'accepted' WHERE slot_id = ? AND user_id = ?");
        o->bind(1, slot_id);
        o->bind(2, user_id);
        o->exec();
        auto w = c_.prepare("DELETE FROM slot_waitlist WHERE booth_id = ? AND user_id = ?");
        w->bind(1, booth_id);
        w->bind(2, user_id);
        w->exec();
      }
      tx.commit();
      out.result = book_result::booked;
      out.booking = read_booking_nolock(id);
      return out;
    });
  }

  bool cancel_booking(std::int64_t booking_id, std::int64_t user_id, std::int64_t now) override {
    return c_.locked("cancel_booking", [&] {
      auto u = c_.prepare(
          "UPDATE slot_bookings SET status = 'cancelled', cancelled_at = ? "
          "WHERE id = ? AND user_id = ? AND status = 'booked' AND no_show = 0");
      u->bind(1, now);
      u->bind(2, booking_id);
      u->bind(3, user_id);
      return u->exec() == 1;
    });
  }

  std::optional<slot_booking> find_booking(std::int64_t id) override {
    return c_.locked("find_booking", [&] { return read_booking_nolock(id); });
  }

  std::vector<slot_booking> slot_bookings(std::int64_t slot_id) override {
    return c_.locked("slot_bookings", [&] {
      auto q = c_.prepare(BOOKING_SELECT "WHERE k.slot_id = ? ORDER BY k.booked_at, k.id");
      q->bind(1, slot_id);
      std::vector<slot_booking> out;
      while (q->executeStep()) out.push_back(read_booking(*q));
      return out;
    });
  }

  std::vector<slot_booking> booth_bookings(std::int64_t booth_id, std::int64_t from) override {
    return c_.locked("booth_bookings", [&] {
      auto q = c_.prepare(BOOKING_SELECT
                          "WHERE s.booth_id = ? AND s.starts_at + s.length_min * 60 > ? AND k.status = 'booked' "
                          "ORDER BY s.starts_at, k.booked_at, k.id LIMIT 20000");
      q->bind(1, booth_id);
      q->bind(2, from);
      std::vector<slot_booking> out;
      while (q->executeStep()) out.push_back(read_booking(*q));
      return out;
    });
  }

  std::vector<slot_booking> user_bookings(std::int64_t user_id, std::int64_t from) override {
    return c_.locked("user_bookings", [&] {
      auto q = c_.prepare(BOOKING_SELECT
                          "WHERE k.user_id = ? AND s.starts_at + s.length_min * 60 > ? "
                          "ORDER BY s.starts_at, k.id LIMIT 1000");
      q->bind(1, user_id);
      q->bind(2, from);
      std::vector<slot_booking> out;
      while (q->executeStep()) out.push_back(read_booking(*q));
      return out;
    });
  }

  bool set_no_show(std::int64_t booking_id, bool no_show, std::int64_t by, std::int64_t now) override {
    return c_.locked("set_no_show", [&] {
      auto u = c_.prepare(
          "UPDATE slot_bookings SET no_show = ?, no_show_at = ?, no_show_by = ? WHERE id = ? AND status = 'booked'");
      u->bind(1, no_show ? 1 : 0);
      if (no_show) {
        u->bind(2, now);
        u->bind(3, by);
      } else {
        u->bind(2);
        u->bind(3);
      }
      u->bind(4, booking_id);
      return u->exec() == 1;
    });
  }

  std::vector<slot> staff_booked_slots(std::int64_t user_id, std::int64_t from, std::int64_t now) override {
    return c_.locked("staff_booked_slots", [&] {
      auto q = c_.prepare(SLOT_SELECT
                          "JOIN booth_members m ON m.booth_id = s.booth_id AND m.user_id = ?2 "
                          "WHERE s.status = 'open' AND s.starts_at + s.length_min * 60 > ?3 "
                          "AND EXISTS (SELECT 1 FROM slot_bookings k WHERE k.slot_id = s.id AND k.status = 'booked') "
                          "ORDER BY s.starts_at, s.id LIMIT 1000");
      q->bind(1, now);
      q->bind(2, user_id);
      q->bind(3, from);
      std::vector<slot> out;
      while (q->executeStep()) out.push_back(read_slot(*q));
      return out;
    });
  }

  // ---- waitlist and offers ----

  waitlist_result join_waitlist(std::int64_t booth_id, std::int64_t user_id, std::int64_t now,
                                std::int64_t max_length) override {
    return c_.locked("join_waitlist", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      {
        auto q = c_.prepare("SELECT 1 FROM slot_waitlist WHERE booth_id = ? AND user_id = ?");
        q->bind(1, booth_id);
        q->bind(2, user_id);
        if (q->executeStep()) return waitlist_result::already;
      }
      std::int64_t n = 0, next = 1;
      {
        auto q = c_.prepare("SELECT count(*), coalesce(max(seq), 0) + 1 FROM slot_waitlist WHERE booth_id = ?");
        q->bind(1, booth_id);
        q->executeStep();
        n = q->getColumn(0).getInt64();
        next = q->getColumn(1).getInt64();
      }
      if (n >= max_length) return waitlist_result::full;
      auto ins = c_.prepare("INSERT INTO slot_waitlist (booth_id, user_id, joined_at, seq) VALUES (?, ?, ?, ?)");
      ins->bind(1, booth_id);
      ins->bind(2, user_id);
      ins->bind(3, now);
      ins->bind(4, next);
      ins->exec();
      tx.commit();
      return waitlist_result::joined;
    });
  }

  bool leave_waitlist(std::int64_t booth_id, std::int64_t user_id) override {
    return c_.locked("leave_waitlist", [&] {
      auto d = c_.prepare("DELETE FROM slot_waitlist WHERE booth_id = ? AND user_id = ?");
      d->bind(1, booth_id);
      d->bind(2, user_id);
      return d->exec() == 1;
    });
  }

  std::optional<std::int64_t> waitlist_position(std::int64_t booth_id, std::int64_t user_id) override {
    return c_.locked("waitlist_position", [&]() -> std::optional<std::int64_t> {
      auto q = c_.prepare(
          "SELECT (SELECT count(*) FROM slot_waitlist x WHERE x.booth_id = w.booth_id AND x.seq <= w.seq) "
          "FROM slot_waitlist w WHERE w.booth_id = ? AND w.user_id = ?");
      q->bind(1, booth_id);
      q->bind(2, user_id);
      if (!q->executeStep()) return std::nullopt;
      return q->getColumn(0).getInt64();
    });
  }

  std::int64_t waitlist_length(std::int64_t booth_id) override {
    return c_.locked("waitlist_length", [&] {
      auto q = c_.prepare("SELECT count(*) FROM slot_waitlist WHERE booth_id = ?");
      q->bind(1, booth_id);
      q->executeStep();
      return q->getColumn(0).getInt64();
    });
  }

  std::vector<std::pair<std::int64_t, std::int64_t>> user_waitlists(std::int64_t user_id) override {
    return c_.locked("user_waitlists", [&] {
      auto q = c_.prepare(
          "SELECT w.booth_id, (SELECT count(*) FROM slot_waitlist x WHERE x.booth_id = w.booth_id AND x.seq <= w.seq) "
          "FROM slot_waitlist w WHERE w.user_id = ? ORDER BY w.joined_at, w.booth_id LIMIT 500");
      q->bind(1, user_id);
      std::vector<std::pair<std::int64_t, std::int64_t>> out;
      while (q->executeStep()) out.emplace_back(q->getColumn(0).getInt64(), q->getColumn(1).getInt64());
      return out;
    });
  }

  std::vector<slot_offer> offer_free_places(std::int64_t slot_id, std::int64_t now, std::int64_t hold_s) override {
    return c_.locked("offer_free_places", [&] {
      std::vector<slot_offer> out;
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      std::int64_t booth_id = 0, starts_at = 0, free = 0;
      {
        auto q = c_.prepare(
            "SELECT s.booth_id, s.starts_at, s.capacity "
            " - (SELECT count(*) FROM slot_bookings k WHERE k.slot_id = s.id AND k.status = 'booked') "
            " - (SELECT count(*) FROM slot_offers o WHERE o.slot_id = s.id AND o.status = 'pending' AND o.expires_at > ?2) "
            "FROM slots s WHERE s.id = ?1 AND s.status = 'open' AND s.starts_at > ?2");
        q->bind(1, slot_id);
        q->bind(2, now);
        if (!q->executeStep()) return out;
        booth_id = q->getColumn(0).getInt64();
        starts_at = q->getColumn(1).getInt64();
        free = q->getColumn(2).getInt64();
      }
      auto next = c_.prepare(
          "SELECT w.user_id FROM slot_waitlist w WHERE w.booth_id = ?1 "
          "AND NOT EXISTS (SELECT 1 FROM slot_offers o WHERE o.slot_id = ?2 AND o.user_id = w.user_id) "
          "AND NOT EXISTS (SELECT 1 FROM slot_bookings k WHERE k.slot_id = ?2 AND k.user_id = w.user_id "
          "                AND k.status = 'booked') "
          "ORDER BY w.seq LIMIT 1");
      auto ins = c_.prepare(
          "INSERT INTO slot_offers (slot_id, user_id, offered_at, expires_at) VALUES (?, ?, ?, ?)");
      while (free > 0) {
        next->reset();
        next->bind(1, booth_id);
        next->bind(2, slot_id);
        if (!next->executeStep()) break;
        slot_offer o{slot_id, next->getColumn(0).getInt64(), now, std::min(now + hold_s, starts_at)};
        next->reset();
        ins->reset();
        ins->bind(1, o.slot_id);
        ins->bind(2, o.user_id);
        ins->bind(3, o.offered_at);
        ins->bind(4, o.expires_at);
        ins->exec();
        out.push_back(o);
        --free;
      }
      tx.commit();
      return out;
    });
  }

  std::vector<std::int64_t> expire_offers(std::int64_t now) override {
    return c_.locked("expire_offers", [&] {
      std::vector<std::int64_t> slots;
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      {
        auto q = c_.prepare(
            "SELECT DISTINCT slot_id FROM slot_offers WHERE status = 'pending' AND expires_at <= ? ORDER BY slot_id");
        q->bind(1, now);
        while (q->executeStep()) slots.push_back(q->getColumn(0).getInt64());
      }
      if (slots.empty()) return slots;  // nothing to write: the transaction rolls back
      auto u = c_.prepare("UPDATE slot_offers SET status = 'expired' WHERE status = 'pending' AND expires_at <= ?");
      u->bind(1, now);
      u->exec();
      tx.commit();
      return slots;
    });
  }

  std::vector<slot_offer> user_offers(std::int64_t user_id, std::int64_t now) override {
    return c_.locked("user_offers", [&] {
      auto q = c_.prepare(
          "SELECT slot_id, user_id, offered_at, expires_at FROM slot_offers "
          "WHERE user_id = ? AND status = 'pending' AND expires_at > ? ORDER BY expires_at LIMIT 100");
      q->bind(1, user_id);
      q->bind(2, now);
      std::vector<slot_offer> out;
      while (q->executeStep())
        out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getInt64(), q->getColumn(2).getInt64(),
                       q->getColumn(3).getInt64()});
      return out;
    });
  }

  // ---- reminders ----

  std::vector<slot_reminder> claim_reminders(std::int64_t now, std::int64_t first_min,
                                             std::int64_t second_min) override {
    return c_.locked("claim_reminders", [&] {
      std::vector<slot_reminder> out;
      const std::int64_t lead = std::max(first_min, second_min) * 60;
      // A reminder is timely until the next thing the person hears about: the first until the
      // second's time, the second until the start.
      auto first_deadline = [&](std::int64_t starts_at) {
        return second_min < first_min ? starts_at - second_min * 60 : starts_at;
      };
      auto second_deadline = [&](std::int64_t starts_at) {
        return first_min < second_min ? starts_at - first_min * 60 : starts_at;
      };
      struct row {
        std::int64_t id, slot_id, booth_id, starts_at;
        std::string first, second;
        std::int64_t booked;
      };
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      bool wrote = false;
      // Jobseekers: live bookings of open slots starting within the lead (a day back at most:
      // older ones are past any reminder and are left alone).
      std::vector<row> bookings;
      {
        auto q = c_.prepare(
            "SELECT k.id, s.id, s.booth_id, s.starts_at, k.first_reminder, k.second_reminder "
            "FROM slots s JOIN slot_bookings k ON k.slot_id = s.id AND k.status = 'booked' "
            "  AND (k.first_reminder = 'pending' OR k.second_reminder = 'pending') "
            "WHERE s.status = 'open' AND s.starts_at <= ? AND s.starts_at > ? ORDER BY s.starts_at, k.id");
        q->bind(1, now + lead);
        q->bind(2, now - 86400);
        while (q->executeStep())
          bookings.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getInt64(), q->getColumn(2).getInt64(),
                              q->getColumn(3).getInt64(), q->getColumn(4).getString(), q->getColumn(5).getString(), 1});
      }
      auto upd_booking = c_.prepare("UPDATE slot_bookings SET first_reminder = ?, second_reminder = ? WHERE id = ?");
      auto user_of = c_.prepare("SELECT user_id FROM slot_bookings WHERE id = ?");
      for (auto& r : bookings) {
        std::string first = r.first, second = r.second;
        std::vector<std::int64_t> minutes;
        if (first == "pending" && now >= r.starts_at - first_min * 60) {
          first = now < first_deadline(r.starts_at) ? "sent" : "skipped";
          if (first == "sent") minutes.push_back(first_min);
        }
        if (second == "pending" && now >= r.starts_at - second_min * 60) {
          second = now < second_deadline(r.starts_at) ? "sent" : "skipped";
          if (second == "sent") minutes.push_back(second_min);
        }
        if (first == r.first && second == r.second) continue;
        upd_booking->reset();
        upd_booking->bind(1, first);
        upd_booking->bind(2, second);
        upd_booking->bind(3, r.id);
        upd_booking->exec();
        wrote = true;
        if (minutes.empty()) continue;
        user_of->reset();
        user_of->bind(1, r.id);
        user_of->executeStep();
        std::int64_t uid = user_of->getColumn(0).getInt64();
        user_of->reset();
        for (auto m : minutes) out.push_back({r.slot_id, r.booth_id, r.id, {uid}, m});
      }
      // Staff: per slot, only when someone is booked.
      std::vector<row> slots;
      {
        auto q = c_.prepare(
            "SELECT s.id, s.id, s.booth_id, s.starts_at, s.staff_first, s.staff_second, "
            "(SELECT count(*) FROM slot_bookings k WHERE k.slot_id = s.id AND k.status = 'booked') "
            "FROM slots s WHERE s.status = 'open' AND s.staff_second = 'pending' AND s.starts_at <= ? "
            "AND s.starts_at > ? ORDER BY s.starts_at, s.id");
        q->bind(1, now + lead);
        q->bind(2, now - 86400);
        while (q->executeStep())
          slots.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getInt64(), q->getColumn(2).getInt64(),
                           q->getColumn(3).getInt64(), q->getColumn(4).getString(), q->getColumn(5).getString(),
                           q->getColumn(6).getInt64()});
      }
      auto upd_slot = c_.prepare("UPDATE slots SET staff_first = ?, staff_second = ? WHERE id = ?");
      auto staff = c_.prepare("SELECT user_id FROM booth_members WHERE booth_id = ? ORDER BY user_id");
      for (auto& r : slots) {
        std::string first = r.first, second = r.second;
        std::vector<std::int64_t> minutes;
        if (first == "pending" && now >= r.starts_at - first_min * 60) {
          first = r.booked > 0 && now < first_deadline(r.starts_at) ? "sent" : "skipped";
          if (first == "sent") minutes.push_back(first_min);
        }
        if (second == "pending" && now >= r.starts_at - second_min * 60) {
          second = r.booked > 0 && now < second_deadline(r.starts_at) ? "sent" : "skipped";
          if (second == "sent") minutes.push_back(second_min);
        }
        if (first == r.first && second == r.second) continue;
        upd_slot->reset();
        upd_slot->bind(1, first);
        upd_slot->bind(2, second);
        upd_slot->bind(3, r.id);
        upd_slot->exec();
        wrote = true;
        if (minutes.empty()) continue;
        std::vector<std::int64_t> members;
        staff->reset();
        staff->bind(1, r.booth_id);
        while (staff->executeStep()) members.push_back(staff->getColumn(0).getInt64());
        staff->reset();
        for (auto m : minutes) out.push_back({r.slot_id, r.booth_id, std::nullopt, members, m});
      }
      if (wrote) tx.commit();
      return out;
    });
  }

  // ---- calendar feed ----

  void set_feed_token(std::int64_t user_id, const std::string& token_hash, std::int64_t now) override {
    c_.locked("set_feed_token", [&] {
      auto u = c_.prepare(
          "INSERT INTO slot_feed_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?) "
          "ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at");
      u->bind(1, user_id);
      u->bind(2, token_hash);
      u->bind(3, now);
      u->exec();
    });
  }

  std::optional<std::int64_t> feed_user(const std::string& token_hash) override {
    return c_.locked("feed_user", [&]() -> std::optional<std::int64_t> {
      auto q = c_.prepare("SELECT user_id FROM slot_feed_tokens WHERE token_hash = ?");
      q->bind(1, token_hash);
      if (!q->executeStep()) return std::nullopt;
      return q->getColumn(0).getInt64();
    });
  }

  std::optional<std::int64_t> feed_created_at(std::int64_t user_id) override {
    return c_.locked("feed_created_at", [&]() -> std::optional<std::int64_t> {
      auto q = c_.prepare("SELECT created_at FROM slot_feed_tokens WHERE user_id = ?");
      q->bind(1, user_id);
      if (!q->executeStep()) return std::nullopt;
      return q->getColumn(0).getInt64();
    });
  }

  // ---- data export ----

  std::vector<booking_record> bookings_of(std::int64_t user_id, int limit) override {
    return c_.locked("bookings_of", [&] {
      auto q = c_.prepare(
          "SELECT k.id, k.slot_id, s.booth_id, b.name, s.job_id, coalesce(j.title, ''), s.starts_at, s.length_min, "
          "s.status, k.status, k.booked_at, k.cancelled_at, k.no_show, k.no_show_at FROM slot_bookings k "
          "JOIN slots s ON s.id = k.slot_id JOIN booths b ON b.id = s.booth_id LEFT JOIN jobs j ON j.id = s.job_id "
          "WHERE k.user_id = ? ORDER BY k.id LIMIT ?");
      q->bind(1, user_id);
      q->bind(2, limit);
      std::vector<booking_record> out;
      while (q->executeStep()) {
        booking_record r;
        r.id = q->getColumn(0).getInt64();
        r.slot_id = q->getColumn(1).getInt64();
        r.booth_id = q->getColumn(2).getInt64();
        r.booth_name = q->getColumn(3).getString();
        r.job_id = opt_int(q->getColumn(4));
        r.job_title = q->getColumn(5).getString();
        r.starts_at = q->getColumn(6).getInt64();
        r.length_min = q->getColumn(7).getInt64();
        r.slot_status = q->getColumn(8).getString();
        r.status = q->getColumn(9).getString();
        r.booked_at = q->getColumn(10).getInt64();
        r.cancelled_at = opt_int(q->getColumn(11));
        r.no_show = q->getColumn(12).getInt() != 0;
        r.no_show_at = opt_int(q->getColumn(13));
        out.push_back(std::move(r));
      }
      return out;
    });
  }

  std::vector<waitlist_record> waitlists_of(std::int64_t user_id, int limit) override {
    return c_.locked("waitlists_of", [&] {
      auto q = c_.prepare(
          "SELECT w.booth_id, b.name, w.joined_at, "
          "(SELECT count(*) FROM slot_waitlist x WHERE x.booth_id = w.booth_id AND x.seq <= w.seq) "
          "FROM slot_waitlist w JOIN booths b ON b.id = w.booth_id WHERE w.user_id = ? "
          "ORDER BY w.joined_at, w.booth_id LIMIT ?");
      q->bind(1, user_id);
      q->bind(2, limit);
      std::vector<waitlist_record> out;
      while (q->executeStep())
        out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getString(), q->getColumn(2).getInt64(),
                       q->getColumn(3).getInt64()});
      return out;
    });
  }

private:
  // Callers hold the connection's mutex.
  std::optional<slot> read_slot_nolock(std::int64_t id, std::int64_t now) {
    auto q = c_.prepare(SLOT_SELECT "WHERE s.id = ?2");
    q->bind(1, now);
    q->bind(2, id);
    if (!q->executeStep()) return std::nullopt;
    return read_slot(*q);
  }

  std::optional<slot_booking> read_booking_nolock(std::int64_t id) {
    auto q = c_.prepare(BOOKING_SELECT "WHERE k.id = ?");
    q->bind(1, id);
    if (!q->executeStep()) return std::nullopt;
    return read_booking(*q);
  }

  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<slots_store> make_sqlite_slots(sqlite_conn& c) { return std::make_unique<sqlite_slots>(c); }

}  // namespace fuar::store

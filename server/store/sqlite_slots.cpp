// SQLite implementation of fuar::store::slots_store over the shared connection.
//
// Reads that a write depends on run inside the write's IMMEDIATE transaction: SQLite takes the
// database's write lock at BEGIN, so two nodes (or two pool threads, although the connection's
// mutex already serialises those) booking the last place of a slot cannot both see it free.
#include "server/store/sqlite_rows.hpp"

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

slot read_slot(row& r) {
  slot s;
  r >> s.id >> s.booth_id >> s.fair_id >> s.job_id >> s.job_title >> s.starts_at >> s.length_min >> s.capacity >>
      s.status >> s.booked >> s.held >> s.room_id >> s.created_at;
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

slot_booking read_booking(row& r) {
  slot_booking b;
  r >> b.id >> b.slot_id >> b.user_id >> b.user_name >> b.status >> b.booked_at >> b.cancelled_at >> b.no_show >>
      b.application_id;
  return b;
}

// The reminder state a booking or a slot is in: first and second, each pending | sent | skipped.
const char* reminder_state(bool past) { return past ? "skipped" : "pending"; }

class sqlite_slots final : public slots_store {
public:
  explicit sqlite_slots(sqlite_conn& c) : c_(c) {}

  // ---- slots ----

  std::optional<slot> create_slot(const new_slot& ns, std::int64_t now, std::int64_t max_per_booth,
                                  std::int64_t first_at, std::int64_t second_at) override {
    return c_.locked("create_slot", [&]() -> std::optional<slot> {
      auto tx = c_.write_transaction();
      if (c_.query("SELECT count(*) FROM slots WHERE booth_id = ? AND status = 'open' AND starts_at + length_min * 60 > ?",
                   ns.booth_id, now)
              .value<std::int64_t>()
              .value_or(0) >= max_per_booth)
        return std::nullopt;
      auto id = c_.insert("INSERT INTO slots (booth_id, job_id, starts_at, length_min, capacity, created_by, created_at, "
                          "staff_first, staff_second) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          ns.booth_id, ns.job_id, ns.starts_at, ns.length_min, ns.capacity,
                          ns.created_by ? std::optional(ns.created_by) : std::nullopt, ns.created_at,
                          reminder_state(now >= first_at), reminder_state(now >= second_at));
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
      return c_
          .query(SLOT_SELECT "WHERE s.booth_id = ?2 AND s.starts_at + s.length_min * 60 > ?3 "
                             "AND (?4 OR s.status = 'open') ORDER BY s.starts_at, s.id LIMIT 2000",
                 now, booth_id, from, include_withdrawn)
          .all(read_slot);
    });
  }

  std::optional<std::vector<std::int64_t>> withdraw_slot(std::int64_t slot_id, std::int64_t now) override {
    return c_.locked("withdraw_slot", [&]() -> std::optional<std::vector<std::int64_t>> {
      auto tx = c_.write_transaction();
      if (!c_.query("SELECT 1 FROM slots WHERE id = ? AND status = 'open' AND starts_at > ?", slot_id, now).exists())
        return std::nullopt;
      auto users = c_.query("SELECT user_id FROM slot_bookings WHERE slot_id = ? AND status = 'booked' ORDER BY id", slot_id)
                       .all([](row& r) { return r.get<std::int64_t>(); });
      c_.exec("UPDATE slot_bookings SET status = 'withdrawn', cancelled_at = ? WHERE slot_id = ? AND status = 'booked'",
              now, slot_id);
      c_.exec("UPDATE slot_offers SET status = 'cancelled' WHERE slot_id = ? AND status = 'pending'", slot_id);
      c_.exec("UPDATE slots SET status = 'withdrawn', withdrawn_at = ? WHERE id = ?", now, slot_id);
      tx.commit();
      return users;
    });
  }

  bool set_room(std::int64_t slot_id, std::int64_t room_id) override {
    return c_.locked("slot_set_room", [&] {
      return c_.exec("UPDATE slots SET room_id = ? WHERE id = ? AND room_id IS NULL", room_id, slot_id) == 1;
    });
  }

  // ---- bookings ----

  book_outcome book(std::int64_t slot_id, std::int64_t user_id, std::int64_t now, std::int64_t first_at,
                    std::int64_t second_at) override {
    return c_.locked("book_slot", [&] {
      book_outcome out;
      auto tx = c_.write_transaction();
      struct open_slot {
        std::string status;
        std::int64_t starts_at = 0, capacity = 0, booth_id = 0;
      };
      auto sl = c_.query("SELECT status, starts_at, capacity, booth_id FROM slots WHERE id = ?", slot_id).first([](row& r) {
        open_slot x;
        r >> x.status >> x.starts_at >> x.capacity >> x.booth_id;
        return x;
      });
      if (!sl || sl->status != "open") {
        out.result = book_result::not_open;
        return out;
      }
      if (sl->starts_at <= now) {
        out.result = book_result::started;
        return out;
      }
      if (c_.query("SELECT 1 FROM slot_bookings WHERE slot_id = ? AND user_id = ? AND status = 'booked'", slot_id, user_id)
              .exists()) {
        out.result = book_result::already_booked;
        return out;
      }
      std::int64_t taken = 0;
      for (row r : c_.query("SELECT (SELECT count(*) FROM slot_bookings WHERE slot_id = ?1 AND status = 'booked') + "
                            "(SELECT count(*) FROM slot_offers WHERE slot_id = ?1 AND status = 'pending' AND expires_at > ?2 "
                            " AND user_id <> ?3), "
                            "EXISTS (SELECT 1 FROM slot_offers WHERE slot_id = ?1 AND user_id = ?3 AND status = 'pending' "
                            " AND expires_at > ?2)",
                            slot_id, now, user_id))
        r >> taken >> out.accepted_offer;
      if (taken >= sl->capacity) {
        out.result = book_result::full;
        out.accepted_offer = false;
        return out;
      }
      auto id = c_.insert("INSERT INTO slot_bookings (slot_id, user_id, booked_at, first_reminder, second_reminder) "
                          "VALUES (?, ?, ?, ?, ?)",
                          slot_id, user_id, now, reminder_state(now >= first_at), reminder_state(now >= second_at));
      if (out.accepted_offer) {
        c_.exec("UPDATE slot_offers SET status = 'accepted' WHERE slot_id = ? AND user_id = ?", slot_id, user_id);
        c_.exec("DELETE FROM slot_waitlist WHERE booth_id = ? AND user_id = ?", sl->booth_id, user_id);
      }
      tx.commit();
      out.result = book_result::booked;
      out.booking = read_booking_nolock(id);
      return out;
    });
  }

  bool cancel_booking(std::int64_t booking_id, std::int64_t user_id, std::int64_t now) override {
    return c_.locked("cancel_booking", [&] {
      return c_.exec("UPDATE slot_bookings SET status = 'cancelled', cancelled_at = ? "
                     "WHERE id = ? AND user_id = ? AND status = 'booked' AND no_show = 0",
                     now, booking_id, user_id) == 1;
    });
  }

  std::optional<slot_booking> find_booking(std::int64_t id) override {
    return c_.locked("find_booking", [&] { return read_booking_nolock(id); });
  }

  std::vector<slot_booking> slot_bookings(std::int64_t slot_id) override {
    return c_.locked("slot_bookings", [&] {
      return c_.query(BOOKING_SELECT "WHERE k.slot_id = ? ORDER BY k.booked_at, k.id", slot_id).all(read_booking);
    });
  }

  std::vector<slot_booking> booth_bookings(std::int64_t booth_id, std::int64_t from) override {
    return c_.locked("booth_bookings", [&] {
      return c_
          .query(BOOKING_SELECT "WHERE s.booth_id = ? AND s.starts_at + s.length_min * 60 > ? AND k.status = 'booked' "
                                "ORDER BY s.starts_at, k.booked_at, k.id LIMIT 20000",
                 booth_id, from)
          .all(read_booking);
    });
  }

  std::vector<slot_booking> user_bookings(std::int64_t user_id, std::int64_t from) override {
    return c_.locked("user_bookings", [&] {
      return c_
          .query(BOOKING_SELECT "WHERE k.user_id = ? AND s.starts_at + s.length_min * 60 > ? "
                                "ORDER BY s.starts_at, k.id LIMIT 1000",
                 user_id, from)
          .all(read_booking);
    });
  }

  bool set_no_show(std::int64_t booking_id, bool no_show, std::int64_t by, std::int64_t now) override {
    return c_.locked("set_no_show", [&] {
      return c_.exec("UPDATE slot_bookings SET no_show = ?, no_show_at = ?, no_show_by = ? WHERE id = ? AND status = 'booked'",
                     no_show, no_show ? std::optional(now) : std::nullopt, no_show ? std::optional(by) : std::nullopt,
                     booking_id) == 1;
    });
  }

  std::vector<slot> staff_booked_slots(std::int64_t user_id, std::int64_t from, std::int64_t now) override {
    return c_.locked("staff_booked_slots", [&] {
      return c_
          .query(SLOT_SELECT "JOIN booth_members m ON m.booth_id = s.booth_id AND m.user_id = ?2 "
                             "WHERE s.status = 'open' AND s.starts_at + s.length_min * 60 > ?3 "
                             "AND EXISTS (SELECT 1 FROM slot_bookings k WHERE k.slot_id = s.id AND k.status = 'booked') "
                             "ORDER BY s.starts_at, s.id LIMIT 1000",
                 now, user_id, from)
          .all(read_slot);
    });
  }

  // ---- waitlist and offers ----

  waitlist_result join_waitlist(std::int64_t booth_id, std::int64_t user_id, std::int64_t now,
                                std::int64_t max_length) override {
    return c_.locked("join_waitlist", [&] {
      auto tx = c_.write_transaction();
      if (c_.query("SELECT 1 FROM slot_waitlist WHERE booth_id = ? AND user_id = ?", booth_id, user_id).exists())
        return waitlist_result::already;
      std::int64_t n = 0, next = 1;
      for (row r : c_.query("SELECT count(*), coalesce(max(seq), 0) + 1 FROM slot_waitlist WHERE booth_id = ?", booth_id))
        r >> n >> next;
      if (n >= max_length) return waitlist_result::full;
      c_.exec("INSERT INTO slot_waitlist (booth_id, user_id, joined_at, seq) VALUES (?, ?, ?, ?)", booth_id, user_id, now,
              next);
      tx.commit();
      return waitlist_result::joined;
    });
  }

  bool leave_waitlist(std::int64_t booth_id, std::int64_t user_id) override {
    return c_.locked("leave_waitlist", [&] {
      return c_.exec("DELETE FROM slot_waitlist WHERE booth_id = ? AND user_id = ?", booth_id, user_id) == 1;
    });
  }

  std::optional<std::int64_t> waitlist_position(std::int64_t booth_id, std::int64_t user_id) override {
    return c_.locked("waitlist_position", [&] {
      return c_
          .query("SELECT (SELECT count(*) FROM slot_waitlist x WHERE x.booth_id = w.booth_id AND x.seq <= w.seq) "
                 "FROM slot_waitlist w WHERE w.booth_id = ? AND w.user_id = ?",
                 booth_id, user_id)
          .value<std::int64_t>();
    });
  }

  std::int64_t waitlist_length(std::int64_t booth_id) override {
    return c_.locked("waitlist_length", [&] {
      return c_.query("SELECT count(*) FROM slot_waitlist WHERE booth_id = ?", booth_id).value<std::int64_t>().value_or(0);
    });
  }

  std::vector<std::pair<std::int64_t, std::int64_t>> user_waitlists(std::int64_t user_id) override {
    return c_.locked("user_waitlists", [&] {
      return c_
          .query("SELECT w.booth_id, (SELECT count(*) FROM slot_waitlist x WHERE x.booth_id = w.booth_id "
                 "AND x.seq <= w.seq) FROM slot_waitlist w WHERE w.user_id = ? ORDER BY w.joined_at, w.booth_id LIMIT 500",
                 user_id)
          .all([](row& r) {
            std::pair<std::int64_t, std::int64_t> p;
            r >> p.first >> p.second;
            return p;
          });
    });
  }

  std::vector<slot_offer> offer_free_places(std::int64_t slot_id, std::int64_t now, std::int64_t hold_s) override {
    return c_.locked("offer_free_places", [&] {
      std::vector<slot_offer> out;
      auto tx = c_.write_transaction();
      std::int64_t booth_id = 0, starts_at = 0, free = 0;
      bool open = false;
      for (row r : c_.query("SELECT s.booth_id, s.starts_at, s.capacity "
                            " - (SELECT count(*) FROM slot_bookings k WHERE k.slot_id = s.id AND k.status = 'booked') "
                            " - (SELECT count(*) FROM slot_offers o WHERE o.slot_id = s.id AND o.status = 'pending' "
                            "    AND o.expires_at > ?2) "
                            "FROM slots s WHERE s.id = ?1 AND s.status = 'open' AND s.starts_at > ?2",
                            slot_id, now)) {
        r >> booth_id >> starts_at >> free;
        open = true;
      }
      if (!open) return out;
      while (free > 0) {
        auto next = c_.query("SELECT w.user_id FROM slot_waitlist w WHERE w.booth_id = ?1 "
                             "AND NOT EXISTS (SELECT 1 FROM slot_offers o WHERE o.slot_id = ?2 AND o.user_id = w.user_id) "
                             "AND NOT EXISTS (SELECT 1 FROM slot_bookings k WHERE k.slot_id = ?2 AND k.user_id = w.user_id "
                             "                AND k.status = 'booked') "
                             "ORDER BY w.seq LIMIT 1",
                             booth_id, slot_id)
                        .value<std::int64_t>();
        if (!next) break;
        slot_offer o{slot_id, *next, now, std::min(now + hold_s, starts_at)};
        c_.exec("INSERT INTO slot_offers (slot_id, user_id, offered_at, expires_at) VALUES (?, ?, ?, ?)", o.slot_id,
                o.user_id, o.offered_at, o.expires_at);
        out.push_back(o);
        --free;
      }
      tx.commit();
      return out;
    });
  }

  std::vector<std::int64_t> expire_offers(std::int64_t now) override {
    return c_.locked("expire_offers", [&] {
      auto tx = c_.write_transaction();
      auto slots = c_.query("SELECT DISTINCT slot_id FROM slot_offers WHERE status = 'pending' AND expires_at <= ? "
                            "ORDER BY slot_id",
                            now)
                       .all([](row& r) { return r.get<std::int64_t>(); });
      if (slots.empty()) return slots;  // nothing to write: the transaction rolls back
      c_.exec("UPDATE slot_offers SET status = 'expired' WHERE status = 'pending' AND expires_at <= ?", now);
      tx.commit();
      return slots;
    });
  }

  std::vector<slot_offer> user_offers(std::int64_t user_id, std::int64_t now) override {
    return c_.locked("user_offers", [&] {
      return c_
          .query("SELECT slot_id, user_id, offered_at, expires_at FROM slot_offers "
                 "WHERE user_id = ? AND status = 'pending' AND expires_at > ? ORDER BY expires_at LIMIT 100",
                 user_id, now)
          .all([](row& r) {
            slot_offer o;
            r >> o.slot_id >> o.user_id >> o.offered_at >> o.expires_at;
            return o;
          });
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
      struct due {
        std::int64_t id = 0, slot_id = 0, booth_id = 0, starts_at = 0;
        std::string first, second;
        std::int64_t booked = 1;
      };
      auto read_due = [](row& r) {
        due d;
        r >> d.id >> d.slot_id >> d.booth_id >> d.starts_at >> d.first >> d.second;
        return d;
      };
      auto tx = c_.write_transaction();
      bool wrote = false;
      // Jobseekers: live bookings of open slots starting within the lead (a day back at most:
      // older ones are past any reminder and are left alone).
      auto bookings = c_.query("SELECT k.id, s.id, s.booth_id, s.starts_at, k.first_reminder, k.second_reminder "
                               "FROM slots s JOIN slot_bookings k ON k.slot_id = s.id AND k.status = 'booked' "
                               "  AND (k.first_reminder = 'pending' OR k.second_reminder = 'pending') "
                               "WHERE s.status = 'open' AND s.starts_at <= ? AND s.starts_at > ? ORDER BY s.starts_at, k.id",
                               now + lead, now - 86400)
                          .all(read_due);
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
        c_.exec("UPDATE slot_bookings SET first_reminder = ?, second_reminder = ? WHERE id = ?", first, second, r.id);
        wrote = true;
        if (minutes.empty()) continue;
        auto uid = c_.query("SELECT user_id FROM slot_bookings WHERE id = ?", r.id).value<std::int64_t>().value_or(0);
        for (auto m : minutes) out.push_back({r.slot_id, r.booth_id, r.id, {uid}, m});
      }
      // Staff: per slot, only when someone is booked.
      auto slots = c_.query("SELECT s.id, s.id, s.booth_id, s.starts_at, s.staff_first, s.staff_second, "
                            "(SELECT count(*) FROM slot_bookings k WHERE k.slot_id = s.id AND k.status = 'booked') "
                            "FROM slots s WHERE s.status = 'open' AND s.staff_second = 'pending' AND s.starts_at <= ? "
                            "AND s.starts_at > ? ORDER BY s.starts_at, s.id",
                            now + lead, now - 86400)
                       .all([&](row& r) {
                         due d = read_due(r);
                         r >> d.booked;
                         return d;
                       });
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
        c_.exec("UPDATE slots SET staff_first = ?, staff_second = ? WHERE id = ?", first, second, r.id);
        wrote = true;
        if (minutes.empty()) continue;
        auto members = c_.query("SELECT user_id FROM booth_members WHERE booth_id = ? ORDER BY user_id", r.booth_id)
                           .all([](row& x) { return x.get<std::int64_t>(); });
        for (auto m : minutes) out.push_back({r.slot_id, r.booth_id, std::nullopt, members, m});
      }
      if (wrote) tx.commit();
      return out;
    });
  }

  // ---- calendar feed ----

  void set_feed_token(std::int64_t user_id, const std::string& token_hash, std::int64_t now) override {
    c_.locked("set_feed_token", [&] {
      c_.exec("INSERT INTO slot_feed_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?) "
              "ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
              user_id, token_hash, now);
    });
  }

  std::optional<std::int64_t> feed_user(const std::string& token_hash) override {
    return c_.locked("feed_user", [&] {
      return c_.query("SELECT user_id FROM slot_feed_tokens WHERE token_hash = ?", token_hash).value<std::int64_t>();
    });
  }

  std::optional<std::int64_t> feed_created_at(std::int64_t user_id) override {
    return c_.locked("feed_created_at", [&] {
      return c_.query("SELECT created_at FROM slot_feed_tokens WHERE user_id = ?", user_id).value<std::int64_t>();
    });
  }

  // ---- data export ----

  std::vector<booking_record> bookings_of(std::int64_t user_id, int limit) override {
    return c_.locked("bookings_of", [&] {
      return c_
          .query("SELECT k.id, k.slot_id, s.booth_id, b.name, s.job_id, j.title, s.starts_at, s.length_min, "
                 "s.status, k.status, k.booked_at, k.cancelled_at, k.no_show, k.no_show_at FROM slot_bookings k "
                 "JOIN slots s ON s.id = k.slot_id JOIN booths b ON b.id = s.booth_id LEFT JOIN jobs j ON j.id = s.job_id "
                 "WHERE k.user_id = ? ORDER BY k.id LIMIT ?",
                 user_id, limit)
          .all([](row& r) {
            booking_record x;
            r >> x.id >> x.slot_id >> x.booth_id >> x.booth_name >> x.job_id >> x.job_title >> x.starts_at >>
                x.length_min >> x.slot_status >> x.status >> x.booked_at >> x.cancelled_at >> x.no_show >> x.no_show_at;
            return x;
          });
    });
  }

  std::vector<waitlist_record> waitlists_of(std::int64_t user_id, int limit) override {
    return c_.locked("waitlists_of", [&] {
      return c_
          .query("SELECT w.booth_id, b.name, w.joined_at, "
                 "(SELECT count(*) FROM slot_waitlist x WHERE x.booth_id = w.booth_id AND x.seq <= w.seq) "
                 "FROM slot_waitlist w JOIN booths b ON b.id = w.booth_id WHERE w.user_id = ? "
                 "ORDER BY w.joined_at, w.booth_id LIMIT ?",
                 user_id, limit)
          .all([](row& r) {
            waitlist_record x;
            r >> x.booth_id >> x.booth_name >> x.joined_at >> x.position;
            return x;
          });
    });
  }

private:
  // Callers hold the connection's mutex.
  std::optional<slot> read_slot_nolock(std::int64_t id, std::int64_t now) {
    return c_.query(SLOT_SELECT "WHERE s.id = ?2", now, id).first(read_slot);
  }

  std::optional<slot_booking> read_booking_nolock(std::int64_t id) {
    return c_.query(BOOKING_SELECT "WHERE k.id = ?", id).first(read_booking);
  }

  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<slots_store> make_sqlite_slots(sqlite_conn& c) { return std::make_unique<sqlite_slots>(c); }

}  // namespace fuar::store

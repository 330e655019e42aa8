// SQLite implementation of fuar::store::figures_store over the shared connection: visit records
// (migration 012) and the organiser's report figures, read from the tables of the
// other capabilities (booth_members, chat_messages, chat_threads, thread_messages, rooms,
// room_members, queue_places, slots, slot_bookings, demographics, profiles).
#include "server/store/sqlite_rows.hpp"

namespace fuar::store {
namespace {

class sqlite_figures final : public figures_store {
public:
  explicit sqlite_figures(sqlite_conn& c) : c_(c) {}

  std::int64_t record_visits(const std::vector<visit_mark>& visits) override {
    if (visits.empty()) return 0;
    return c_.locked("record_visits", [&] {
      auto tx = c_.write_transaction();
      std::int64_t added = 0;
      for (const auto& v : visits) {
        // The joins skip a mark whose user, fair or booth was deleted since it was taken (a
        // foreign key failure would roll the whole batch back); OR IGNORE keeps a visit
        // already stored, with its earlier first_at.
        if (v.booth_id)
          added += c_.exec("INSERT OR IGNORE INTO visits (fair_id, booth_id, user_id, day, first_at) "
                           "SELECT b.fair_id, b.id, u.id, ?3, ?4 FROM booths b, users u WHERE b.id = ?1 AND u.id = ?2",
                           v.booth_id, v.user_id, v.day, v.at);
        else
          added += c_.exec("INSERT OR IGNORE INTO visits (fair_id, booth_id, user_id, day, first_at) "
                           "SELECT f.id, NULL, u.id, ?3, ?4 FROM fairs f, users u WHERE f.id = ?1 AND u.id = ?2",
                           v.fair_id, v.user_id, v.day, v.at);
      }
      tx.commit();
      return added;
    });
  }

  std::vector<visit_row> visits_of(std::int64_t user_id, int limit) override {
    return c_.locked("visits_of", [&] {
      return c_
          .query("SELECT v.fair_id, v.booth_id, b.name, v.day, v.first_at FROM visits v "
                 "LEFT JOIN booths b ON b.id = v.booth_id WHERE v.user_id = ? ORDER BY v.day, v.first_at, v.rowid LIMIT ?",
                 user_id, limit)
          .all([](row& r) {
            visit_row v;
            r >> v.fair_id >> v.booth_id >> v.booth_name >> v.day >> v.first_at;
            return v;
          });
    });
  }

  fair_figures figures(std::int64_t fair_id) override {
    return c_.locked("figures", [&] {
      // A read transaction: every figure below comes from the same snapshot.
      SQLite::Transaction tx(c_.db());
      fair_figures f;
      read_visits(fair_id, f.visits);
      read_booths(fair_id, f.booths);
      read_chats(fair_id, f.chats);
      read_interviews(fair_id, f.interviews);
      read_queues(fair_id, f.queues);
      read_slots(fair_id, f.slots);
      tx.commit();
      return f;
    });
  }

private:
  // The aggregates below return one row; a sum over no rows is NULL, which reads as 0.

  void read_visits(std::int64_t fair_id, report_visits& v) {
    // count(DISTINCT booth_id) skips the lobby's NULLs.
    for (row r : c_.query("SELECT count(DISTINCT user_id), sum(booth_id IS NULL), sum(booth_id IS NOT NULL), "
                          "count(DISTINCT booth_id) FROM visits WHERE fair_id = ?",
                          fair_id))
      r >> v.unique_visitors >> v.fair_visits >> v.booth_visits >> v.booths_visited;
    v.visitors_per_day =
        c_.query("SELECT day, count(DISTINCT user_id) FROM visits WHERE fair_id = ? GROUP BY day ORDER BY day", fair_id)
            .all([](row& r) {
              std::pair<std::string, std::int64_t> d;
              r >> d.first >> d.second;
              return d;
            });
  }

  void read_booths(std::int64_t fair_id, report_booths& b) {
    // A firm takes part when its booth has staff: the owner who accepted the invitation, or a
    // recruiter (booth_members). A booth whose every account was deleted no longer counts.
    for (row r : c_.query("SELECT count(*), sum(EXISTS (SELECT 1 FROM booth_members m WHERE m.booth_id = b.id)) "
                          "FROM booths b WHERE b.fair_id = ?",
                          fair_id))
      r >> b.booths >> b.participating_firms;
  }

  void read_chats(std::int64_t fair_id, report_chats& c) {
    c.public_messages =
        c_.query("SELECT count(*) FROM chat_messages c JOIN booths b ON b.id = c.booth_id WHERE b.fair_id = ?", fair_id)
            .value<std::int64_t>()
            .value_or(0);
    // A thread opened but never written in is not a chat.
    for (row r : c_.query("SELECT count(DISTINCT t.id), count(m.id) FROM chat_threads t JOIN booths b ON b.id = t.booth_id "
                          "JOIN thread_messages m ON m.thread_id = t.id WHERE b.fair_id = ?",
                          fair_id))
      r >> c.threads >> c.thread_messages;
  }

  void read_interviews(std::int64_t fair_id, report_interviews& i) {
    for (row r : c_.query("SELECT r.kind, r.source, r.started_at, r.ended_at FROM rooms r JOIN booths b ON b.id = r.booth_id "
                          "WHERE b.fair_id = ? AND EXISTS (SELECT 1 FROM room_members m WHERE m.room_id = r.id "
                          "AND m.role = 'candidate' AND m.joined_at IS NOT NULL)",
                          fair_id)) {
      ++i.held;
      auto kind = r.get<std::string>();
      auto source = r.get<std::string>();
      (kind == "group" ? i.group : i.one_to_one) += 1;
      if (source == "queue") ++i.from_queue;
      else if (source == "slot") ++i.from_slot;
      else ++i.direct;
      auto started = r.get<std::optional<std::int64_t>>();
      auto ended = r.get<std::optional<std::int64_t>>();
      if (started && ended && *ended >= *started) i.durations_s.push_back(*ended - *started);
    }
    // One row per distinct candidate who joined a room of the fair. The demographic values
    // exist only with their consent, so a NULL is "not consented".
    i.candidate_buckets =
        c_.query("SELECT d.gender, " AGE_GROUP_OF("d.birth_year", "f.starts_at") ", d.disability, p.education_level "
                 "FROM (SELECT DISTINCT m.user_id AS uid FROM room_members m JOIN rooms r ON r.id = m.room_id "
                 "      JOIN booths b ON b.id = r.booth_id "
                 "      WHERE b.fair_id = ?1 AND m.role = 'candidate' AND m.joined_at IS NOT NULL) c "
                 "JOIN fairs f ON f.id = ?1 "
                 "LEFT JOIN demographics d ON d.user_id = c.uid LEFT JOIN profiles p ON p.user_id = c.uid",
                 fair_id)
            .all(read_buckets);
    i.candidates = std::int64_t(i.candidate_buckets.size());
  }

  void read_queues(std::int64_t fair_id, report_queues& q) {
    for (row r : c_.query("SELECT count(*), count(p.called_at), sum(p.status = 'accepted'), sum(p.status = 'declined'), "
                          "sum(p.status = 'no_show') FROM queue_places p JOIN queues q ON q.id = p.queue_id "
                          "JOIN booths b ON b.id = q.booth_id WHERE b.fair_id = ?",
                          fair_id))
      r >> q.joined >> q.called >> q.accepted >> q.declined >> q.no_shows;
    for (row r : c_.query("SELECT p.called_at - p.joined_at FROM queue_places p JOIN queues q ON q.id = p.queue_id "
                          "JOIN booths b ON b.id = q.booth_id WHERE b.fair_id = ? AND p.called_at IS NOT NULL",
                          fair_id)) {
      auto w = r.get<std::int64_t>();
      q.waits_s.push_back(w < 0 ? 0 : w);  // clock steps backwards cannot make a negative wait
    }
  }

  void read_slots(std::int64_t fair_id, report_slots& sf) {
    for (row r : c_.query("SELECT count(*), sum(s.status = 'withdrawn') FROM slots s JOIN booths b ON b.id = s.booth_id "
                          "WHERE b.fair_id = ?",
                          fair_id))
      r >> sf.published >> sf.withdrawn;
    for (row r : c_.query("SELECT count(*), sum(k.status = 'cancelled'), sum(k.no_show) FROM slot_bookings k "
                          "JOIN slots s ON s.id = k.slot_id JOIN booths b ON b.id = s.booth_id WHERE b.fair_id = ?",
                          fair_id))
      r >> sf.booked >> sf.cancelled >> sf.no_shows;
  }

  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<figures_store> make_sqlite_figures(sqlite_conn& c) { return std::make_unique<sqlite_figures>(c); }

}  // namespace fuar::store

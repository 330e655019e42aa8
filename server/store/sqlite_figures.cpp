// SQLite implementation of fuar::store::figures_store over the shared connection: visit records
// (migrations/012_visits.sql) and the organiser's report figures, read from the tables of the
// other capabilities (booth_members, chat_messages, chat_threads, thread_messages, rooms,
// room_members, queue_places, slots, slot_bookings, demographics, profiles).
#include "server/store/sqlite_rows.hpp"

#include <SQLiteCpp/Transaction.h>

namespace fuar::store {
namespace {

std::int64_t int_or_zero(const SQLite::Column& c) { return c.isNull() ? 0 : c.getInt64(); }

class sqlite_figures final : public figures_store {
public:
  explicit sqlite_figures(sqlite_conn& c) : c_(c) {}

  std::int64_t record_visits(const std::vector<visit_mark>& visits) override {
    if (visits.empty()) return 0;
    return c_.locked("record_visits", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      std::int64_t added = 0;
      for (const auto& v : visits) {
        // The joins skip a mark whose user, fair or booth was deleted since it was taken (a
        // foreign key failure would roll the whole batch back); OR IGNORE keeps a visit
        // already stored, with its earlier first_at.
        auto s = v.booth_id ? c_.prepare(
                                  "INSERT OR IGNORE INTO visits (fair_id, booth_id, user_id, day, first_at) "
                                  "SELECT b.fair_id, b.id, u.id, ?3, ?4 FROM booths b, users u "
                                  "WHERE b.id = ?1 AND u.id = ?2")
                            : c_.prepare(
                                  "INSERT OR IGNORE INTO visits (fair_id, booth_id, user_id, day, first_at) "
                                  "SELECT f.id, NULL, u.id, ?3, ?4 FROM fairs f, users u "
                                  "WHERE f.id = ?1 AND u.id = ?2");
        s->bind(1, v.booth_id ? v.booth_id : v.fair_id);
        s->bind(2, v.user_id);
        s->bind(3, v.day);
        s->bind(4, v.at);
        added += s->exec();
      }
      tx.commit();
      return added;
    });
  }

  std::vector<visit_row> visits_of(std::int64_t user_id, int limit) override {
    return c_.locked("visits_of", [&] {
      auto q = c_.prepare(
          "SELECT v.fair_id, coalesce(v.booth_id, 0), coalesce(b.name, ''), v.day, v.first_at FROM visits v "
          "LEFT JOIN booths b ON b.id = v.booth_id WHERE v.user_id = ? ORDER BY v.day, v.first_at, v.rowid LIMIT ?");
      q->bind(1, user_id);
      q->bind(2, limit);
      std::vector<visit_row> out;
      while (q->executeStep())
        out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getInt64(), q->getColumn(2).getString(),
                       q->getColumn(3).getString(), q->getColumn(4).getInt64()});
      return out;
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
  void read_visits(std::int64_t fair_id, report_visits& v) {
    {
      // count(DISTINCT booth_id) skips the lobby's NULLs.
      auto s = c_.prepare(
          "SELECT count(DISTINCT user_id), sum(booth_id IS NULL), sum(booth_id IS NOT NULL), count(DISTINCT booth_id) "
          "FROM visits WHERE fair_id = ?");
      s->bind(1, fair_id);
      s->executeStep();
      v.unique_visitors = int_or_zero(s->getColumn(0));
      v.fair_visits = int_or_zero(s->getColumn(1));
      v.booth_visits = int_or_zero(s->getColumn(2));
      v.booths_visited = int_or_zero(s->getColumn(3));
    }
    auto s = c_.prepare("SELECT day, count(DISTINCT user_id) FROM visits WHERE fair_id = ? GROUP BY day ORDER BY day");
    s->bind(1, fair_id);
    while (s->executeStep()) v.visitors_per_day.emplace_back(s->getColumn(0).getString(), s->getColumn(1).getInt64());
  }

  void read_booths(std::int64_t fair_id, report_booths& b) {
    // A firm takes part when its booth has staff: the owner who accepted the invitation, or a
    // recruiter (booth_members). A booth whose every account was deleted no longer counts.
    auto s = c_.prepare(
        "SELECT count(*), sum(EXISTS (SELECT 1 FROM booth_members m WHERE m.booth_id = b.id)) "
        "FROM booths b WHERE b.fair_id = ?");
    s->bind(1, fair_id);
    s->executeStep();
    b.booths = int_or_zero(s->getColumn(0));
    b.participating_firms = int_or_zero(s->getColumn(1));
  }

  void read_chats(std::int64_t fair_id, report_chats& c) {
    {
      auto s = c_.prepare(
          "SELECT count(*) FROM chat_messages c JOIN booths b ON b.id = c.booth_id WHERE b.fair_id = ?");
      s->bind(1, fair_id);
      s->executeStep();
      c.public_messages = int_or_zero(s->getColumn(0));
    }
    // A thread opened but never written in is not a chat.
    auto s = c_.prepare(
        "SELECT count(DISTINCT t.id), count(m.id) FROM chat_threads t JOIN booths b ON b.id = t.booth_id "
        "JOIN thread_messages m ON m.thread_id = t.id WHERE b.fair_id = ?");
    s->bind(1, fair_id);
    s->executeStep();
    c.threads = int_or_zero(s->getColumn(0));
    c.thread_messages = int_or_zero(s->getColumn(1));
  }

  void read_interviews(std::int64_t fair_id, report_interviews& i) {
    {
      auto s = c_.prepare(
          "SELECT r.kind, r.source, r.started_at, r.ended_at FROM rooms r JOIN booths b ON b.id = r.booth_id "
          "WHERE b.fair_id = ? AND EXISTS (SELECT 1 FROM room_members m WHERE m.room_id = r.id "
          "AND m.role = 'candidate' AND m.joined_at IS NOT NULL)");
      s->bind(1, fair_id);
      while (s->executeStep()) {
        ++i.held;
        auto kind = s->getColumn(0).getString();
        auto source = s->getColumn(1).getString();
        (kind == "group" ? i.group : i.one_to_one) += 1;
        if (source == "queue") ++i.from_queue;
        else if (source == "slot") ++i.from_slot;
        else ++i.direct;
        auto started = opt_int(s->getColumn(2));
        auto ended = opt_int(s->getColumn(3));
        if (started && ended && *ended >= *started) i.durations_s.push_back(*ended - *started);
      }
    }
    // One row per distinct candidate who joined a room of the fair. The demographic values
    // exist only with their consent, so a NULL is "not consented".
    auto s = c_.prepare(
        "SELECT d.gender, " AGE_GROUP_OF("d.birth_year", "f.starts_at") ", d.disability, p.education_level "
        "FROM (SELECT DISTINCT m.user_id AS uid FROM room_members m JOIN rooms r ON r.id = m.room_id "
        "      JOIN booths b ON b.id = r.booth_id "
        "      WHERE b.fair_id = ?1 AND m.role = 'candidate' AND m.joined_at IS NOT NULL) c "
        "JOIN fairs f ON f.id = ?1 "
        "LEFT JOIN demographics d ON d.user_id = c.uid LEFT JOIN profiles p ON p.user_id = c.uid");
    s->bind(1, fair_id);
    while (s->executeStep()) {
      row r(*s);
      i.candidate_buckets.push_back(read_buckets(r));
    }
    i.candidates = std::int64_t(i.candidate_buckets.size());
  }

  void read_queues(std::int64_t fair_id, report_queues& q) {
    {
      auto s = c_.prepare(
          "SELECT count(*), count(p.called_at), sum(p.status = 'accepted'), sum(p.status = 'declined'), "
          "sum(p.status = 'no_show') FROM queue_places p JOIN queues q ON q.id = p.queue_id "
          "JOIN booths b ON b.id = q.booth_id WHERE b.fair_id = ?");
      s->bind(1, fair_id);
      s->executeStep();
      q.joined = int_or_zero(s->getColumn(0));
      q.called = int_or_zero(s->getColumn(1));
      q.accepted = int_or_zero(s->getColumn(2));
      q.declined = int_or_zero(s->getColumn(3));
      q.no_shows = int_or_zero(s->getColumn(4));
    }
    auto s = c_.prepare(
        "SELECT p.called_at - p.joined_at FROM queue_places p JOIN queues q ON q.id = p.queue_id "
        "JOIN booths b ON b.id = q.booth_id WHERE b.fair_id = ? AND p.called_at IS NOT NULL");
    s->bind(1, fair_id);
    while (s->executeStep()) {
      auto w = s->getColumn(0).getInt64();
      q.waits_s.push_back(w < 0 ? 0 : w);  // clock steps backwards cannot make a negative wait
    }
  }

  void read_slots(std::int64_t fair_id, report_slots& sf) {
    {
      auto s = c_.prepare(
          "SELECT count(*), sum(s.status = 'withdrawn') FROM slots s JOIN booths b ON b.id = s.booth_id "
          "WHERE b.fair_id = ?");
      s->bind(1, fair_id);
      s->executeStep();
      sf.published = int_or_zero(s->getColumn(0));
      sf.withdrawn = int_or_zero(s->getColumn(1));
    }
    auto s = c_.prepare(
        "SELECT count(*), sum(k.status = 'cancelled'), sum(k.no_show) FROM slot_bookings k "
        "JOIN slots s ON s.id = k.slot_id JOIN booths b ON b.id = s.booth_id WHERE b.fair_id = ?");
    s->bind(1, fair_id);
    s->executeStep();
    sf.booked = int_or_zero(s->getColumn(0));
    sf.cancelled = int_or_zero(s->getColumn(1));
    sf.no_shows = int_or_zero(s->getColumn(2));
  }

  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<figures_store> make_sqlite_figures(sqlite_conn& c) { return std::make_unique<sqlite_figures>(c); }

}  // namespace fuar::store

#pragma once
// The queue invariants (migrations/sqlite/008_queues.sql), checked on a snapshot of the
// database through a separate read connection: used by the store's randomised test
// (tests/unit/test_queue.cpp) and by the concurrent run through the real server
// (tests/integration/test_queue.cpp). Returns the violations found ("" when none).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fuar::test {

// `max_per_user`: the limit K the server ran with (0: do not check).
inline std::string queue_invariant_violations(SQLite::Database& db, std::int64_t max_per_user) {
  std::ostringstream bad;
  // One read transaction: every query below sees the same committed state.
  SQLite::Transaction snapshot(db);
  {
    // Positions 1..n, no duplicates, no gaps; in join (id) order: FIFO.
    SQLite::Statement q(db,
                        "SELECT queue_id, id, position FROM queue_places WHERE status = 'waiting' ORDER BY queue_id, position");
    std::int64_t queue = -1, expect = 0, last_id = 0;
    while (q.executeStep()) {
      auto qid = q.getColumn(0).getInt64(), id = q.getColumn(1).getInt64(), pos = q.getColumn(2).getInt64();
      if (qid != queue) {
        queue = qid;
        expect = 1;
        last_id = 0;
      }
      if (pos != expect) bad << "queue " << qid << ": place " << id << " at position " << pos << ", expected " << expect << "\n";
      if (id < last_id) bad << "queue " << qid << ": place " << id << " (joined later) is ahead of place " << last_id << "\n";
      last_id = id;
      ++expect;
    }
  }
  {
    SQLite::Statement q(db, "SELECT count(*) FROM queue_places WHERE status <> 'waiting' AND position IS NOT NULL");
    q.executeStep();
    if (q.getColumn(0).getInt64() != 0) bad << "places out of line still have a position\n";
  }
  {
    // Never called twice at once.
    SQLite::Statement q(db, "SELECT user_id, count(*) FROM queue_places WHERE status = 'called' GROUP BY user_id HAVING count(*) > 1");
    while (q.executeStep()) bad << "user " << q.getColumn(0).getInt64() << " has " << q.getColumn(1).getInt64() << " calls\n";
  }
  {
    SQLite::Statement q(db,
                        "SELECT queue_id, user_id, count(*) FROM queue_places WHERE status IN ('waiting', 'called') "
                        "GROUP BY queue_id, user_id HAVING count(*) > 1");
    while (q.executeStep()) bad << "user " << q.getColumn(1).getInt64() << " stands twice in queue " << q.getColumn(0).getInt64() << "\n";
  }
  if (max_per_user > 0) {
    SQLite::Statement q(db,
                        "SELECT user_id, count(*) FROM queue_places WHERE status IN ('waiting', 'called') GROUP BY user_id "
                        "HAVING count(*) > ?");
    q.bind(1, max_per_user);
    while (q.executeStep()) bad << "user " << q.getColumn(0).getInt64() << " stands in " << q.getColumn(1).getInt64() << " queues\n";
  }
  {
    // Someone being called has every other place held (set in the same transaction as the call).
    // The reverse (a held place always has a reason) is restored by the sweep once a room ends
    // elsewhere, so it is checked where the test controls the sweep.
    SQLite::Statement q(db,
                        "SELECT p.id FROM queue_places p WHERE p.status = 'waiting' AND p.held = 0 AND "
                        "EXISTS (SELECT 1 FROM queue_places c WHERE c.user_id = p.user_id AND c.status = 'called')");
    while (q.executeStep()) bad << "place " << q.getColumn(0).getInt64() << ": its owner is being called but it is not held\n";
  }
  {
    // A call that ended in acceptance has its room, with both people in it.
    SQLite::Statement q(db,
                        "SELECT p.id FROM queue_places p WHERE p.status = 'accepted' AND (p.room_id IS NULL OR "
                        "(SELECT count(*) FROM room_members m WHERE m.room_id = p.room_id AND m.user_id IN (p.user_id, p.called_by)) <> 2)");
    while (q.executeStep()) bad << "accepted place " << q.getColumn(0).getInt64() << " has no room with both people\n";
  }
  return bad.str();
}

}  // namespace fuar::test

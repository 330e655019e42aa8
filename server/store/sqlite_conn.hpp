#pragma once
// fuar::store::sqlite_conn — the one SQLite connection of a store, shared by the store's parts
// (sqlite_store.cpp for accounts/sessions/chat, sqlite_fairs.cpp, sqlite_booths.cpp,
// sqlite_people.cpp, sqlite_cvs.cpp, ..., sqlite_figures.cpp). Internal to the store library.
//
// Every call takes the mutex for its whole transaction (locked()), prepares statements from
// the per-connection cache (prepare(), keyed by the address of the SQL literal) and commits
// before returning. A multi-statement write uses SQLite::Transaction inside locked().
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "server/store/store.hpp"
#include "server/store/chat_store.hpp"
#include "server/store/figures_store.hpp"
#include "server/store/queues_store.hpp"
#include "server/store/rooms_store.hpp"
#include "server/store/slots_store.hpp"

namespace fuar::store {

class sqlite_conn {
public:
  explicit sqlite_conn(const std::string& path);

  // A cached statement on loan to one call. Resets the statement when the call is done, so an
  // unfinished SELECT never holds a read snapshot open (which would stall WAL checkpoints).
  class lease {
  public:
    explicit lease(SQLite::Statement& s) : s_(&s) {}
    lease(lease&& other) noexcept : s_(std::exchange(other.s_, nullptr)) {}
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    lease& operator=(lease&&) = delete;
    ~lease() {
      if (s_) s_->tryReset();
    }
    SQLite::Statement* operator->() { return s_; }
    SQLite::Statement& operator*() { return *s_; }

  private:
    SQLite::Statement* s_;
  };

  // The cached prepared statement for `sql` (a string literal), reset and without bindings.
  // The caller holds the mutex (inside locked()).
  lease prepare(const char* sql);

  // Runs `f` with the connection locked; SQLite::Exception becomes store_error naming `op`
  // (SQLite's message never contains bound values, so nothing personal reaches the logs).
  template <class F>
  auto locked(const char* op, F&& f) -> decltype(f()) {
    std::lock_guard lock(mutex_);
    try {
      return f();
    } catch (const SQLite::Exception& e) {
      throw store_error(std::string("store: ") + op + ": " + e.what());
    }
  }

  SQLite::Database& db() { return db_; }
  std::mutex& mutex() { return mutex_; }

private:
  std::mutex mutex_;
  SQLite::Database db_;  // declared before cache_: statements must die before the connection
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> cache_;
};

// The parts of the store, each over the shared connection (their own .cpp files).
std::unique_ptr<fairs_store> make_sqlite_fairs(sqlite_conn& c);
std::unique_ptr<booths_store> make_sqlite_booths(sqlite_conn& c);
std::unique_ptr<people_store> make_sqlite_people(sqlite_conn& c);
std::unique_ptr<cvs_store> make_sqlite_cvs(sqlite_conn& c);
std::unique_ptr<chat_store> make_sqlite_chat(sqlite_conn& c);
std::unique_ptr<queues_store> make_sqlite_queues(sqlite_conn& c);
std::unique_ptr<rooms_store> make_sqlite_rooms(sqlite_conn& c);
std::unique_ptr<slots_store> make_sqlite_slots(sqlite_conn& c);
std::unique_ptr<figures_store> make_sqlite_figures(sqlite_conn& c);

// SQL for the outcome buckets' age group at the fair's start year (15-24 | 25+ | NULL when no
// consented birth year). Shared by the cvs part (anonymisation freezes it into anon_*, the live
// report computes it) and the figures part (interviewed people), so all count the same way.
#define AGE_GROUP_OF(birth_year, starts_at)                                                          \
  "CASE WHEN " birth_year " IS NULL THEN NULL "                                                      \
  "WHEN CAST(strftime('%Y', " starts_at ", 'unixepoch') AS INTEGER) - " birth_year " <= 24 THEN '15-24' " \
  "ELSE '25+' END"

// The outcome buckets of one person from columns first..first+3 of `s`: gender, age group
// (AGE_GROUP_OF), disability (0/1) and education level, each NULL when not consented/known.
// Education collapses to the report's three levels.
inline hired_row read_buckets(SQLite::Statement& s, int first = 0) {
  hired_row h;
  if (!s.getColumn(first).isNull()) h.gender = s.getColumn(first).getString();
  if (!s.getColumn(first + 1).isNull()) h.age_group = s.getColumn(first + 1).getString();
  if (!s.getColumn(first + 2).isNull()) h.disability = s.getColumn(first + 2).getInt() ? "yes" : "no";
  if (!s.getColumn(first + 3).isNull()) {
    auto e = s.getColumn(first + 3).getString();
    h.education = e == "primary" ? "primary" : e == "secondary" ? "secondary" : "associate_or_higher";
  }
  return h;
}

// Helpers for reading optional columns.
inline std::optional<std::int64_t> opt_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}
inline std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

}  // namespace fuar::store

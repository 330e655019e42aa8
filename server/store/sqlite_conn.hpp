#pragma once
// fuar::store::sqlite_conn — the one SQLite connection of a store, shared by the store's parts
// (sqlite_store.cpp for accounts and sessions, sqlite_fairs.cpp, sqlite_booths.cpp, ...,
// sqlite_figures.cpp). Internal to the store library.
//
// Every call takes the mutex for its whole transaction (locked()), runs its statements through
// query()/exec() and commits before returning. A statement is prepared once per connection and
// cached, keyed by the address of its SQL literal; query() and exec() accept only literals so
// nothing built at run time can grow the cache. A multi-statement write opens
// write_transaction() inside locked().
//
// A query reads as its SQL, its values and its mapping:
//   c_.query("SELECT id, name FROM booths WHERE fair_id = ? AND name = ?", fair_id, name)
//       .all([](row& r) { return std::pair{r.get<std::int64_t>(), r.get<std::string>()}; });
// Values bind to the parameters in order (or by name, see `named`): integers, bool (0/1),
// double, strings, and std::optional (empty: NULL) or std::nullopt (NULL). A row is read
// column by column in order with get<T>() or `r >> field`: integers and text read NULL as 0
// and "", std::optional<T> reads NULL as empty. Nothing here costs more than the hand-written
// calls it replaces: the same cached statement, one bind and one column read per value.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "server/store/store.hpp"
#include "server/store/chat_store.hpp"
#include "server/store/figures_store.hpp"
#include "server/store/queues_store.hpp"
#include "server/store/rooms_store.hpp"
#include "server/store/slots_store.hpp"

namespace fuar::store {

// A value for a named parameter (":now"), for SQL that uses one value in several places:
// c_.query("... WHERE a = :user OR b = :user", named(":user", id)). A statement binds all its
// values by name or all by position.
template <class T>
struct named {
  const char* name;
  const T& value;
};
template <class T>
named(const char*, const T&) -> named<T>;

namespace detail {
template <class T>
struct is_named : std::false_type {};
template <class T>
struct is_named<named<T>> : std::true_type {};

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
void bind_value(SQLite::Statement& s, int i, const T& v) {
  if constexpr (is_named<T>::value) {
    bind_value(s, s.getIndex(v.name), v.value);
  } else if constexpr (std::is_same_v<T, std::nullopt_t>) {
    s.bind(i);
  } else if constexpr (is_optional<T>::value) {
    if (v) bind_value(s, i, *v);
    else s.bind(i);
  } else if constexpr (std::is_same_v<T, bool>) {
    s.bind(i, v ? 1 : 0);
  } else if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) {
    s.bind(i, static_cast<std::int64_t>(v));
  } else if constexpr (std::is_floating_point_v<T>) {
    s.bind(i, static_cast<double>(v));
  } else if constexpr (std::is_same_v<T, std::string>) {
    s.bind(i, v);
  } else if constexpr (std::is_convertible_v<const T&, const char*>) {
    s.bind(i, static_cast<const char*>(v));
  } else {
    static_assert(std::is_convertible_v<const T&, std::string_view>, "no SQLite binding for this type");
    s.bind(i, std::string(std::string_view(v)));
  }
}
}  // namespace detail

// One row of a result, read column by column from the first (or by index with at<T>()).
class row {
public:
  explicit row(SQLite::Statement& s) : s_(&s) {}

  template <class T>
  T get() {
    return at<T>(next_++);
  }
  template <class T>
  row& operator>>(T& v) {
    v = get<T>();
    return *this;
  }
  row& skip(int n = 1) {
    next_ += n;
    return *this;
  }

  template <class T>
  T at(int i) const {
    return read<T>(s_->getColumn(i));
  }

private:
  template <class T>
  static T read(const SQLite::Column& c) {
    if constexpr (detail::is_optional<T>::value) {
      if (c.isNull()) return std::nullopt;
      return read<typename T::value_type>(c);
    } else if constexpr (std::is_same_v<T, bool>) {
      return c.getInt64() != 0;
    } else if constexpr (std::is_integral_v<T>) {
      return static_cast<T>(c.getInt64());
    } else if constexpr (std::is_floating_point_v<T>) {
      return static_cast<T>(c.getDouble());
    } else {
      static_assert(std::is_same_v<T, std::string>, "no SQLite reading for this type");
      // sqlite3_column_text: NULL reads as an empty text (no pointer to check, no strlen).
      return std::string(static_cast<const char*>(c.getText("")), std::size_t(c.getBytes()));
    }
  }

  SQLite::Statement* s_;
  int next_ = 0;
};

// A cached statement on loan to one call, with its values bound, stepped through its rows.
// Resets the statement when the call is done, so an unfinished SELECT never holds a read
// snapshot open (which would stall WAL checkpoints).
class rows {
public:
  explicit rows(SQLite::Statement& s) : s_(&s) {}
  rows(rows&& other) noexcept : s_(std::exchange(other.s_, nullptr)) {}
  rows(const rows&) = delete;
  rows& operator=(const rows&) = delete;
  rows& operator=(rows&&) = delete;
  ~rows() {
    if (s_) s_->tryReset();
  }

  // Steps to the next row; false after the last one (or for a statement that returns none).
  bool next() { return s_->executeStep(); }
  // The current row, read from its first column.
  row current() { return row(*s_); }

  // Every row, mapped by `read(row&)`.
  template <class F>
  auto all(F&& read) {
    std::vector<std::decay_t<std::invoke_result_t<F&, row&>>> out;
    while (next()) {
      row r(*s_);
      out.push_back(read(r));
    }
    return out;
  }
  // The first row mapped by `read(row&)`, or empty when there is none.
  template <class F>
  auto first(F&& read) -> std::optional<std::decay_t<std::invoke_result_t<F&, row&>>> {
    if (!next()) return std::nullopt;
    row r(*s_);
    return read(r);
  }
  // The first column of the first row, or empty when there is no row.
  template <class T>
  std::optional<T> value() {
    if (!next()) return std::nullopt;
    return row(*s_).at<T>(0);
  }
  // Whether there is a row.
  bool exists() { return next(); }
  // Runs a statement that returns no rows; the number of rows it changed.
  int run() { return s_->exec(); }

  // for (row r : c_.query(...)) { ... }
  struct end_marker {};
  struct iterator {
    rows* owner;
    bool has_row;
    row operator*() const { return row(*owner->s_); }
    iterator& operator++() {
      has_row = owner->next();
      return *this;
    }
    bool operator!=(end_marker) const { return has_row; }
  };
  iterator begin() { return {this, next()}; }
  end_marker end() { return {}; }

private:
  SQLite::Statement* s_;
};

class sqlite_conn {
public:
  explicit sqlite_conn(const std::string& path);

  // Runs the cached statement for `sql` with `values` bound in order; read its rows from the
  // result. The caller holds the mutex (inside locked()).
  template <std::size_t N, class... V>
  rows query(const char (&sql)[N], const V&... values) {
    SQLite::Statement& s = statement(sql);
    int i = 0;
    (detail::bind_value(s, ++i, values), ...);
    return rows(s);
  }
  // Runs a statement that returns no rows; returns the number of rows it changed.
  template <std::size_t N, class... V>
  int exec(const char (&sql)[N], const V&... values) {
    return query(sql, values...).run();
  }
  // Runs an INSERT; returns the new row's id.
  template <std::size_t N, class... V>
  std::int64_t insert(const char (&sql)[N], const V&... values) {
    exec(sql, values...);
    return last_insert_id();
  }
  std::int64_t last_insert_id() { return db_.getLastInsertRowid(); }

  // An IMMEDIATE transaction: it takes the write lock before its first read, so what the call
  // reads is still true when it writes, even with another process on the same file.
  SQLite::Transaction write_transaction() {
    return SQLite::Transaction(db_, SQLite::TransactionBehavior::IMMEDIATE);
  }

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
  // The cached prepared statement for `sql`, reset and without bindings.
  SQLite::Statement& statement(const char* sql);

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

}  // namespace fuar::store

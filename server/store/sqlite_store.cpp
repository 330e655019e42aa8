// SQLite implementation of fuar::store::store (see sqlite_store.hpp for the concurrency and
// durability choices).
#include "server/store/sqlite_store.hpp"

#include "server/store/sqlite_rows.hpp"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <utility>

namespace fuar::store {

namespace {

namespace fs = std::filesystem;

// Opens the connection; wrapped so the constructor's member initialiser throws store_error.
SQLite::Database open_database(const std::string& path) {
  try {
    return SQLite::Database(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 5000);
  } catch (const SQLite::Exception& e) {
    throw store_error("store: open " + path + ": " + e.what());
  }
}

struct migration {
  int number = 0;
  fs::path path;
};

// Parses "NNN_name.sql" (exactly three digits, number >= 1, name of [A-Za-z0-9_-]+).
// Returns 0 when the name does not match.
int migration_number(const std::string& file_name) {
  const std::string ext = ".sql";
  if (file_name.size() < 3 + 1 + 1 + ext.size()) return 0;
  if (file_name.compare(file_name.size() - ext.size(), ext.size(), ext) != 0) return 0;
  int n = 0;
  for (int i = 0; i < 3; ++i) {
    char c = file_name[static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  if (file_name[3] != '_') return 0;
  for (std::size_t i = 4; i < file_name.size() - ext.size(); ++i) {
    char c = file_name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return 0;
  }
  return n;
}

// Lists the migrations in `dir`, sorted and checked: every *.sql file must be named
// NNN_name.sql and the numbers must run 1, 2, 3... without gap or repeat. Other files (a
// README) are ignored. Throws store_error naming the offending file.
std::vector<migration> list_migrations(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw store_error("store: migrations folder not found: " + dir);
  }
  std::vector<migration> found;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".sql") continue;
    int n = migration_number(name);
    if (n == 0) {
      throw store_error("store: malformed migration file name (want NNN_name.sql): " + name);
    }
    found.push_back({n, entry.path()});
  }
  if (ec) throw store_error("store: cannot list migrations folder " + dir + ": " + ec.message());
  if (found.empty()) throw store_error("store: no migrations in " + dir);
  std::sort(found.begin(), found.end(),
            [](const migration& a, const migration& b) { return a.number < b.number; });
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i].number != static_cast<int>(i) + 1) {
      throw store_error("store: migration " + found[i].path.filename().string() +
                        " breaks the sequence (expected number " + std::to_string(i + 1) +
                        "; gap or duplicate)");
    }
  }
  return found;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw store_error("store: cannot read migration " + p.filename().string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

sqlite_conn::sqlite_conn(const std::string& path) : db_(open_database(path)) {}

SQLite::Statement& sqlite_conn::statement(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    it = cache_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
  }
  SQLite::Statement& s = *it->second;
  s.tryReset();  // ignore the code: it reports the previous execution's error, if any
  s.clearBindings();
  return s;
}

sqlite_store::sqlite_store(const std::string& path, const std::string& migrations_dir) : c_(path) {
  c_.locked("configure", [&] { configure(); });
  migrate(migrations_dir);
  fairs_ = make_sqlite_fairs(c_);
  booths_ = make_sqlite_booths(c_);
  people_ = make_sqlite_people(c_);
  cvs_ = make_sqlite_cvs(c_);
  chat_ = make_sqlite_chat(c_);
  queues_ = make_sqlite_queues(c_);
  rooms_ = make_sqlite_rooms(c_);
  slots_ = make_sqlite_slots(c_);
  figures_ = make_sqlite_figures(c_);
}

// Sets the per-connection pragmas and checks that the ones that can silently fail took effect.
void sqlite_store::configure() {
  db_.setBusyTimeout(5000);
  db_.exec("PRAGMA foreign_keys = ON");
  // journal_mode answers with the mode in force; an in-memory database (tests) reports
  // "memory", anything else means WAL could not be enabled.
  const std::string mode = db_.execAndGet("PRAGMA journal_mode = WAL").getString();
  if (mode != "wal" && mode != "memory") {
    throw store_error("store: could not enable WAL (journal_mode is " + mode + ")");
  }
  db_.exec("PRAGMA synchronous = FULL");
  if (db_.execAndGet("PRAGMA synchronous").getInt() != 2) {
    throw store_error("store: could not set synchronous=FULL");
  }
}

// Applies each migration numbered above PRAGMA user_version, each in its own IMMEDIATE
// transaction that also sets user_version, so a failure leaves the database at the previous
// version. Refuses a database whose version is newer than the newest migration (an older
// binary must not write to a schema it does not know). A migration file must not contain its
// own BEGIN/COMMIT.
void sqlite_store::migrate(const std::string& migrations_dir) {
  const std::vector<migration> all = list_migrations(migrations_dir);
  const int newest = all.back().number;
  std::lock_guard lock(c_.mutex());
  int current = 0;
  try {
    current = user_version();
  } catch (const SQLite::Exception& e) {
    throw store_error(std::string("store: read user_version: ") + e.what());
  }
  if (current > newest) {
    throw store_error("store: database schema version " + std::to_string(current) +
                      " is newer than the newest migration (" + std::to_string(newest) + ")");
  }
  for (const migration& m : all) {
    if (m.number <= current) continue;
    const std::string sql = read_file(m.path);
    try {
      auto tx = c_.write_transaction();
      db_.exec(sql);
      // PRAGMA takes no bound parameters; the number is ours, not user input.
      db_.exec("PRAGMA user_version = " + std::to_string(m.number));
      tx.commit();
    } catch (const SQLite::Exception& e) {
      throw store_error("store: migration " + m.path.filename().string() + ": " + e.what());
    }
  }
}

int sqlite_store::user_version() { return db_.execAndGet("PRAGMA user_version").getInt(); }

int sqlite_store::schema_version() {
  return c_.locked("schema_version", [&] { return user_version(); });
}

// True when a trivial query succeeds; false (not an exception) when the database is broken,
// because a health check wants an answer.
bool sqlite_store::ping() {
  try {
    return c_.locked("ping", [&] { return c_.query("SELECT 1").value<int>() == 1; });
  } catch (const store_error&) {
    return false;
  }
}

// Inserts the user unless the lower-cased email exists; the UNIQUE constraint decides, so two
// concurrent sign-ups (even from two processes) cannot both win.
std::optional<user> sqlite_store::create_user(const std::string& email, const std::string& name,
                                              role r, const std::string& password_hash) {
  return c_.locked("create_user", [&]() -> std::optional<user> {
    if (c_.exec("INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (email) DO NOTHING",
                lower_ascii(email), name, to_string(r), password_hash) == 0)
      return std::nullopt;
    return find_user_locked(c_.last_insert_id());
  });
}

std::optional<user> sqlite_store::find_user_by_email(const std::string& email) {
  return c_.locked("find_user_by_email", [&] {
    return c_.query("SELECT " FUAR_USER_COLUMNS " FROM users u WHERE u.email = ?", lower_ascii(email))
        .first(read_user);
  });
}

std::optional<user> sqlite_store::find_user(std::int64_t id) {
  return c_.locked("find_user", [&] { return find_user_locked(id); });
}

std::optional<user> sqlite_store::find_user_locked(std::int64_t id) {
  return c_.query("SELECT " FUAR_USER_COLUMNS " FROM users u WHERE u.id = ?", id).first(read_user);
}

// Replaces the hash (e.g. a rehash at a higher cost); a missing user is not an error.
void sqlite_store::set_password_hash(std::int64_t user_id, const std::string& password_hash) {
  c_.locked("set_password_hash",
            [&] { c_.exec("UPDATE users SET password_hash = ? WHERE id = ?", password_hash, user_id); });
}

// Throws store_error for an unknown user (foreign key) or a repeated token hash.
void sqlite_store::create_session(const std::string& token_hash, std::int64_t user_id,
                                  std::int64_t expires_at) {
  c_.locked("create_session", [&] {
    c_.exec("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)", token_hash, user_id,
            expires_at);
  });
}

std::optional<user> sqlite_store::find_session_user(const std::string& token_hash,
                                                    std::int64_t now) {
  return c_.locked("find_session_user", [&] {
    return c_.query("SELECT " FUAR_USER_COLUMNS " FROM sessions s JOIN users u ON u.id = s.user_id "
                    "WHERE s.token_hash = ? AND s.expires_at > ?",
                    token_hash, now)
        .first(read_user);
  });
}

void sqlite_store::delete_session(const std::string& token_hash) {
  c_.locked("delete_session", [&] { c_.exec("DELETE FROM sessions WHERE token_hash = ?", token_hash); });
}

// Deletes sessions with expires_at <= now: exactly those find_session_user no longer accepts.
int sqlite_store::delete_expired_sessions(std::int64_t now) {
  return c_.locked("delete_expired_sessions",
                   [&] { return c_.exec("DELETE FROM sessions WHERE expires_at <= ?", now); });
}

// The public chat messages go first (they reference the user without a cascade); the rest of
// the user's rows cascade or lose the reference (the schema's foreign keys).
bool sqlite_store::delete_user(std::int64_t user_id) {
  return c_.locked("delete_user", [&] {
    auto tx = c_.write_transaction();
    c_.exec("DELETE FROM chat_messages WHERE user_id = ?", user_id);
    int n = c_.exec("DELETE FROM users WHERE id = ?", user_id);
    tx.commit();
    return n > 0;
  });
}

std::optional<std::string> sqlite_store::get_meta(const std::string& key) {
  return c_.locked("get_meta", [&] { return c_.query("SELECT value FROM meta WHERE key = ?", key).value<std::string>(); });
}

void sqlite_store::set_meta(const std::string& key, const std::string& value) {
  c_.locked("set_meta", [&] {
    c_.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key,
            value);
  });
}

// One IMMEDIATE transaction for all rows: with synchronous=FULL a commit per row would cost an
// fsync each.
std::vector<std::int64_t> sqlite_store::provision_load_users(
    const std::string& prefix, const std::vector<std::string>& token_hashes,
    const std::string& password_hash, std::int64_t session_expires_at) {
  return c_.locked("provision_load_users", [&] {
    std::vector<std::int64_t> ids;
    ids.reserve(token_hashes.size());
    auto tx = c_.write_transaction();
    const std::string lowered = lower_ascii(prefix);
    char number[16];
    for (std::size_t i = 0; i < token_hashes.size(); ++i) {
      std::snprintf(number, sizeof number, "-%06zu", i + 1);
      const std::string name = prefix + number;
      const std::string email = lowered + number + "@load.fuar.invalid";
      std::int64_t id = 0;
      if (c_.exec("INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, 'jobseeker', ?) "
                  "ON CONFLICT (email) DO NOTHING",
                  email, name, password_hash) == 1) {
        id = c_.last_insert_id();
      } else {
        auto found = c_.query("SELECT id, role FROM users WHERE email = ?", email).first([](row& r) {
          return std::pair{r.get<std::int64_t>(), r.get<std::string>()};
        });
        if (!found) throw store_error("store: load account vanished: " + name);
        if (found->second != "jobseeker")
          throw store_error("store: provision_load_users: " + email + " exists and is not a jobseeker");
        id = found->first;
      }
      c_.exec("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)", token_hashes[i], id,
              session_expires_at);
      ids.push_back(id);
    }
    tx.commit();
    return ids;
  });
}

std::unique_ptr<store> open_sqlite(const std::string& path, const std::string& migrations_dir) {
  return std::make_unique<sqlite_store>(path, migrations_dir);
}

}  // namespace fuar::store

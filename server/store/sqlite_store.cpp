// SQLite implementation of fuar::store::store (see sqlite_store.hpp for the concurrency and
// durability choices).
#include "server/store/sqlite_store.hpp"

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

// Runs `f` with the connection locked and turns SQLite::Exception into store_error. The message
// names the operation and carries SQLite's own text (e.g. "FOREIGN KEY constraint failed"),
// which never contains bound values, so no password or message text leaks into logs.
template <class F>
auto locked(std::mutex& m, const char* op, F&& f) -> decltype(f()) {
  std::lock_guard lock(m);
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    throw store_error(std::string("store: ") + op + ": " + e.what());
  }
}

// Opens the connection; wrapped so the constructor's member initialiser throws store_error.
SQLite::Database open_database(const std::string& path) {
  try {
    return SQLite::Database(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 5000);
  } catch (const SQLite::Exception& e) {
    throw store_error("store: open " + path + ": " + e.what());
  }
}

// ASCII lower-case: emails are compared byte-wise after this, matching SQLite's lower() in the
// schema's CHECK. Non-ASCII bytes are left as they are.
std::string lower_ascii(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

role read_role(const std::string& s) {
  auto r = role_from_string(s);
  // The schema's CHECK makes this unreachable unless the file was edited by hand.
  if (!r) throw store_error("store: unknown role in database");
  return *r;
}

// Reads columns id, email, name, role, password_hash, created_at (in that order).
user read_user(SQLite::Statement& s) {
  user u;
  u.id = s.getColumn(0).getInt64();
  u.email = s.getColumn(1).getString();
  u.name = s.getColumn(2).getString();
  u.user_role = read_role(s.getColumn(3).getString());
  u.password_hash = s.getColumn(4).getString();
  u.created_at = s.getColumn(5).getInt64();
  return u;
}

// Reads columns id, title_tr, title_en, description_tr, description_en, theme, timezone,
// starts_at, ends_at, status, is_demo, capacity, min_age, max_age, created_by, created_at,
// updated_at.
fair read_fair(SQLite::Statement& s) {
  fair f;
  f.id = s.getColumn(0).getInt64();
  f.title_tr = s.getColumn(1).getString();
  f.title_en = s.getColumn(2).getString();
  f.description_tr = s.getColumn(3).getString();
  f.description_en = s.getColumn(4).getString();
  f.theme = s.getColumn(5).getString();
  f.timezone = s.getColumn(6).getString();
  f.starts_at = s.getColumn(7).getInt64();
  f.ends_at = s.getColumn(8).getInt64();
  f.status = s.getColumn(9).getString();
  f.is_demo = s.getColumn(10).getInt() != 0;
  f.capacity = s.getColumn(11).getInt64();
  f.min_age = opt_int(s.getColumn(12));
  f.max_age = opt_int(s.getColumn(13));
  f.created_by = s.getColumn(14).isNull() ? 0 : s.getColumn(14).getInt64();
  f.created_at = s.getColumn(15).getInt64();
  f.updated_at = s.getColumn(16).getInt64();
  return f;
}

// Reads columns id, fair_id, name, sector, city, description, is_demo, website, video_url,
// logo_file, logo_type, opens_at, closes_at, updated_at.
booth read_booth(SQLite::Statement& s) {
  booth b;
  b.id = s.getColumn(0).getInt64();
  b.fair_id = s.getColumn(1).getInt64();
  b.name = s.getColumn(2).getString();
  b.sector = s.getColumn(3).getString();
  b.city = s.getColumn(4).getString();
  b.description = s.getColumn(5).getString();
  b.is_demo = s.getColumn(6).getInt() != 0;
  b.website = s.getColumn(7).getString();
  b.video_url = s.getColumn(8).getString();
  b.logo_file = s.getColumn(9).isNull() ? std::string() : s.getColumn(9).getString();
  b.logo_type = s.getColumn(10).isNull() ? std::string() : s.getColumn(10).getString();
  b.opens_at = opt_int(s.getColumn(11));
  b.closes_at = opt_int(s.getColumn(12));
  b.updated_at = s.getColumn(13).getInt64();
  return b;
}

// Reads columns m.id, m.booth_id, m.user_id, u.name, u.role, m.text, m.sent_at_ms.
chat_message read_chat(SQLite::Statement& s) {
  chat_message m;
  m.id = s.getColumn(0).getInt64();
  m.booth_id = s.getColumn(1).getInt64();
  m.user_id = s.getColumn(2).getInt64();
  m.user_name = s.getColumn(3).getString();
  m.user_role = read_role(s.getColumn(4).getString());
  m.text = s.getColumn(5).getString();
  m.sent_at_ms = s.getColumn(6).getInt64();
  return m;
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

sqlite_conn::lease sqlite_conn::prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    it = cache_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
  }
  SQLite::Statement& s = *it->second;
  s.tryReset();  // ignore the code: it reports the previous execution's error, if any
  s.clearBindings();
  return lease(s);
}

sqlite_store::sqlite_store(const std::string& path, const std::string& migrations_dir)
    : conn_(path) {
  locked(mutex_, "configure", [&] { configure(); });
  migrate(migrations_dir);
  fairs_ = make_sqlite_fairs(conn_);
  booths_ = make_sqlite_booths(conn_);
  people_ = make_sqlite_people(conn_);
  cvs_ = make_sqlite_cvs(conn_);
  chat_ = make_sqlite_chat(conn_);
  queues_ = make_sqlite_queues(conn_);
  rooms_ = make_sqlite_rooms(conn_);
  slots_ = make_sqlite_slots(conn_);
  figures_ = make_sqlite_figures(conn_);
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
  std::lock_guard lock(mutex_);
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
      SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
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
  return locked(mutex_, "schema_version", [&] { return user_version(); });
}

// True when a trivial query succeeds; false (not an exception) when the database is broken,
// because a health check wants an answer.
bool sqlite_store::ping() {
  try {
    return locked(mutex_, "ping", [&] {
      auto s = prepare("SELECT 1");
      return s->executeStep() && s->getColumn(0).getInt() == 1;
    });
  } catch (const store_error&) {
    return false;
  }
}

// Inserts the user unless the lower-cased email exists; the UNIQUE constraint decides, so two
// concurrent sign-ups (even from two processes) cannot both win.
std::optional<user> sqlite_store::create_user(const std::string& email, const std::string& name,
                                              role r, const std::string& password_hash) {
  return locked(mutex_, "create_user", [&]() -> std::optional<user> {
    std::int64_t id = 0;
    {
      auto s = prepare(
          "INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (email) DO NOTHING");
      s->bind(1, lower_ascii(email));
      s->bind(2, name);
      s->bind(3, std::string(to_string(r)));
      s->bind(4, password_hash);
      if (s->exec() == 0) return std::nullopt;
      id = db_.getLastInsertRowid();
    }
    return find_user_locked(id);
  });
}

std::optional<user> sqlite_store::find_user_by_email(const std::string& email) {
  return locked(mutex_, "find_user_by_email", [&]() -> std::optional<user> {
    auto s = prepare(
        "SELECT id, email, name, role, password_hash, created_at FROM users WHERE email = ?");
    s->bind(1, lower_ascii(email));
    if (!s->executeStep()) return std::nullopt;
    return read_user(*s);
  });
}

std::optional<user> sqlite_store::find_user(std::int64_t id) {
  return locked(mutex_, "find_user", [&] { return find_user_locked(id); });
}

std::optional<user> sqlite_store::find_user_locked(std::int64_t id) {
  auto s = prepare(
      "SELECT id, email, name, role, password_hash, created_at FROM users WHERE id = ?");
  s->bind(1, id);
  if (!s->executeStep()) return std::nullopt;
  return read_user(*s);
}

// Replaces the hash (e.g. a rehash at a higher cost); a missing user is not an error.
void sqlite_store::set_password_hash(std::int64_t user_id, const std::string& password_hash) {
  locked(mutex_, "set_password_hash", [&] {
    auto s = prepare("UPDATE users SET password_hash = ? WHERE id = ?");
    s->bind(1, password_hash);
    s->bind(2, user_id);
    s->exec();
  });
}

// Throws store_error for an unknown user (foreign key) or a repeated token hash.
void sqlite_store::create_session(const std::string& token_hash, std::int64_t user_id,
                                  std::int64_t expires_at) {
  locked(mutex_, "create_session", [&] {
    auto s = prepare("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)");
    s->bind(1, token_hash);
    s->bind(2, user_id);
    s->bind(3, expires_at);
    s->exec();
  });
}

std::optional<user> sqlite_store::find_session_user(const std::string& token_hash,
                                                    std::int64_t now) {
  return locked(mutex_, "find_session_user", [&]() -> std::optional<user> {
    auto s = prepare(
        "SELECT u.id, u.email, u.name, u.role, u.password_hash, u.created_at "
        "FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = ? AND s.expires_at > ?");
    s->bind(1, token_hash);
    s->bind(2, now);
    if (!s->executeStep()) return std::nullopt;
    return read_user(*s);
  });
}

void sqlite_store::delete_session(const std::string& token_hash) {
  locked(mutex_, "delete_session", [&] {
    auto s = prepare("DELETE FROM sessions WHERE token_hash = ?");
    s->bind(1, token_hash);
    s->exec();
  });
}

// Deletes sessions with expires_at <= now: exactly those find_session_user no longer accepts.
int sqlite_store::delete_expired_sessions(std::int64_t now) {
  return locked(mutex_, "delete_expired_sessions", [&] {
    auto s = prepare("DELETE FROM sessions WHERE expires_at <= ?");
    s->bind(1, now);
    return s->exec();
  });
}

// f.id is ignored. An unknown status violates the schema's CHECK and throws store_error.
std::int64_t sqlite_store::create_fair(const fair& f) {
  return locked(mutex_, "create_fair", [&] {
    auto s = prepare(
        "INSERT INTO fairs (title_tr, title_en, description_tr, description_en, theme, "
        "timezone, starts_at, ends_at, status, is_demo, capacity, min_age, max_age, created_by, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, unixepoch(), unixepoch())");
    s->bind(1, f.title_tr);
    s->bind(2, f.title_en);
    s->bind(3, f.description_tr);
    s->bind(4, f.description_en);
    s->bind(5, f.theme);
    s->bind(6, f.timezone);
    s->bind(7, f.starts_at);
    s->bind(8, f.ends_at);
    s->bind(9, f.status);
    s->bind(10, f.is_demo ? 1 : 0);
    s->bind(11, f.capacity);
    if (f.min_age) s->bind(12, *f.min_age);
    if (f.max_age) s->bind(13, *f.max_age);
    if (f.created_by > 0) s->bind(14, f.created_by);
    s->exec();
    return db_.getLastInsertRowid();
  });
}

std::vector<fair> sqlite_store::list_fairs() {
  return locked(mutex_, "list_fairs", [&] {
    auto s = prepare(
        "SELECT id, title_tr, title_en, description_tr, description_en, theme, timezone, "
        "starts_at, ends_at, status, is_demo, capacity, min_age, max_age, created_by, created_at, "
        "updated_at FROM fairs ORDER BY starts_at, id");
    std::vector<fair> out;
    while (s->executeStep()) out.push_back(read_fair(*s));
    return out;
  });
}

std::optional<fair> sqlite_store::find_fair(std::int64_t id) {
  return locked(mutex_, "find_fair", [&]() -> std::optional<fair> {
    auto s = prepare(
        "SELECT id, title_tr, title_en, description_tr, description_en, theme, timezone, "
        "starts_at, ends_at, status, is_demo, capacity, min_age, max_age, created_by, created_at, "
        "updated_at FROM fairs WHERE id = ?");
    s->bind(1, id);
    if (!s->executeStep()) return std::nullopt;
    return read_fair(*s);
  });
}

// b.id is ignored. An unknown fair_id throws store_error (foreign key).
std::int64_t sqlite_store::create_booth(const booth& b) {
  return locked(mutex_, "create_booth", [&] {
    auto s = prepare(
        "INSERT INTO booths (fair_id, name, sector, city, description, is_demo) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    s->bind(1, b.fair_id);
    s->bind(2, b.name);
    s->bind(3, b.sector);
    s->bind(4, b.city);
    s->bind(5, b.description);
    s->bind(6, b.is_demo ? 1 : 0);
    s->exec();
    return db_.getLastInsertRowid();
  });
}

// Ordered by name (byte order), then id so equal names keep a stable order.
std::vector<booth> sqlite_store::list_booths(std::int64_t fair_id) {
  return locked(mutex_, "list_booths", [&] {
    auto s = prepare(
        "SELECT id, fair_id, name, sector, city, description, is_demo, website, video_url, "
        "logo_file, logo_type, opens_at, closes_at, updated_at FROM booths "
        "WHERE fair_id = ? ORDER BY name, id");
    s->bind(1, fair_id);
    std::vector<booth> out;
    while (s->executeStep()) out.push_back(read_booth(*s));
    return out;
  });
}

std::optional<booth> sqlite_store::find_booth(std::int64_t id) {
  return locked(mutex_, "find_booth", [&]() -> std::optional<booth> {
    auto s = prepare(
        "SELECT id, fair_id, name, sector, city, description, is_demo, website, video_url, "
        "logo_file, logo_type, opens_at, closes_at, updated_at FROM booths "
        "WHERE id = ?");
    s->bind(1, id);
    if (!s->executeStep()) return std::nullopt;
    return read_booth(*s);
  });
}

// Idempotent: adding an existing member updates their role. An unknown booth or user, or a
// role other than owner/recruiter, throws store_error.
void sqlite_store::add_booth_member(std::int64_t booth_id, std::int64_t user_id,
                                    const std::string& member_role) {
  locked(mutex_, "add_booth_member", [&] {
    auto s = prepare(
        "INSERT INTO booth_members (booth_id, user_id, member_role) VALUES (?, ?, ?) "
        "ON CONFLICT (booth_id, user_id) DO UPDATE SET member_role = excluded.member_role");
    s->bind(1, booth_id);
    s->bind(2, user_id);
    s->bind(3, member_role);
    s->exec();
  });
}

bool sqlite_store::is_booth_member(std::int64_t booth_id, std::int64_t user_id) {
  return locked(mutex_, "is_booth_member", [&] {
    auto s = prepare("SELECT 1 FROM booth_members WHERE booth_id = ? AND user_id = ?");
    s->bind(1, booth_id);
    s->bind(2, user_id);
    return s->executeStep();
  });
}

chat_message sqlite_store::find_chat_locked(std::int64_t id) {
  auto s = prepare(
      "SELECT m.id, m.booth_id, m.user_id, u.name, u.role, m.text, m.sent_at_ms "
      "FROM chat_messages m JOIN users u ON u.id = m.user_id WHERE m.id = ?");
  s->bind(1, id);
  if (!s->executeStep()) throw store_error("store: chat message vanished during insert");
  return read_chat(*s);
}

// Insert and read-back share one transaction: the unique index on (user_id, nonce) decides
// whether this is a retry, and the returned row is the one that index holds. An empty nonce is
// stored as NULL, which the partial index ignores, so it never deduplicates. A retry returns
// the earlier row as stored, even if booth_id or text differ in the retry.
chat_insert sqlite_store::add_chat_message(std::int64_t booth_id, std::int64_t user_id,
                                           const std::string& text, const std::string& nonce,
                                           std::int64_t now_ms) {
  return locked(mutex_, "add_chat_message", [&] {
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    chat_insert result;
    std::int64_t id = 0;
    {
      auto s = prepare(
          "INSERT INTO chat_messages (booth_id, user_id, text, nonce, sent_at_ms) "
          "VALUES (?, ?, ?, ?, ?) "
          "ON CONFLICT (user_id, nonce) WHERE nonce IS NOT NULL DO NOTHING");
      s->bind(1, booth_id);
      s->bind(2, user_id);
      s->bind(3, text);
      if (nonce.empty()) {
        s->bind(4);  // NULL
      } else {
        s->bind(4, nonce);
      }
      s->bind(5, now_ms);
      result.created = s->exec() == 1;
      if (result.created) id = db_.getLastInsertRowid();
    }
    if (!result.created) {
      auto s = prepare("SELECT id FROM chat_messages WHERE user_id = ? AND nonce = ?");
      s->bind(1, user_id);
      s->bind(2, nonce);
      if (!s->executeStep()) throw store_error("store: chat nonce conflict without a row");
      id = s->getColumn(0).getInt64();
    }
    result.message = find_chat_locked(id);
    tx.commit();
    return result;
  });
}

// Reads newest-first through the (booth_id, id) index, then reverses to oldest-first.
// limit <= 0 returns nothing (SQLite would read a negative LIMIT as "no limit").
std::vector<chat_message> sqlite_store::chat_history(std::int64_t booth_id,
                                                     std::int64_t before_id, int limit) {
  return locked(mutex_, "chat_history", [&] {
    std::vector<chat_message> out;
    if (limit <= 0) return out;
    auto s = prepare(
        "SELECT m.id, m.booth_id, m.user_id, u.name, u.role, m.text, m.sent_at_ms "
        "FROM chat_messages m JOIN users u ON u.id = m.user_id "
        "WHERE m.booth_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?");
    s->bind(1, booth_id);
    s->bind(2, before_id == 0 ? std::numeric_limits<std::int64_t>::max() : before_id);
    s->bind(3, limit);
    while (s->executeStep()) out.push_back(read_chat(*s));
    std::reverse(out.begin(), out.end());
    return out;
  });
}

std::vector<chat_message> sqlite_store::chat_messages_of(std::int64_t user_id) {
  return locked(mutex_, "chat_messages_of", [&] {
    auto s = prepare(
        "SELECT m.id, m.booth_id, m.user_id, u.name, u.role, m.text, m.sent_at_ms "
        "FROM chat_messages m JOIN users u ON u.id = m.user_id WHERE m.user_id = ? ORDER BY m.id");
    s->bind(1, user_id);
    std::vector<chat_message> out;
    while (s->executeStep()) out.push_back(read_chat(*s));
    return out;
  });
}

bool sqlite_store::delete_user(std::int64_t user_id) {
  return locked(mutex_, "delete_user", [&] {
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    {
      auto s = prepare("DELETE FROM chat_messages WHERE user_id = ?");
      s->bind(1, user_id);
      s->exec();
    }
    int n = 0;
    {
      auto s = prepare("DELETE FROM users WHERE id = ?");
      s->bind(1, user_id);
      n = s->exec();
    }
    tx.commit();
    return n > 0;
  });
}

std::optional<std::string> sqlite_store::get_meta(const std::string& key) {
  return locked(mutex_, "get_meta", [&]() -> std::optional<std::string> {
    auto s = prepare("SELECT value FROM meta WHERE key = ?");
    s->bind(1, key);
    if (!s->executeStep()) return std::nullopt;
    return s->getColumn(0).getString();
  });
}

void sqlite_store::set_meta(const std::string& key, const std::string& value) {
  locked(mutex_, "set_meta", [&] {
    auto s = prepare(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    s->bind(1, key);
    s->bind(2, value);
    s->exec();
  });
}

// One IMMEDIATE transaction for all rows: with synchronous=FULL a commit per row would cost an
// fsync each. The statements are prepared here rather than cached: this runs once per load run.
std::vector<std::int64_t> sqlite_store::provision_load_users(
    const std::string& prefix, const std::vector<std::string>& token_hashes,
    const std::string& password_hash, std::int64_t session_expires_at) {
  return locked(mutex_, "provision_load_users", [&] {
    std::vector<std::int64_t> ids;
    ids.reserve(token_hashes.size());
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement insert_user(
        db_,
        "INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, 'jobseeker', ?) "
        "ON CONFLICT (email) DO NOTHING");
    SQLite::Statement find_user(db_, "SELECT id, role FROM users WHERE email = ?");
    SQLite::Statement insert_session(
        db_, "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)");
    const std::string lowered = lower_ascii(prefix);
    char number[16];
    for (std::size_t i = 0; i < token_hashes.size(); ++i) {
      std::snprintf(number, sizeof number, "-%06zu", i + 1);
      const std::string name = prefix + number;
      const std::string email = lowered + number + "@load.fuar.invalid";
      std::int64_t id = 0;
      insert_user.bind(1, email);
      insert_user.bind(2, name);
      insert_user.bind(3, password_hash);
      if (insert_user.exec() == 1) {
        id = db_.getLastInsertRowid();
      } else {
        find_user.bind(1, email);
        if (!find_user.executeStep()) throw store_error("store: load account vanished: " + name);
        if (find_user.getColumn(1).getString() != "jobseeker")
          throw store_error("store: provision_load_users: " + email + " exists and is not a jobseeker");
        id = find_user.getColumn(0).getInt64();
        find_user.reset();
      }
      insert_user.reset();
      insert_session.bind(1, token_hashes[i]);
      insert_session.bind(2, id);
      insert_session.bind(3, session_expires_at);
      insert_session.exec();
      insert_session.reset();
      ids.push_back(id);
    }
    tx.commit();
    return ids;
  });
}

std::unique_ptr<store> open_sqlite_store(const std::string& path,
                                         const std::string& migrations_dir) {
  return std::make_unique<sqlite_store>(path, migrations_dir);
}

}  // namespace fuar::store

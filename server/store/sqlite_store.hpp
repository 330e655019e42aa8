#pragma once
// fuar::store::sqlite_store — the SQLite implementation of fuar::store::store. Internal to the
// store library: other code calls store::open() and sees only the interface.
//
// Concurrency: one connection guarded by one std::mutex. SQLite admits a single writer at a
// time anyway, and with synchronous=FULL each commit costs an fsync that dominates any query
// we run; reads are short indexed lookups. A pool of reader connections would let reads
// overlap a commit, but would cost a per-connection statement cache and reasoning about
// snapshots; not worth it until measurements say so.
//
// Durability: WAL journal, synchronous=FULL, foreign_keys=ON, busy_timeout 5000 ms (for other
// processes, e.g. an admin tool, holding the write lock). Every mutating call commits before
// it returns.
#include "server/store/store.hpp"

#include "server/store/sqlite_conn.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace fuar::store {

class sqlite_store final : public store {
public:
  // Opens or creates the database at `path` and applies pending migrations from
  // `migrations_dir`. Throws store_error (naming the offending file for a bad migration).
  sqlite_store(const std::string& path, const std::string& migrations_dir);

  int schema_version() override;
  bool ping() override;

  std::optional<user> create_user(const std::string& email, const std::string& name, role r,
                                  const std::string& password_hash) override;
  std::optional<user> find_user_by_email(const std::string& email) override;
  std::optional<user> find_user(std::int64_t id) override;
  void set_password_hash(std::int64_t user_id, const std::string& password_hash) override;
  bool delete_user(std::int64_t user_id) override;

  void create_session(const std::string& token_hash, std::int64_t user_id,
                      std::int64_t expires_at) override;
  std::optional<user> find_session_user(const std::string& token_hash,
                                        std::int64_t now) override;
  void delete_session(const std::string& token_hash) override;
  int delete_expired_sessions(std::int64_t now) override;

  std::optional<std::string> get_meta(const std::string& key) override;
  void set_meta(const std::string& key, const std::string& value) override;

  std::vector<std::int64_t> provision_load_users(const std::string& prefix,
                                                 const std::vector<std::string>& token_hashes,
                                                 const std::string& password_hash,
                                                 std::int64_t session_expires_at) override;

  fairs_store& fairs() override { return *fairs_; }
  booths_store& booths() override { return *booths_; }
  people_store& people() override { return *people_; }
  cvs_store& cvs() override { return *cvs_; }
  chat_store& chat() override { return *chat_; }
  queues_store& queues() override { return *queues_; }
  rooms_store& rooms() override { return *rooms_; }
  slots_store& slots() override { return *slots_; }
  figures_store& figures() override { return *figures_; }

private:
  void configure();
  void migrate(const std::string& migrations_dir);
  int user_version();
  std::optional<user> find_user_locked(std::int64_t id);

  sqlite_conn c_;
  SQLite::Database& db_ = c_.db();
  std::unique_ptr<fairs_store> fairs_;
  std::unique_ptr<booths_store> booths_;
  std::unique_ptr<people_store> people_;
  std::unique_ptr<cvs_store> cvs_;
  std::unique_ptr<chat_store> chat_;
  std::unique_ptr<queues_store> queues_;
  std::unique_ptr<rooms_store> rooms_;
  std::unique_ptr<slots_store> slots_;
  std::unique_ptr<figures_store> figures_;
};

// Opens the SQLite store at `path` with the migrations of `migrations_dir`: store::open's
// "sqlite" case, and nothing outside the store library calls it.
std::unique_ptr<store> open_sqlite(const std::string& path, const std::string& migrations_dir);

}  // namespace fuar::store

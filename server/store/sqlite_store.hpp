#pragma once
// fuar::store::sqlite_store — the SQLite implementation of fuar::store::store. Internal to the
// store library: other code calls open_sqlite_store() and sees only the interface.
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
  std::vector<chat_message> chat_messages_of(std::int64_t user_id) override;

  void create_session(const std::string& token_hash, std::int64_t user_id,
                      std::int64_t expires_at) override;
  std::optional<user> find_session_user(const std::string& token_hash,
                                        std::int64_t now) override;
  void delete_session(const std::string& token_hash) override;
  int delete_expired_sessions(std::int64_t now) override;

  std::int64_t create_fair(const fair& f) override;
  std::vector<fair> list_fairs() override;
  std::optional<fair> find_fair(std::int64_t id) override;
  std::int64_t create_booth(const booth& b) override;
  std::vector<booth> list_booths(std::int64_t fair_id) override;
  std::optional<booth> find_booth(std::int64_t id) override;
  void add_booth_member(std::int64_t booth_id, std::int64_t user_id,
                        const std::string& member_role) override;
  bool is_booth_member(std::int64_t booth_id, std::int64_t user_id) override;

  chat_insert add_chat_message(std::int64_t booth_id, std::int64_t user_id,
                               const std::string& text, const std::string& nonce,
                               std::int64_t now_ms) override;
  std::vector<chat_message> chat_history(std::int64_t booth_id, std::int64_t before_id,
                                         int limit) override;

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
  using statement_lease = sqlite_conn::lease;

  void configure();
  void migrate(const std::string& migrations_dir);
  // Returns the cached prepared statement for `sql` (a string literal), reset and with no
  // bindings. Caller holds mutex_. The lease resets it again on scope exit so no statement keeps a read snapshot open.
  statement_lease prepare(const char* sql) { return conn_.prepare(sql); }
  int user_version();
  std::optional<user> find_user_locked(std::int64_t id);
  chat_message find_chat_locked(std::int64_t id);

  sqlite_conn conn_;
  std::mutex& mutex_ = conn_.mutex();
  SQLite::Database& db_ = conn_.db();
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

}  // namespace fuar::store

#pragma once
// fuar::store — what must not be lost.
//
// Guarantees: every mutating call returns only after its transaction is committed (SQLite in
// WAL mode with synchronous=FULL), so a caller may acknowledge the write as soon as the call
// returns. Calls are blocking: they run on the blocking thread pool, never on an I/O thread.
// Thread-safety: one store object may be called from several threads at once; the
// implementation serialises access to its connection(s) internally.
// Failure: a broken database or I/O error throws fuar::store::store_error; "not found" and
// "already exists" are ordinary results (std::optional / bool), not exceptions.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace fuar::store {

class fairs_store;
class booths_store;
class people_store;
class cvs_store;
// Parts of issue 5: include their headers where they are used (keeps store.hpp's dependants
// from recompiling when one of them changes).
class chat_store;
class queues_store;
class rooms_store;
class slots_store;
// The organiser's report figures (figures_store.hpp).
class figures_store;

struct store_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class role { jobseeker, employer, organiser };
std::string_view to_string(role r);
std::optional<role> role_from_string(std::string_view s);

struct user {
  std::int64_t id = 0;
  std::string email;  // stored lower-cased
  std::string name;
  role user_role = role::jobseeker;
  std::string password_hash;  // argon2id encoded string (libsodium format)
  std::int64_t created_at = 0;  // unix seconds
};

struct fair {
  std::int64_t id = 0;
  std::string title_tr, title_en;
  std::string description_tr, description_en;
  std::string theme;           // free text, e.g. "youth"
  std::string timezone;        // IANA name, e.g. "Europe/Istanbul"
  std::int64_t starts_at = 0;  // unix seconds, UTC
  std::int64_t ends_at = 0;
  std::string status;          // stored decision: draft | published | live | closed (fair/status.hpp derives the shown one)
  bool is_demo = false;
  std::int64_t capacity = 0;   // registrations; 0 = no limit
  std::optional<std::int64_t> min_age, max_age;  // eligibility (ages in completed years at the fair's start)
  std::int64_t created_by = 0; // organiser's user id; 0 = unknown (demo, admin)
  std::int64_t created_at = 0, updated_at = 0;
};

struct booth {
  std::int64_t id = 0;
  std::int64_t fair_id = 0;
  std::string name;
  std::string sector;
  std::string city;
  std::string description;
  bool is_demo = false;
  std::string website, video_url;
  std::string logo_file;  // storage name under <files_dir>/logos; "" = no logo
  std::string logo_type;  // image/png | image/jpeg | image/webp
  std::optional<std::int64_t> opens_at, closes_at;  // within the fair; nullopt = the fair's hours
  std::int64_t updated_at = 0;
};

struct chat_message {
  std::int64_t id = 0;
  std::int64_t booth_id = 0;
  std::int64_t user_id = 0;
  std::string user_name;
  role user_role = role::jobseeker;
  std::string text;
  std::int64_t sent_at_ms = 0;  // unix milliseconds
};

// Result of an idempotent chat insert: `created` is false when (user_id, nonce) was already
// stored, in which case `message` is the earlier row (a client retry after a reconnect).
struct chat_insert {
  chat_message message;
  bool created = false;
};

class store {
public:
  virtual ~store() = default;

  // Schema version after migrations; ping() runs a trivial query (for /healthz).
  virtual int schema_version() = 0;
  virtual bool ping() = 0;

  // Accounts. create_user returns nullopt when the (lower-cased) email is taken.
  virtual std::optional<user> create_user(const std::string& email, const std::string& name,
                                          role r, const std::string& password_hash) = 0;
  virtual std::optional<user> find_user_by_email(const std::string& email) = 0;
  virtual std::optional<user> find_user(std::int64_t id) = 0;
  virtual void set_password_hash(std::int64_t user_id, const std::string& password_hash) = 0;
  // Account deletion, the core part: in one transaction deletes the user's chat messages and
  // the user row; sessions, profile, demographics, registrations, memberships and CV rows
  // cascade, other references (created_by, actor, downloaded_by, applications.user_id) become
  // NULL. Call the capabilities' own deletion (files, anonymisation) first. False: no such user.
  virtual bool delete_user(std::int64_t user_id) = 0;

  // Sessions are stored by the hash of their token only. find_session_user returns the user
  // when the session exists and expires_at > now (unix seconds).
  virtual void create_session(const std::string& token_hash, std::int64_t user_id,
                              std::int64_t expires_at) = 0;
  virtual std::optional<user> find_session_user(const std::string& token_hash,
                                                std::int64_t now) = 0;
  virtual void delete_session(const std::string& token_hash) = 0;
  // Removes expired sessions; returns how many.
  virtual int delete_expired_sessions(std::int64_t now) = 0;

  // Fairs and booths.
  virtual std::int64_t create_fair(const fair& f) = 0;  // returns the new id
  virtual std::vector<fair> list_fairs() = 0;           // by starts_at, then id
  virtual std::optional<fair> find_fair(std::int64_t id) = 0;
  virtual std::int64_t create_booth(const booth& b) = 0;
  virtual std::vector<booth> list_booths(std::int64_t fair_id) = 0;  // by name
  virtual std::optional<booth> find_booth(std::int64_t id) = 0;
  // Booth staff: member_role is "owner" or "recruiter".
  virtual void add_booth_member(std::int64_t booth_id, std::int64_t user_id,
                                const std::string& member_role) = 0;
  virtual bool is_booth_member(std::int64_t booth_id, std::int64_t user_id) = 0;

  // Booth public chat. Idempotent on (user_id, nonce) when nonce is non-empty.
  virtual chat_insert add_chat_message(std::int64_t booth_id, std::int64_t user_id,
                                       const std::string& text, const std::string& nonce,
                                       std::int64_t now_ms) = 0;
  // Newest-first page of messages with id < before_id (0 = from the newest), at most limit,
  // returned oldest-first.
  virtual std::vector<chat_message> chat_history(std::int64_t booth_id, std::int64_t before_id,
                                                 int limit) = 0;

  // Everything a user wrote in booth chats, oldest first (data export).
  virtual std::vector<chat_message> chat_messages_of(std::int64_t user_id) = 0;

  // Small key/value table for node-local facts (e.g. "demo_seeded").
  virtual std::optional<std::string> get_meta(const std::string& key) = 0;
  virtual void set_meta(const std::string& key, const std::string& value) = 0;

  // The capabilities of issue 4, each its own interface over the same database
  // (fairs_store.hpp, booths_store.hpp, people_store.hpp, cvs_store.hpp).
  virtual fairs_store& fairs() = 0;
  virtual booths_store& booths() = 0;
  virtual people_store& people() = 0;
  virtual cvs_store& cvs() = 0;
  virtual chat_store& chat() = 0;
  virtual queues_store& queues() = 0;
  virtual rooms_store& rooms() = 0;
  virtual slots_store& slots() = 0;
  virtual figures_store& figures() = 0;

  // Load runs only (`fuar admin provision-load`): in ONE transaction, ensures the jobseeker
  // accounts "<prefix>-000001" ... (email "<prefix>-000001@load.fuar.invalid"), one per entry
  // of `token_hashes`, all with the same `password_hash`, and stores session i with
  // token_hashes[i] for account i, expiring at `session_expires_at` (unix seconds). Accounts
  // that already exist are reused (their earlier sessions stay valid until they expire).
  // Returns the user ids in the order of `token_hashes`. Throws store_error (and commits
  // nothing) when a reused email belongs to an account that is not a jobseeker, or when a
  // token hash is already stored.
  virtual std::vector<std::int64_t> provision_load_users(const std::string& prefix,
                                                         const std::vector<std::string>& token_hashes,
                                                         const std::string& password_hash,
                                                         std::int64_t session_expires_at) = 0;
};

}  // namespace fuar::store

#include "server/store/booths_store.hpp"
#include "server/store/cvs_store.hpp"
#include "server/store/fairs_store.hpp"
#include "server/store/people_store.hpp"

namespace fuar::store {

// Opens (creating if needed) the SQLite database at `path`, applies pending migrations from
// the numbered .sql files in `migrations_dir` (001_init.sql, 002_....sql) inside one
// transaction each, and records the version in PRAGMA user_version. Throws store_error.
std::unique_ptr<store> open_sqlite_store(const std::string& path,
                                         const std::string& migrations_dir);

// The migrations folder compiled into the build (server/store/migrations in the source tree).
std::string default_migrations_dir();

}  // namespace fuar::store

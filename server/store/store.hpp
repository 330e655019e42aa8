#pragma once
// fuar::store — what must not be lost: the interface the domain sees. store::open() chooses the
// implementation (SQLite today); the domain never names it.
//
// The contract every implementation keeps (tests/shared/store_conformance.inc checks it):
// - Durability: a mutating call returns only after its transaction is committed and on stable
//   storage, so the caller may acknowledge the write as soon as the call returns, and a store
//   opened afresh on the same data (after a restart or a crash) sees it.
// - Atomicity: each call is one transaction. A call that fails (throws) has written nothing;
//   a call that reports a refusal (an outcome enum, false, nullopt) has written nothing either,
//   unless its comment says otherwise.
// - Blocking and thread-safe: calls block and may come from several threads at once (the
//   blocking pool, never an I/O thread). Writes that read what they decide on (a quota, a
//   capacity, the last place, a unique claim) are isolated from each other: of two racing
//   calls exactly one wins, also across processes sharing the data.
// - Errors: store_error means the store could not do its job (I/O, a broken database, a
//   broken invariant such as an unknown foreign key the caller should have checked); its
//   message names the call, never a bound value (no password, message text or email).
//   "not found", "already exists", "full" and the like are ordinary results, not exceptions.
// - Order: every list states its order; ties are broken by id so pages are stable.
// - Ids are positive and never reused within one store; 0 means "none" in the structs.
// - Time is given by the caller (`now`, unix seconds unless a name says _ms), so tests and
//   several nodes agree; the store reads its own clock only for users.created_at.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace fuar::store {

// The parts of the store, one per capability, each over the same data; include a part's header
// where it is used (keeps store.hpp's dependants from recompiling when one of them changes).
class fairs_store;    // fairs, target groups, invitations
class booths_store;   // booths, booth staff, jobs, occupations, the hall search, availability
class people_store;   // profiles, demographics, registrations
class cvs_store;      // CVs, applications, downloads
class chat_store;     // the public booth chat, private threads, reports, moderation
class queues_store;   // booth queues
class rooms_store;    // interview rooms
class slots_store;    // interview slots, bookings, waitlists, reminders, calendar feeds
class figures_store;  // visits and the organiser's report figures

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

// What a search box asked for, in words. Each call that searches names the texts it looks in;
// one of them matches when it alone contains every word, compared without case, without
// diacritics ("sofor" and "şoför" meet, "cagri" finds "Çağrı") and with the Turkish dotted and
// dotless i as plain i ("izmir" finds "İzmir", "KAYNAKÇI" finds "kaynakçı"). A word matches
// whole words; with `prefix` also the words it begins ("kaynak" finds "Kaynakçısı"). Words are
// plain text: nothing in them is query syntax.
struct search_word {
  std::string text;
  bool prefix = false;
};
using text_search = std::vector<search_word>;

class store {
public:
  virtual ~store() = default;

  // Schema version after migrations; ping() is true when the store answers (for /healthz) and
  // never throws.
  virtual int schema_version() = 0;
  virtual bool ping() = 0;

  // Accounts. Emails are unique ignoring ASCII case and stored lower-cased. create_user stamps
  // created_at and returns nullopt when the email is taken (of two racing sign-ups one wins).
  virtual std::optional<user> create_user(const std::string& email, const std::string& name,
                                          role r, const std::string& password_hash) = 0;
  virtual std::optional<user> find_user_by_email(const std::string& email) = 0;
  virtual std::optional<user> find_user(std::int64_t id) = 0;
  virtual void set_password_hash(std::int64_t user_id, const std::string& password_hash) = 0;
  // Account deletion, the core part: in one transaction deletes the user, their public chat
  // messages, sessions, profile, demographics, registrations, booth memberships and CV rows;
  // other references to them (fairs created, moderation actor, CV downloads, anonymised
  // applications) are kept without the user. Call the capabilities' own deletion (files,
  // anonymisation) first. False: no such user.
  virtual bool delete_user(std::int64_t user_id) = 0;

  // Sessions are stored by the hash of their token only (unique: a repeated hash or an unknown
  // user is a store_error). find_session_user returns the user when the session exists and
  // expires_at > now.
  virtual void create_session(const std::string& token_hash, std::int64_t user_id,
                              std::int64_t expires_at) = 0;
  virtual std::optional<user> find_session_user(const std::string& token_hash,
                                                std::int64_t now) = 0;
  virtual void delete_session(const std::string& token_hash) = 0;
  // Removes the sessions with expires_at <= now (exactly those find_session_user refuses);
  // returns how many.
  virtual int delete_expired_sessions(std::int64_t now) = 0;

  // Small key/value table for facts about this store (e.g. "demo_seeded"); set overwrites.
  virtual std::optional<std::string> get_meta(const std::string& key) = 0;
  virtual void set_meta(const std::string& key, const std::string& value) = 0;

  // The parts (see the list above). Each operation has one home: the part of the capability
  // that owns its data; the root keeps what belongs to no capability (accounts, sessions,
  // meta, health). A part lives as long as the store.
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

// Where the store lives. Which fields matter depends on `type`.
struct options {
  std::string type = "sqlite";  // "sqlite": one database file on this machine (the only type today)
  std::string sqlite_path;      // sqlite: the database file, created when missing
  std::string migrations_dir;   // "" = the build's migrations folder for `type`
};

// The one way to get a store. Opens (creating if needed) the store `o` describes and applies
// the migrations it has not seen yet, each in its own transaction, in number order; refuses a
// store whose schema is newer than the newest migration. Throws store_error naming the cause:
// an unknown type, an unreachable database, a malformed or failing migration.
std::unique_ptr<store> open(const options& o);

// The migrations folder compiled into the build for one dialect ("sqlite":
// server/store/migrations/sqlite in the source tree).
std::string default_migrations_dir(const std::string& dialect);

}  // namespace fuar::store

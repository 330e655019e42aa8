#pragma once
// fuar::store::fairs_store — the fairs capability's durable data: fairs, their target groups
// and the invitations that bring firms and colleagues in. The guarantees of store.hpp hold.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/store.hpp"

namespace fuar::store {

struct fair_target_group {
  std::string key;  // [a-z0-9_-], 1..40
  std::string label_tr, label_en;
  bool builtin = false;
};

// One of the organiser's fairs with the counts the "my fairs" page shows.
struct fair_summary {
  fair f;
  std::int64_t booths = 0;
  std::int64_t pending_invitations = 0;  // not accepted, not revoked, not expired at `now`
};

struct invitation {
  std::int64_t id = 0;
  std::string kind;            // firm | colleague
  std::int64_t fair_id = 0;
  std::int64_t booth_id = 0;   // colleague: the booth; firm: the booth created on acceptance; 0 = none yet
  std::string firm_name;       // firm: the booth's name to be
  std::string email;           // lower-cased; whom the link is meant for (informational)
  std::int64_t created_by = 0;
  std::int64_t created_at = 0, expires_at = 0;
  std::optional<std::int64_t> accepted_at, accepted_by, revoked_at;
};

// pending | accepted | revoked | expired at `now` (accepted and revoked win over expiry).
std::string invitation_state(const invitation& inv, std::int64_t now);

// A new employer account created by accepting an invitation (the password already hashed).
struct new_account {
  std::string email;  // lower-cased by the store
  std::string name;
  std::string password_hash;
  std::string session_token_hash;  // the session stored with the account, in the same transaction
  std::int64_t session_expires_at = 0;
};

enum class accept_outcome {
  accepted,
  not_found,     // no invitation with this token
  already_used,  // accepted before (by anyone)
  revoked,
  expired,
  email_taken,   // new_account's email belongs to an existing account
};

struct accept_result {
  accept_outcome outcome = accept_outcome::not_found;
  invitation inv;           // as stored after the call (when found)
  std::optional<user> account;  // the accepting user (created or existing) when accepted
  std::int64_t booth_id = 0;    // the booth the user now belongs to, when accepted
};

class fairs_store {
public:
  virtual ~fairs_store() = default;

  // ---- target groups ----
  virtual std::vector<fair_target_group> list_target_groups() = 0;  // built-ins first, then by key
  // False when the key exists already (nothing written).
  virtual bool add_target_group(const fair_target_group& g) = 0;
  virtual std::vector<std::string> fair_target_groups(std::int64_t fair_id) = 0;  // keys, sorted

  // ---- fairs ----
  // Every fair, by starts_at, then id.
  virtual std::vector<fair> list_fairs() = 0;
  virtual std::optional<fair> find_fair(std::int64_t id) = 0;
  // Inserts the fair (f.id ignored; created_at = updated_at = now) and its target groups in one
  // transaction; returns the id. An unknown group key or status throws store_error: callers
  // validate them first.
  virtual std::int64_t create_fair(const fair& f, const std::vector<std::string>& groups, std::int64_t now) = 0;
  // Writes every mutable column of f (texts, theme, timezone, times, status, capacity, ages) and,
  // when `groups` is given, replaces the fair's target groups, in one transaction; updated_at =
  // now. False when the fair does not exist.
  virtual bool update_fair(const fair& f, const std::vector<std::string>* groups, std::int64_t now) = 0;
  // The fairs whose created_by is `organiser_id`, newest start first, with counts.
  virtual std::vector<fair_summary> organiser_fairs(std::int64_t organiser_id, std::int64_t now) = 0;

  // ---- invitations ----
  // Stores a new invitation (inv.id, accepted_*, revoked_at ignored) under the token's hash;
  // returns it with its id.
  virtual invitation create_invitation(const invitation& inv, const std::string& token_hash) = 0;
  virtual std::optional<invitation> find_invitation(std::int64_t id) = 0;
  virtual std::optional<invitation> find_invitation_by_token(const std::string& token_hash) = 0;
  virtual std::vector<invitation> fair_invitations(std::int64_t fair_id) = 0;    // kind firm, newest first
  virtual std::vector<invitation> booth_invitations(std::int64_t booth_id) = 0;  // kind colleague, newest first
  // Revokes a pending invitation. False (nothing written) when it is not pending at `now`.
  virtual bool revoke_invitation(std::int64_t id, std::int64_t now) = 0;
  // Accepts the invitation with this token in one transaction, so of two concurrent accepts
  // exactly one wins: checks that it is pending at `now`; creates the account when
  // `account` is given (else uses `existing_user_id`, an employer); firm: creates the booth
  // (name = firm_name) in the fair with the user as owner; colleague: adds the user as recruiter
  // of the booth (an existing member keeps their role); marks the invitation accepted. Any
  // outcome other than `accepted` writes nothing.
  virtual accept_result accept_invitation(const std::string& token_hash, std::int64_t now,
                                          std::int64_t existing_user_id, const std::optional<new_account>& account) = 0;
};

}  // namespace fuar::store

#pragma once
// fuar::store::chat_store — the chat capability's durable data: the public booth chat, private
// booth threads (jobseeker–booth conversations, read state), message reports, mutes and
// fair-wide bans. The guarantees of store.hpp hold. Message ids grow with insertion order (the
// pages below rely on it); a nonce makes an insert idempotent per author.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/store.hpp"

namespace fuar::store {

struct chat_thread {
  std::int64_t id = 0;
  std::int64_t booth_id = 0;
  std::int64_t fair_id = 0;
  std::string booth_name;
  std::int64_t jobseeker_id = 0;
  std::string jobseeker_name;
  std::int64_t created_at = 0;       // unix seconds
  std::int64_t last_message_at = 0;  // unix milliseconds; 0 = no message yet
  std::int64_t jobseeker_read = 0;   // newest message id the jobseeker has read
  std::int64_t booth_read = 0;       // newest message id the booth's staff have read
  std::int64_t unread = 0;           // list calls: messages from the other side after the side's mark
};

struct thread_message {
  std::int64_t id = 0;
  std::int64_t thread_id = 0;
  std::int64_t author_id = 0;
  std::string author_name;
  role author_role = role::jobseeker;
  std::string text;
  std::int64_t sent_at_ms = 0;
};

// Idempotent insert on (author, nonce): `created` false means the earlier row is returned; it
// may belong to another thread (the caller refuses that).
struct thread_insert {
  thread_message message;
  bool created = false;
};

// A message of either kind, as moderation needs it.
struct message_ref {
  std::string kind;  // public | thread
  std::int64_t id = 0;
  std::int64_t booth_id = 0;
  std::int64_t fair_id = 0;
  std::int64_t thread_id = 0;  // thread only
  std::int64_t author_id = 0;
  std::string text;
};

struct chat_report {
  std::int64_t id = 0;
  std::int64_t fair_id = 0;
  std::int64_t booth_id = 0;
  std::string booth_name;
  std::string kind;
  std::int64_t message_id = 0;
  std::int64_t thread_id = 0;
  std::int64_t author_id = 0;
  std::string author_name;
  std::int64_t reporter_id = 0;
  std::string reporter_name;
  std::string reason;
  std::string text;    // snapshot when reported
  std::string status;  // open | deleted | dismissed
  std::int64_t created_at = 0;
};

struct chat_sanction {  // a mute (until > 0) or a ban (until == 0)
  std::int64_t fair_id = 0;
  std::int64_t user_id = 0;
  std::string user_name;
  std::int64_t until = 0;
  std::string reason;
  std::int64_t created_by = 0;  // 0 = account gone
  std::string created_by_name;
  std::int64_t created_at = 0;
};

// Data export (server/privacy): a thread message the user wrote, with the thread's booth.
struct own_thread_message {
  std::int64_t id = 0;
  std::int64_t thread_id = 0;
  std::int64_t booth_id = 0;
  std::string booth_name;
  std::string text;
  std::int64_t sent_at_ms = 0;
};

struct moderation_entry {
  std::int64_t id = 0;
  std::int64_t fair_id = 0;
  std::int64_t actor_id = 0;  // 0 = account gone
  std::string actor_name;
  std::string action;         // delete | dismiss | mute | unmute | ban | unban
  std::int64_t target_user_id = 0;
  std::string target_name;
  std::string kind;           // "" unless a message action
  std::int64_t message_id = 0;
  std::string detail;
  std::int64_t at = 0;
};

class chat_store {
public:
  virtual ~chat_store() = default;

  // ---- the public booth chat ----
  // Idempotent on (user_id, nonce) when nonce is non-empty: a retry returns the earlier row as
  // stored (even if booth or text differ) with created false. An unknown booth or user throws
  // store_error.
  virtual chat_insert add_chat_message(std::int64_t booth_id, std::int64_t user_id, const std::string& text,
                                       const std::string& nonce, std::int64_t now_ms) = 0;
  // Newest-first page of messages with id < before_id (0 = from the newest), at most limit
  // (none when limit <= 0), returned oldest-first.
  virtual std::vector<chat_message> chat_history(std::int64_t booth_id, std::int64_t before_id, int limit) = 0;
  // Everything a user wrote in booth chats, oldest first (data export).
  virtual std::vector<chat_message> chat_messages_of(std::int64_t user_id) = 0;

  // ---- threads ----
  // The (booth, jobseeker) thread, created when missing; `created` tells which.
  virtual chat_thread open_thread(std::int64_t booth_id, std::int64_t jobseeker_id, std::int64_t now,
                                  bool& created) = 0;
  virtual std::optional<chat_thread> find_thread(std::int64_t thread_id) = 0;
  // The jobseeker's threads (optionally of one booth), newest activity first, at most `limit`;
  // `unread` counts the booth's messages after the jobseeker's read mark.
  virtual std::vector<chat_thread> threads_of_jobseeker(std::int64_t user_id, std::int64_t booth_id, int limit) = 0;
  // The booth's threads, newest activity first, at most `limit`; `unread` counts the
  // jobseeker's messages after the booth's read mark.
  virtual std::vector<chat_thread> threads_of_booth(std::int64_t booth_id, int limit) = 0;
  virtual thread_insert add_thread_message(std::int64_t thread_id, std::int64_t author_id, const std::string& text,
                                           const std::string& nonce, std::int64_t now_ms) = 0;
  // Newest-first page of ids < before_id (0 = newest), at most limit, returned oldest-first.
  virtual std::vector<thread_message> thread_history(std::int64_t thread_id, std::int64_t before_id, int limit) = 0;
  virtual std::optional<thread_message> find_thread_message(std::int64_t message_id) = 0;
  // Moves one side's read mark forward to `message_id` (never back); returns the mark in force.
  virtual std::int64_t mark_read(std::int64_t thread_id, bool booth_side, std::int64_t message_id) = 0;
  // Thread messages a user wrote (in any thread: as the jobseeker or as booth staff), oldest
  // first, at most `limit` (data export).
  virtual std::vector<own_thread_message> thread_messages_of(std::int64_t user_id, int limit) = 0;

  // ---- reports and moderation ----
  // kind "public" (chat_messages) or "thread" (thread_messages).
  virtual std::optional<message_ref> find_message(const std::string& kind, std::int64_t message_id) = 0;
  // False when this reporter already reported this message.
  virtual bool add_report(const message_ref& m, std::int64_t reporter_id, const std::string& reason,
                          std::int64_t now) = 0;
  // The fair's reports, newest first; status "" = every status.
  virtual std::vector<chat_report> reports(std::int64_t fair_id, const std::string& status, int limit) = 0;
  virtual std::optional<chat_report> find_report(std::int64_t report_id) = 0;
  // In one transaction: deletes the message, marks its reports "deleted", logs. False: gone.
  virtual bool delete_message(const message_ref& m, std::int64_t actor_id, const std::string& detail,
                              std::int64_t now) = 0;
  // Marks an open report dismissed and logs; false when it is not open.
  virtual bool dismiss_report(std::int64_t report_id, std::int64_t actor_id, std::int64_t now) = 0;
  // Mute until `until` (replaces a running mute) and log.
  virtual void mute(std::int64_t fair_id, std::int64_t user_id, std::int64_t until, const std::string& reason,
                    std::int64_t actor_id, std::int64_t now) = 0;
  // False when no mute was in force.
  virtual bool unmute(std::int64_t fair_id, std::int64_t user_id, std::int64_t actor_id, std::int64_t now) = 0;
  // False when already banned (nothing changes).
  virtual bool ban(std::int64_t fair_id, std::int64_t user_id, const std::string& reason, std::int64_t actor_id,
                   std::int64_t now) = 0;
  virtual bool unban(std::int64_t fair_id, std::int64_t user_id, std::int64_t actor_id, std::int64_t now) = 0;
  // The end of the user's mute in the fair when it is later than `now`.
  virtual std::optional<std::int64_t> muted_until(std::int64_t fair_id, std::int64_t user_id, std::int64_t now) = 0;
  virtual bool is_banned(std::int64_t fair_id, std::int64_t user_id) = 0;
  // Every user with a ban in any fair (the node's fast-path filter).
  virtual std::vector<std::int64_t> banned_users() = 0;
  virtual std::vector<chat_sanction> mutes(std::int64_t fair_id, std::int64_t now) = 0;
  virtual std::vector<chat_sanction> bans(std::int64_t fair_id) = 0;
  virtual std::vector<moderation_entry> moderation_log(std::int64_t fair_id, int limit) = 0;

  // ---- data export (server/privacy) ----
  // Reports the user filed, oldest first, at most `limit`.
  virtual std::vector<chat_report> reports_by(std::int64_t reporter_id, int limit) = 0;
  // Every mute (until > 0, expired ones included while their row stays) and ban (until == 0)
  // on the user, in any fair, oldest first, at most `limit`. Who imposed it is left out:
  // created_by is 0 and created_by_name empty (the organiser's identity is not the user's data).
  virtual std::vector<chat_sanction> sanctions_of(std::int64_t user_id, int limit) = 0;
};

}  // namespace fuar::store

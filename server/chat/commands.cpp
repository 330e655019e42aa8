// The chat capability's command table (server/contract/commands.hpp): a booth's public chat
// (chat.send, chat.history; PROTOCOL.md §3), private booth threads (jobseeker ↔ the booth's
// staff) with read state and typing, message reports, and the fair organiser's moderation
// (delete, mute, ban). protocol/ws/chat.md is the contract of all but the public chat.
//
// Who may do what, in short: a thread is visible to its jobseeker, to the booth's staff, and
// read-only to the fair's organiser (moderation); to everyone else it does not exist
// (`not_found`). Anyone who can read a message may report it, once. Moderation commands belong
// to the organiser who created the fair (any organiser when the fair has no recorded creator).
//
// Pushes (after the commit): chat.message on booth:{booth} (with history); thread.message / thread.deleted on user:{jobseeker} and
// staff:{booth} (with history); thread.read and thread.typing ephemeral; chat.deleted on
// booth:{booth} (with history). A ban closes every socket of the user with 4200.
#include "server/chat/commands.hpp"

#include <array>
#include <chrono>
#include <iostream>
#include <map>
#include <mutex>

#include "server/contract/policy.hpp"
#include "protocol/close_codes.hpp"
#include "protocol/status.hpp"
#include "protocol/topics.hpp"
#include "server/chat/guard.hpp"
#include "server/store/chat_store.hpp"
#include "server/util/clock.hpp"

namespace fuar::chat {

using api::command_ctx;
using api::failure;
using nlohmann::json;
using protocol::error_code;

namespace {

constexpr int threads_listed = 200;
constexpr int reports_listed = 200;
constexpr int log_listed = 200;
constexpr std::int64_t typing_every_ms = 2000;
constexpr std::int64_t max_mute_minutes = 7 * 24 * 60;

using protocol::user_topic;
using protocol::staff_topic;
using protocol::booth_topic;

// Commit-then-publish under a per-thread stripe, so push offsets follow commit order.
std::mutex& order_of(std::int64_t thread_id) {
  static std::array<std::mutex, 64> stripes;
  return stripes[std::size_t(thread_id) % stripes.size()];
}

// ---- field helpers --------------------------------------------------------------------------

// Text without control characters (newlines and tabs allowed when `multiline`); the catalogue
// has already bounded the length and checked UTF-8.
std::string text_field(const json& data, const char* name, bool multiline) {
  if (!data.contains(name)) return "";
  std::string s(protocol::trim(data[name].get_ref<const std::string&>()));
  for (unsigned char ch : s) {
    bool allowed_ws = multiline && (ch == '\n' || ch == '\t' || ch == '\r');
    if ((ch < 0x20 && !allowed_ws) || ch == 0x7f)
      throw failure(error_code::invalid, std::string(name) + ": control characters are not allowed",
                    std::string("data.") + name);
  }
  return s;
}

std::string kind_field(const json& data) {
  std::string k = data["kind"];
  if (k != "public" && k != "thread")
    throw failure(error_code::invalid, "kind: must be public or thread", "data.kind");
  return k;
}

// ---- access ---------------------------------------------------------------------------------

enum class side { jobseeker, booth, moderator };

const char* side_name(side s) {
  return s == side::jobseeker ? "jobseeker" : s == side::booth ? "booth" : "moderator";
}

bool is_moderator(const store::fair& f, const store::user& u) {
  return u.user_role == store::role::organiser && (f.created_by == u.id || f.created_by == 0);
}

store::fair moderated_fair(command_ctx& ctx, std::int64_t fair_id, const char* field = "data.fair_id") {
  auto f = ctx.st.fairs().find_fair(fair_id);
  if (!f) throw failure(error_code::not_found, "no such fair", field);
  if (!is_moderator(*f, ctx.me()))
    throw failure(error_code::forbidden, "only the organiser of this fair may moderate it");
  return *f;
}

void refuse_banned(command_ctx& ctx, std::int64_t fair_id) {
  if (ctx.me().user_role != store::role::organiser && ctx.st.chat().is_banned(fair_id, ctx.me().id))
    throw failure(error_code::forbidden, "you are banned from this fair");
}

struct access {
  store::chat_thread thread;
  side who;
};

// The thread as the caller may see it; `not_found` for everyone who may not.
access thread_access(command_ctx& ctx, std::int64_t thread_id) {
  auto t = ctx.st.chat().find_thread(thread_id);
  const auto& u = ctx.me();
  if (t) {
    if (u.user_role == store::role::jobseeker && t->jobseeker_id == u.id) {
      refuse_banned(ctx, t->fair_id);
      return {*t, side::jobseeker};
    }
    if (u.user_role == store::role::employer && ctx.st.booths().is_booth_member(t->booth_id, u.id)) {
      refuse_banned(ctx, t->fair_id);
      return {*t, side::booth};
    }
    if (u.user_role == store::role::organiser)
      if (auto f = ctx.st.fairs().find_fair(t->fair_id); f && is_moderator(*f, u)) return {*t, side::moderator};
  }
  throw failure(error_code::not_found, "no such thread", "data.thread_id");
}

void refuse_read_only(const access& a) {
  if (a.who == side::moderator) throw failure(error_code::forbidden, "organisers read threads without taking part");
}

// ---- JSON shapes ----------------------------------------------------------------------------

json thread_json(const store::chat_thread& t) {
  return {{"id", t.id},
          {"booth", {{"id", t.booth_id}, {"name", t.booth_name}}},
          {"fair_id", t.fair_id},
          {"jobseeker", {{"id", t.jobseeker_id}, {"name", t.jobseeker_name}}},
          {"created_at", t.created_at},
          {"last_message_at_ms", t.last_message_at},
          {"read", {{"jobseeker", t.jobseeker_read}, {"booth", t.booth_read}}},
          {"unread", t.unread}};
}

json message_json(const store::thread_message& m, const store::chat_thread& t) {
  return {{"id", m.id},
          {"thread_id", m.thread_id},
          {"author", {{"id", m.author_id}, {"name", m.author_name}, {"role", store::to_string(m.author_role)}}},
          {"side", m.author_id == t.jobseeker_id ? "jobseeker" : "booth"},
          {"text", m.text},
          {"sent_at_ms", m.sent_at_ms}};
}

void publish_both(command_ctx& ctx, const store::chat_thread& t, const std::string& event, const json& d) {
  ctx.publish(user_topic(t.jobseeker_id), event, d);
  ctx.publish(staff_topic(t.booth_id), event, d);
}

// ---- public booth chat ----------------------------------------------------------------------

// A message of a booth's public chat (PROTOCOL.md §3, `message` object).
json booth_message_json(const store::chat_message& m) {
  return {{"id", m.id},
          {"booth_id", m.booth_id},
          {"user", {{"id", m.user_id}, {"name", m.user_name}, {"role", store::to_string(m.user_role)}}},
          {"text", m.text},
          {"sent_at_ms", m.sent_at_ms}};
}

// Commit-then-publish under a per-booth stripe, so the offsets of booth:{id} follow commit order
// (live pushes and chat.history agree on the order of messages).
std::mutex& booth_order_of(std::int64_t booth_id) {
  static std::array<std::mutex, 64> stripes;
  return stripes[std::size_t(booth_id) % stripes.size()];
}

json cmd_chat_send(command_ctx& ctx) {
  std::int64_t booth_id = ctx.data["booth_id"];
  std::string text(protocol::trim(ctx.data["text"].get_ref<const std::string&>()));
  std::string nonce = ctx.data.value("nonce", "");
  if (auto e = api::policy::can_chat(ctx.st, ctx.me(), booth_id)) throw failure(e->code, e->message, e->field);
  // Fair-wide mute and the per-user message rate (public and private chat together).
  if (auto e = before_send(ctx.st, ctx.cfg, ctx.me(), booth_id, util::unix_ms())) {
    failure f(e->code, e->message, e->field);
    f.err.retry_after = e->retry_after;
    throw f;
  }
  std::lock_guard order(booth_order_of(booth_id));
  // The clock is read under the stripe, so sent_at_ms follows commit order too.
  auto ins = ctx.st.chat().add_chat_message(booth_id, ctx.me().id, text, nonce, util::unix_ms());
  auto msg = booth_message_json(ins.message);
  // Committed: now publish. A retry with the same nonce publishes nothing new.
  if (ins.created) ctx.publish(booth_topic(booth_id), "chat.message", msg);
  return {{"message", std::move(msg)}};
}

json cmd_chat_history(command_ctx& ctx) {
  std::int64_t booth_id = ctx.data["booth_id"];
  std::int64_t before = ctx.data.value("before", std::int64_t(0));
  int limit = int(ctx.data.value("limit", std::int64_t(50)));
  if (auto e = api::policy::can_read_booth(ctx.st, ctx.me(), booth_id)) throw failure(e->code, e->message, e->field);
  // One extra row tells whether an older page exists.
  auto rows = ctx.st.chat().chat_history(booth_id, before, limit + 1);
  bool has_more = int(rows.size()) > limit;
  auto list = json::array();
  for (std::size_t i = has_more ? 1 : 0; i < rows.size(); ++i) list.push_back(booth_message_json(rows[i]));
  return {{"messages", std::move(list)}, {"has_more", has_more}};
}

// ---- threads --------------------------------------------------------------------------------

json cmd_thread_open(command_ctx& ctx) {
  std::int64_t booth_id = ctx.data["booth_id"];
  if (auto e = api::policy::can_chat(ctx.st, ctx.me(), booth_id)) {
    if (e->field.empty() && e->code == error_code::not_found) e->field = "data.booth_id";
    throw failure(e->code, e->message, e->field);
  }
  bool created = false;
  auto t = ctx.st.chat().open_thread(booth_id, ctx.me().id, ctx.now(), created);
  return {{"thread", thread_json(t)}, {"created", created}};
}

json cmd_thread_list(command_ctx& ctx) {
  const auto& u = ctx.me();
  std::int64_t booth_id = ctx.data.value("booth_id", std::int64_t(0));
  auto out = json::array();
  if (u.user_role == store::role::jobseeker) {
    for (const auto& t : ctx.st.chat().threads_of_jobseeker(u.id, booth_id, threads_listed)) out.push_back(thread_json(t));
    return {{"threads", out}, {"side", "jobseeker"}};
  }
  if (booth_id == 0) throw failure(error_code::invalid, "booth_id: required for the booth's staff", "data.booth_id");
  auto b = ctx.st.booths().find_booth(booth_id);
  if (!b) throw failure(error_code::not_found, "no such booth", "data.booth_id");
  side who = side::booth;
  if (u.user_role == store::role::employer && ctx.st.booths().is_booth_member(booth_id, u.id)) {
    refuse_banned(ctx, b->fair_id);
  } else if (auto f = ctx.st.fairs().find_fair(b->fair_id); u.user_role == store::role::organiser && f && is_moderator(*f, u)) {
    who = side::moderator;
  } else {
    throw failure(error_code::not_found, "no such booth", "data.booth_id");
  }
  for (const auto& t : ctx.st.chat().threads_of_booth(booth_id, threads_listed)) out.push_back(thread_json(t));
  return {{"threads", out}, {"side", side_name(who)}};
}

json cmd_thread_send(command_ctx& ctx) {
  auto a = thread_access(ctx, ctx.data["thread_id"]);
  refuse_read_only(a);
  std::string text = text_field(ctx.data, "text", true);
  std::string nonce = ctx.data.value("nonce", "");
  if (auto e = api::policy::can_chat(ctx.st, ctx.me(), a.thread.booth_id)) throw failure(e->code, e->message, e->field);
  if (auto e = before_send(ctx.st, ctx.cfg, ctx.me(), a.thread.booth_id, ctx.now_ms)) {
    failure f(e->code, e->message, e->field);
    f.err.retry_after = e->retry_after;
    throw f;
  }
  std::lock_guard order(order_of(a.thread.id));
  auto ins = ctx.st.chat().add_thread_message(a.thread.id, ctx.me().id, text, nonce, ctx.now_ms);
  if (ins.message.thread_id != a.thread.id)
    throw failure(error_code::conflict, "nonce: already used for a message in another thread", "data.nonce");
  auto msg = message_json(ins.message, a.thread);
  if (ins.created) {
    // The writer has read everything up to their own message.
    auto mark = ctx.st.chat().mark_read(a.thread.id, a.who == side::booth, ins.message.id);
    (void)mark;
    publish_both(ctx, a.thread, "thread.message",
                 {{"thread_id", a.thread.id},
                  {"booth_id", a.thread.booth_id},
                  {"jobseeker", {{"id", a.thread.jobseeker_id}, {"name", a.thread.jobseeker_name}}},
                  {"message", msg}});
  }
  return {{"message", msg}, {"created", ins.created}};
}

json cmd_thread_history(command_ctx& ctx) {
  auto a = thread_access(ctx, ctx.data["thread_id"]);
  std::int64_t before = ctx.data.value("before", std::int64_t(0));
  int limit = int(ctx.data.value("limit", std::int64_t(50)));
  auto rows = ctx.st.chat().thread_history(a.thread.id, before, limit + 1);
  bool has_more = int(rows.size()) > limit;
  auto list = json::array();
  for (std::size_t i = has_more ? 1 : 0; i < rows.size(); ++i) list.push_back(message_json(rows[i], a.thread));
  return {{"thread", thread_json(a.thread)}, {"side", side_name(a.who)}, {"messages", list}, {"has_more", has_more}};
}

json cmd_thread_read(command_ctx& ctx) {
  auto a = thread_access(ctx, ctx.data["thread_id"]);
  refuse_read_only(a);
  std::int64_t message_id = ctx.data["message_id"];
  auto m = ctx.st.chat().find_thread_message(message_id);
  if (!m || m->thread_id != a.thread.id)
    throw failure(error_code::not_found, "no such message in this thread", "data.message_id");
  bool booth_side = a.who == side::booth;
  auto mark = ctx.st.chat().mark_read(a.thread.id, booth_side, message_id);
  json d{{"thread_id", a.thread.id},
         {"side", side_name(a.who)},
         {"message_id", mark},
         {"by", {{"id", ctx.me().id}, {"name", ctx.me().name}}}};
  ctx.publish_ephemeral(user_topic(a.thread.jobseeker_id), "thread.read", d);
  ctx.publish_ephemeral(staff_topic(a.thread.booth_id), "thread.read", d);
  return {{"side", side_name(a.who)}, {"read", mark}};
}

// At most one typing push per user and thread every typing_every_ms (node-local).
bool typing_due(std::int64_t user_id, std::int64_t thread_id, std::int64_t now_ms) {
  static std::mutex mutex;
  static std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> last;
  std::lock_guard lock(mutex);
  if (last.size() > 20000) std::erase_if(last, [&](const auto& kv) { return now_ms - kv.second > typing_every_ms; });
  auto& at = last[{user_id, thread_id}];
  if (at != 0 && now_ms - at < typing_every_ms) return false;
  at = now_ms;
  return true;
}

json cmd_thread_typing(command_ctx& ctx) {
  auto a = thread_access(ctx, ctx.data["thread_id"]);
  refuse_read_only(a);
  if (!typing_due(ctx.me().id, a.thread.id, ctx.now_ms)) return {{"sent", false}};
  json d{{"thread_id", a.thread.id},
         {"side", side_name(a.who)},
         {"user", {{"id", ctx.me().id}, {"name", ctx.me().name}}}};
  ctx.publish_ephemeral(a.who == side::jobseeker ? staff_topic(a.thread.booth_id) : user_topic(a.thread.jobseeker_id),
                        "thread.typing", d);
  return {{"sent", true}};
}

// ---- reports --------------------------------------------------------------------------------

store::message_ref find_message(command_ctx& ctx, const std::string& kind, std::int64_t id) {
  auto m = ctx.st.chat().find_message(kind, id);
  if (!m) throw failure(error_code::not_found, "no such message", "data.message_id");
  return *m;
}

json cmd_report(command_ctx& ctx) {
  auto kind = kind_field(ctx.data);
  std::string reason = text_field(ctx.data, "reason", false);
  auto m = find_message(ctx, kind, ctx.data["message_id"]);
  if (kind == "public") {
    if (auto e = api::policy::can_read_booth(ctx.st, ctx.me(), m.booth_id)) {
      if (e->code == error_code::not_found) throw failure(error_code::not_found, "no such message", "data.message_id");
      throw failure(e->code, e->message, e->field);
    }
  } else {
    try {
      thread_access(ctx, m.thread_id);
    } catch (const failure& f) {
      if (f.err.code == error_code::not_found) throw failure(error_code::not_found, "no such message", "data.message_id");
      throw;
    }
  }
  if (m.author_id == ctx.me().id) throw failure(error_code::invalid, "message_id: you cannot report your own message", "data.message_id");
  if (!ctx.st.chat().add_report(m, ctx.me().id, reason, ctx.now()))
    throw failure(error_code::conflict, "you have already reported this message", "data.message_id");
  std::cout << "fuar: chat report on " << kind << " message " << m.id << " in fair " << m.fair_id << std::endl;
  return {{"reported", true}};
}

json report_json(const store::chat_report& r) {
  return {{"id", r.id},
          {"fair_id", r.fair_id},
          {"booth", {{"id", r.booth_id}, {"name", r.booth_name}}},
          {"kind", r.kind},
          {"message_id", r.message_id},
          {"thread_id", r.thread_id == 0 ? json(nullptr) : json(r.thread_id)},
          {"author", {{"id", r.author_id}, {"name", r.author_name}}},
          {"reporter", {{"id", r.reporter_id}, {"name", r.reporter_name}}},
          {"reason", r.reason},
          {"text", r.text},
          {"status", r.status},
          {"created_at", r.created_at}};
}

json cmd_reports(command_ctx& ctx) {
  auto f = moderated_fair(ctx, ctx.data["fair_id"]);
  std::string status = ctx.data.value("status", "");
  if (!status.empty() && !protocol::from_string<protocol::report_status>(status))
    throw failure(error_code::invalid, "status: must be open, deleted or dismissed", "data.status");
  auto out = json::array();
  for (const auto& r : ctx.st.chat().reports(f.id, status, reports_listed)) out.push_back(report_json(r));
  return {{"reports", out}};
}

// ---- moderation -----------------------------------------------------------------------------

json cmd_delete(command_ctx& ctx) {
  auto kind = kind_field(ctx.data);
  std::string reason = text_field(ctx.data, "reason", false);
  auto m = find_message(ctx, kind, ctx.data["message_id"]);
  auto f = ctx.st.fairs().find_fair(m.fair_id);
  if (!f || !is_moderator(*f, ctx.me())) throw failure(error_code::forbidden, "only the organiser of this fair may moderate it");
  std::optional<store::chat_thread> t;
  if (kind == "thread") t = ctx.st.chat().find_thread(m.thread_id);
  if (!ctx.st.chat().delete_message(m, ctx.me().id, reason, ctx.now()))
    throw failure(error_code::not_found, "no such message", "data.message_id");
  if (kind == "public") {
    ctx.publish(booth_topic(m.booth_id), "chat.deleted", {{"booth_id", m.booth_id}, {"message_id", m.id}});
  } else if (t) {
    std::lock_guard order(order_of(t->id));
    publish_both(ctx, *t, "thread.deleted", {{"thread_id", t->id}, {"booth_id", t->booth_id}, {"message_id", m.id}});
  }
  return {{"deleted", true}};
}

json cmd_dismiss(command_ctx& ctx) {
  std::int64_t id = ctx.data["report_id"];
  auto r = ctx.st.chat().find_report(id);
  if (!r) throw failure(error_code::not_found, "no such report", "data.report_id");
  moderated_fair(ctx, r->fair_id, "data.report_id");
  if (!ctx.st.chat().dismiss_report(id, ctx.me().id, ctx.now()))
    throw failure(error_code::conflict, "the report is no longer open", "data.report_id");
  return {{"dismissed", true}};
}

// The user a sanction is about: exists, is not an organiser, is not the caller.
store::user target_user(command_ctx& ctx) {
  std::int64_t id = ctx.data["user_id"];
  auto u = ctx.st.find_user(id);
  if (!u) throw failure(error_code::not_found, "no such user", "data.user_id");
  if (u->user_role == store::role::organiser)
    throw failure(error_code::invalid, "user_id: organisers cannot be muted or banned", "data.user_id");
  return *u;
}

json cmd_mute(command_ctx& ctx) {
  auto f = moderated_fair(ctx, ctx.data["fair_id"]);
  auto u = target_user(ctx);
  std::int64_t minutes = ctx.data["minutes"];
  if (minutes > max_mute_minutes) throw failure(error_code::invalid, "minutes: at most 10080 (7 days)", "data.minutes");
  std::string reason = text_field(ctx.data, "reason", false);
  auto until = ctx.now() + minutes * 60;
  ctx.st.chat().mute(f.id, u.id, until, reason, ctx.me().id, ctx.now());
  std::cout << "fuar: user " << u.id << " muted in fair " << f.id << " for " << minutes << " min by " << ctx.me().id << std::endl;
  return {{"mute", {{"fair_id", f.id}, {"user_id", u.id}, {"until", until}}}};
}

json cmd_unmute(command_ctx& ctx) {
  auto f = moderated_fair(ctx, ctx.data["fair_id"]);
  std::int64_t user_id = ctx.data["user_id"];
  if (!ctx.st.chat().unmute(f.id, user_id, ctx.me().id, ctx.now()))
    throw failure(error_code::not_found, "this user is not muted in this fair", "data.user_id");
  return {{"unmuted", true}};
}

// A WebSocket close reason is at most 123 bytes: cut at a UTF-8 boundary.
std::string close_reason(std::int64_t fair_id, const std::string& reason) {
  std::string s = "banned from fair " + std::to_string(fair_id) + ": " + reason;
  if (s.size() <= 123) return s;
  std::size_t n = 123;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

json cmd_ban(command_ctx& ctx) {
  auto f = moderated_fair(ctx, ctx.data["fair_id"]);
  auto u = target_user(ctx);
  std::string reason = text_field(ctx.data, "reason", false);
  if (reason.empty()) throw failure(error_code::invalid, "reason: required", "data.reason");
  if (!ctx.st.chat().ban(f.id, u.id, reason, ctx.me().id, ctx.now()))
    throw failure(error_code::conflict, "this user is already banned from this fair", "data.user_id");
  banned().add(u.id);  // this node's subscribe fast path at once; other nodes within ban_refresh_ms
  ctx.svc.close_user(u.id, protocol::close_code::banned, close_reason(f.id, reason));
  std::cout << "fuar: user " << u.id << " banned from fair " << f.id << " by " << ctx.me().id << std::endl;
  return {{"ban", {{"fair_id", f.id}, {"user_id", u.id}}}};
}

json cmd_unban(command_ctx& ctx) {
  auto f = moderated_fair(ctx, ctx.data["fair_id"]);
  std::int64_t user_id = ctx.data["user_id"];
  if (!ctx.st.chat().unban(f.id, user_id, ctx.me().id, ctx.now()))
    throw failure(error_code::not_found, "this user is not banned from this fair", "data.user_id");
  // The node's set keeps the user until the next refresh: harmless (the store check decides).
  return {{"unbanned", true}};
}

json sanction_json(const store::chat_sanction& s) {
  json j{{"user", {{"id", s.user_id}, {"name", s.user_name}}},
         {"reason", s.reason},
         {"by", {{"id", s.created_by}, {"name", s.created_by_name}}},
         {"created_at", s.created_at}};
  if (s.until > 0) j["until"] = s.until;
  return j;
}

json cmd_moderation(command_ctx& ctx) {
  auto f = moderated_fair(ctx, ctx.data["fair_id"]);
  auto mutes = json::array(), bans = json::array(), log = json::array();
  for (const auto& m : ctx.st.chat().mutes(f.id, ctx.now())) mutes.push_back(sanction_json(m));
  for (const auto& b : ctx.st.chat().bans(f.id)) bans.push_back(sanction_json(b));
  for (const auto& e : ctx.st.chat().moderation_log(f.id, log_listed))
    log.push_back({{"id", e.id},
                   {"actor", {{"id", e.actor_id}, {"name", e.actor_name}}},
                   {"action", e.action},
                   {"target", {{"id", e.target_user_id}, {"name", e.target_name}}},
                   {"kind", e.kind.empty() ? json(nullptr) : json(e.kind)},
                   {"message_id", e.message_id == 0 ? json(nullptr) : json(e.message_id)},
                   {"detail", e.detail},
                   {"at", e.at}});
  return {{"mutes", mutes}, {"bans", bans}, {"log", log}};
}

void refresh_bans(api::services& svc) { banned().replace(svc.st.chat().banned_users()); }

void on_start(api::services& svc) {
  refresh_bans(svc);
  auto* s = &svc;
  svc.every(ban_refresh_ms, [s] { refresh_bans(*s); });
}

using enum api::audience;
constexpr api::command commands[] = {
    {"chat.send", signed_in,
     "policy::can_chat: the booth's fair is published or live (staff and organisers also in draft); not banned or "
     "muted in the fair; per-user rate limit",
     cmd_chat_send},
    {"chat.history", signed_in, "policy::can_read_booth: the booth is visible (its fair is not a draft); not banned from the fair",
     cmd_chat_history, false},
    {"thread.open", jobseeker, "the booth is visible and its fair open for chat; not banned from the fair", cmd_thread_open},
    {"thread.list", signed_in,
     "jobseekers: their own threads; employers: the booth's staff (data.booth_id); organisers: the organiser of the booth's fair (read-only)",
     cmd_thread_list, false},
    {"thread.send", signed_in, "the thread's jobseeker or the booth's staff; not banned or muted in the fair; rate limit", cmd_thread_send},
    {"thread.history", signed_in, "the thread's jobseeker, the booth's staff, or the fair's organiser (read-only)", cmd_thread_history, false},
    {"thread.read", signed_in, "the thread's jobseeker or the booth's staff (their own side's mark)", cmd_thread_read},
    {"thread.typing", signed_in, "the thread's jobseeker or the booth's staff", cmd_thread_typing, false},
    {"chat.report", signed_in, "anyone who can read the message (not its author); once per message", cmd_report},
    {"chat.reports", organiser, "the organiser of the fair", cmd_reports, false},
    {"chat.delete", organiser, "the organiser of the message's fair", cmd_delete},
    {"chat.dismiss", organiser, "the organiser of the report's fair", cmd_dismiss},
    {"chat.mute", organiser, "the organiser of the fair; the target is not an organiser", cmd_mute},
    {"chat.unmute", organiser, "the organiser of the fair", cmd_unmute},
    {"chat.ban", organiser, "the organiser of the fair; the target is not an organiser", cmd_ban},
    {"chat.unban", organiser, "the organiser of the fair", cmd_unban},
    {"chat.moderation", organiser, "the organiser of the fair", cmd_moderation, false},
};

}  // namespace

const api::capability& capability() {
  static const api::capability cap{"chat", commands, on_start, nullptr};
  return cap;
}

}  // namespace fuar::chat

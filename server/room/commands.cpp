// The room capability's command table (server/contract/commands.hpp): interview rooms — creating and
// inviting, joining from one connection at a time, the WebRTC signalling relay, the room's chat,
// kicking and ending, TURN credentials and the recruiters' evaluations. protocol/ws/room.md is
// the contract.
//
// Who may do what, in short: only the room's members (invited, not kicked) see a room; anyone
// else gets `not_found`, as if it did not exist. Recruiter members (employers on the booth's
// staff who are in the room) invite, kick, end and evaluate. Signalling and chat need the member
// to be in the room (joined); signalling moreover from the connection that joined last (a
// second join replaces the first: the older window's signals are refused, so a room never has
// two peers for one person).
//
// Pushes (after the commit): `room.member` and `room.chat` with history on room:{id} (a short
// reconnect replays them), `room.signal` ephemeral on room:{id} (stale SDP is worthless),
// `room.ended` with history, `room.invited` on the invited person's user:{id}.
//
// Timers: when the connection that holds a member's place closes, the place is kept
// rooms.rejoin_grace_s (a reload rejoins without a "left"/"joined" flicker); a sweep every
// second marks those not back as left.
#include "server/room/commands.hpp"

#include <unistd.h>

#include <array>
#include <chrono>
#include <mutex>

#include "protocol/status.hpp"
#include "protocol/topics.hpp"
#include "server/chat/guard.hpp"
#include "server/cv/apply_change.hpp"
#include "server/contract/fair_status.hpp"
#include "server/room/announce.hpp"
#include "server/room/turn.hpp"
#include "server/store/cvs_store.hpp"
#include "server/store/rooms_store.hpp"
#include "server/util/clock.hpp"

namespace fuar::room {

using api::command_ctx;
using api::failure;
using nlohmann::json;
using protocol::error_code;

namespace {

constexpr int mine_limit = 50;
constexpr int history_default = 50;

using protocol::room_topic;
using protocol::user_topic;

// Commit and publish of a room's history events under one lock stripe, so offsets follow commit
// order (room.chat_history and the live pushes agree).
std::mutex& order_of(std::int64_t room_id) {
  static std::array<std::mutex, 16> stripes;
  return stripes[std::size_t(room_id) % stripes.size()];
}

// A room as its member sees it.
struct view {
  store::room room;
  std::vector<store::room_member> members;
  const store::room_member* me = nullptr;
};

json members_json(const std::vector<store::room_member>& ms) {
  json list = json::array();
  for (const auto& m : ms) list.push_back(member_json(m));
  return list;
}

const store::room_member* find_member(const std::vector<store::room_member>& ms, std::int64_t user_id) {
  for (const auto& m : ms)
    if (m.user_id == user_id) return &m;
  return nullptr;
}

bool in_room(const store::room_member& m) { return !m.kicked && m.joined_at && !m.left_at; }

// The room, when the caller is a member who was not kicked; else `not_found` (a stranger cannot
// tell a room they are not in from no room at all).
view load(command_ctx& ctx, std::int64_t room_id) {
  view v;
  auto r = ctx.st.rooms().find_room(room_id);
  if (!r) throw failure(error_code::not_found, "no such room");
  v.room = std::move(*r);
  v.members = ctx.st.rooms().members(room_id);
  v.me = find_member(v.members, ctx.me().id);
  if (!v.me || v.me->kicked) throw failure(error_code::not_found, "no such room");
  return v;
}

view load_as_recruiter(command_ctx& ctx, std::int64_t room_id) {
  auto v = load(ctx, room_id);
  if (v.me->role != "recruiter") throw failure(error_code::forbidden, "only the room's recruiters may do this");
  return v;
}

void require_open(const view& v) {
  if (v.room.status != protocol::room_status::open) throw failure(error_code::conflict, "this room has ended");
}

json room_with_members(const store::room& r, const std::vector<store::room_member>& ms) {
  return {{"room", room_json(r)}, {"members", members_json(ms)}};
}

json evaluation_json(const store::room_evaluation& e) {
  json j{{"room_id", e.room_id},
         {"candidate_id", e.candidate_id},
         {"notes", e.notes},
         {"rating", e.rating ? json(*e.rating) : json(nullptr)},
         {"outcome", e.outcome ? json(*e.outcome) : json(nullptr)},
         {"updated_at", e.updated_at}};
  j["author_id"] = e.author_id ? json(*e.author_id) : json(nullptr);
  return j;
}

// The candidate an application brings into a room: an application to `booth_id` whose applicant
// still has an account. Anything else is "no such application" (a recruiter may only pull in
// people who applied to their booth).
store::application_row application_of_booth(command_ctx& ctx, std::int64_t application_id, std::int64_t booth_id) {
  auto a = ctx.st.cvs().find_application(application_id);
  if (!a || a->booth_id != booth_id || !a->user_id || a->anonymised)
    throw failure(error_code::not_found, "no such application at this booth");
  return *a;
}

void publish_member(command_ctx& ctx, std::int64_t room_id, std::int64_t user_id) {
  std::lock_guard order(order_of(room_id));
  for (const auto& m : ctx.st.rooms().members(room_id))
    if (m.user_id == user_id) ctx.publish(room_topic(room_id), "room.member", member_json(m));
}

// ---- handlers -----------------------------------------------------------------------------------

json create(command_ctx& ctx) {
  std::int64_t booth_id = ctx.data.at("booth_id");
  std::int64_t application_id = ctx.data.at("application_id");
  if (!ctx.st.booths().find_booth(booth_id)) throw failure(error_code::not_found, "no such booth");
  if (!ctx.st.booths().is_booth_member(booth_id, ctx.me().id))
    throw failure(error_code::forbidden, "you are not on this booth's staff");
  // Interviews belong to a fair that has not ended (before it opens is allowed: recruiters may
  // talk to applicants who applied early).
  if (auto f = ctx.st.fairs().find_fair(ctx.st.booths().find_booth(booth_id)->fair_id); !f || fair::effective_status(*f, ctx.now()) == protocol::fair_status::closed)
    throw failure(error_code::conflict, "the fair is over");
  auto a = application_of_booth(ctx, application_id, booth_id);
  if (*a.user_id == ctx.me().id) throw failure(error_code::invalid, "data.application_id: that is your own application",
                                               "data.application_id");
  store::new_room nr;
  nr.booth_id = booth_id;
  nr.kind = "one_to_one";
  nr.source = "direct";
  nr.created_by = ctx.me().id;
  nr.created_at = ctx.now();
  nr.members.push_back({*a.user_id, "candidate", a.id});
  nr.members.push_back({ctx.me().id, "recruiter", std::nullopt});
  auto r = ctx.st.rooms().create_room(nr);
  announce(ctx.svc, ctx.st, r);
  return room_with_members(r, ctx.st.rooms().members(r.id));
}

json invite(command_ctx& ctx) {
  std::int64_t room_id = ctx.data.at("room_id");
  auto v = load_as_recruiter(ctx, room_id);
  require_open(v);
  auto a = application_of_booth(ctx, ctx.data.at("application_id"), v.room.booth_id);
  store::new_room_member m{*a.user_id, "candidate", a.id};
  switch (ctx.st.rooms().add_member(room_id, m, ctx.cfg.rooms.max_participants)) {
    case store::add_member_status::added: break;
    case store::add_member_status::already_member:
      throw failure(error_code::conflict, "data.application_id: this person is already in the room",
                    "data.application_id");
    case store::add_member_status::kicked:
      throw failure(error_code::conflict, "data.application_id: this person was removed from the room",
                    "data.application_id");
    case store::add_member_status::full:
      throw failure(error_code::conflict, "the room is full (at most " +
                                              std::to_string(ctx.cfg.rooms.max_participants) + " people)");
    case store::add_member_status::ended: throw failure(error_code::conflict, "this room has ended");
    case store::add_member_status::not_found: throw failure(error_code::not_found, "no such room");
  }
  auto r = ctx.st.rooms().find_room(room_id);
  auto members = ctx.st.rooms().members(room_id);
  json data = room_with_members(*r, members);
  // The newcomer is told on their own topic; the others see a new member in the room.
  ctx.publish(user_topic(*a.user_id), "room.invited", data);
  publish_member(ctx, room_id, *a.user_id);
  return data;
}

json mine(command_ctx& ctx) {
  json list = json::array();
  for (const auto& r : ctx.st.rooms().open_rooms_of(ctx.me().id, mine_limit))
    list.push_back(room_with_members(r, ctx.st.rooms().members(r.id)));
  return {{"rooms", std::move(list)}};
}

json get(command_ctx& ctx) {
  auto v = load(ctx, ctx.data.at("room_id"));
  json out = room_with_members(v.room, v.members);
  out["you"] = ctx.me().id;
  // Evaluations are the recruiters' own: never in a candidate's reply.
  if (v.me->role == "recruiter") {
    json evs = json::array();
    for (const auto& e : ctx.st.rooms().evaluations(v.room.id)) evs.push_back(evaluation_json(e));
    out["evaluations"] = std::move(evs);
  }
  return out;
}

json join(command_ctx& ctx) {
  std::int64_t room_id = ctx.data.at("room_id");
  store::join_result jr;
  {
    std::lock_guard order(order_of(room_id));
    jr = ctx.st.rooms().join(room_id, ctx.me().id, ctx.conn_id, ctx.now());
    switch (jr.status) {
      case store::join_status::joined: break;
      case store::join_status::not_member:
      case store::join_status::kicked: throw failure(error_code::not_found, "no such room");
      case store::join_status::ended: throw failure(error_code::conflict, "this room has ended");
    }
    for (const auto& m : ctx.st.rooms().members(room_id))
      if (m.user_id == ctx.me().id) ctx.publish(room_topic(room_id), "room.member", member_json(m));
  }
  auto r = ctx.st.rooms().find_room(room_id);
  json out = room_with_members(*r, ctx.st.rooms().members(room_id));
  out["you"] = ctx.me().id;
  return out;
}

json leave(command_ctx& ctx) {
  std::int64_t room_id = ctx.data.at("room_id");
  load(ctx, room_id);
  // Only the connection that holds the place can give it up: an older window closing must not
  // take the person out of the room they rejoined from elsewhere.
  if (ctx.st.rooms().leave(room_id, ctx.me().id, ctx.conn_id, ctx.now())) publish_member(ctx, room_id, ctx.me().id);
  return json::object();
}

json signal(command_ctx& ctx) {
  std::int64_t room_id = ctx.data.at("room_id");
  std::int64_t to = ctx.data.at("to");
  const std::string& kind = ctx.data.at("kind").get_ref<const std::string&>();
  if (kind != "offer" && kind != "answer" && kind != "ice")
    throw failure(error_code::invalid, "data.kind: must be offer, answer or ice", "data.kind");
  auto r = ctx.st.rooms().find_room(room_id);
  if (!r) throw failure(error_code::not_found, "no such room");
  auto members = ctx.st.rooms().members(room_id);
  const auto* me = find_member(members, ctx.me().id);
  if (!me) throw failure(error_code::not_found, "no such room");
  if (me->kicked) throw failure(error_code::forbidden, "you were removed from this room");
  if (r->status != protocol::room_status::open || !in_room(*me)) throw failure(error_code::forbidden, "join the room first");
  if (me->conn_id != ctx.conn_id)
    throw failure(error_code::forbidden, "this room is open in another window; join again here to take it over");
  if (to == ctx.me().id) throw failure(error_code::invalid, "data.to: cannot signal yourself", "data.to");
  const auto* peer = find_member(members, to);
  if (!peer || !in_room(*peer)) throw failure(error_code::not_found, "that person is not in the room");
  ctx.publish_ephemeral(room_topic(room_id), "room.signal",
                        {{"from", ctx.me().id},
                         {"from_name", ctx.me().name},
                         {"to", to},
                         {"kind", kind},
                         {"payload", ctx.data.at("payload")}});
  return json::object();
}

json message_json(const store::room_message& m) {
  return {{"id", m.id},
          {"room_id", m.room_id},
          {"user", {{"id", m.user_id}, {"name", m.user_name}, {"role", m.role}}},
          {"text", m.text},
          {"sent_at_ms", m.sent_at_ms}};
}

json chat(command_ctx& ctx) {
  std::int64_t room_id = ctx.data.at("room_id");
  auto v = load(ctx, room_id);
  if (v.room.status != protocol::room_status::open || !in_room(*v.me)) throw failure(error_code::forbidden, "join the room first");
  std::string text(protocol::trim(ctx.data.at("text").get_ref<const std::string&>()));
  std::string nonce = ctx.data.value("nonce", "");
  // The same per-user budget as booth chat (config chat.*), shared with it.
  if (auto wait = chat::limiter().take(ctx.me().id, double(ctx.cfg.chat.messages_per_min), double(ctx.cfg.chat.burst), ctx.now_ms)) {
    failure f(error_code::rate_limited, "you are sending messages too fast; try again in " + chat::duration_text(*wait));
    f.err.retry_after = long(*wait);
    throw f;
  }
  std::lock_guard order(order_of(room_id));
  auto ins = ctx.st.rooms().add_message(room_id, ctx.me().id, text, nonce, ctx.now_ms);
  auto msg = message_json(ins.message);
  if (ins.created) ctx.publish(room_topic(room_id), "room.chat", {{"message", msg}});
  return {{"message", std::move(msg)}};
}

json chat_history(command_ctx& ctx) {
  std::int64_t room_id = ctx.data.at("room_id");
  load(ctx, room_id);
  std::int64_t before = ctx.data.value("before", std::int64_t(0));
  int limit = int(ctx.data.value("limit", std::int64_t(history_default)));
  auto rows = ctx.st.rooms().messages(room_id, before, limit + 1);  // one more: is there an older page?
  bool has_more = int(rows.size()) > limit;
  json list = json::array();
  for (std::size_t i = has_more ? 1 : 0; i < rows.size(); ++i) list.push_back(message_json(rows[i]));
  return {{"messages", std::move(list)}, {"has_more", has_more}};
}

json kick(command_ctx& ctx) {
  std::int64_t room_id = ctx.data.at("room_id");
  std::int64_t user_id = ctx.data.at("user_id");
  auto v = load_as_recruiter(ctx, room_id);
  require_open(v);
  if (user_id == ctx.me().id) throw failure(error_code::invalid, "data.user_id: you cannot remove yourself; leave instead",
                                            "data.user_id");
  switch (ctx.st.rooms().kick(room_id, user_id, ctx.now())) {
    case store::kick_status::kicked: break;
    case store::kick_status::not_member: throw failure(error_code::not_found, "no such member in this room");
    case store::kick_status::already_kicked: throw failure(error_code::conflict, "this person was already removed");
  }
  publish_member(ctx, room_id, user_id);
  ctx.svc.revoke(user_id, room_topic(room_id), "kicked");
  return json::object();
}

json end(command_ctx& ctx) {
  std::int64_t room_id = ctx.data.at("room_id");
  auto v = load_as_recruiter(ctx, room_id);
  bool was_open = v.room.status == protocol::room_status::open;
  std::lock_guard order(order_of(room_id));
  if (!ctx.st.rooms().end_room(room_id, ctx.now())) throw failure(error_code::not_found, "no such room");
  auto r = ctx.st.rooms().find_room(room_id);
  json data{{"room", room_json(*r)}};
  if (was_open) ctx.publish(room_topic(room_id), "room.ended", data);
  return data;
}

json turn(command_ctx& ctx) {
  auto v = load(ctx, ctx.data.at("room_id"));
  require_open(v);
  return ice_servers(ctx.cfg, ctx.me().id, ctx.now());
}

json evaluate(command_ctx& ctx) {
  std::int64_t room_id = ctx.data.at("room_id");
  std::int64_t candidate_id = ctx.data.at("candidate_id");
  auto v = load_as_recruiter(ctx, room_id);
  const auto* cand = find_member(v.members, candidate_id);
  if (!cand || cand->role != "candidate") throw failure(error_code::not_found, "no such candidate in this room");
  store::evaluation_change c;
  if (ctx.data.contains("notes")) c.notes = std::string(protocol::trim(ctx.data["notes"].get_ref<const std::string&>()));
  if (ctx.data.contains("rating")) c.rating = ctx.data["rating"].get<std::int64_t>();
  std::string status;
  if (ctx.data.contains("outcome")) {
    const auto& o = ctx.data["outcome"].get_ref<const std::string&>();
    if (o == "next_step") status = "interview";
    else if (o == "rejected") status = "rejected";
    else if (o == "hired") status = "hired";
    else throw failure(error_code::invalid, "data.outcome: must be next_step, rejected or hired", "data.outcome");
    c.outcome = o;
  }
  if (!c.notes && !c.rating && !c.outcome)
    throw failure(error_code::invalid, "data: send notes, rating or outcome", "data");

  // The application moves first (it may be refused: then nothing is saved), through the cv
  // capability's workflow, which also tells the jobseeker.
  std::optional<std::string> application_status;
  if (cand->application_id) {
    auto a = ctx.st.cvs().find_application(*cand->application_id);
    if (a && a->booth_id == v.room.booth_id) {
      if (!status.empty() && a->status != status) {
        store::application_change ch;
        ch.status = status;
        auto after = cv::apply_application_change(ctx.svc, *a, ch, ctx.me().id, ctx.now(), "data.outcome");
        application_status = after.status;
      } else {
        application_status = a->status;
      }
    }
  }
  auto e = ctx.st.rooms().save_evaluation(room_id, candidate_id, ctx.me().id, c, ctx.now());
  json out{{"evaluation", evaluation_json(e)}};
  out["application_status"] = application_status ? json(*application_status) : json(nullptr);
  return out;
}

// ---- hooks --------------------------------------------------------------------------------------

void sweep(api::services& svc) {
  auto now = util::unix_s();
  auto gone = svc.st.rooms().sweep_disconnected(now - svc.cfg.rooms.rejoin_grace_s, now);
  for (const auto& [room_id, user_id] : gone) {
    std::lock_guard order(order_of(room_id));
    for (const auto& m : svc.st.rooms().members(room_id))
      if (m.user_id == user_id) svc.publish(room_topic(room_id), "room.member", member_json(m));
  }
}

std::string this_node(const app::config& cfg) {
  if (!cfg.server.node_name.empty()) return cfg.server.node_name;
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

void on_start(api::services& svc) {
  // Connections of this node from before a restart are gone without a disconnect hook.
  if (auto node = this_node(svc.cfg); !node.empty()) svc.st.rooms().detach_node(node, util::unix_s());
  svc.every(1000, [&svc] { sweep(svc); });
}

void on_disconnect(api::services& svc, const store::user&, const std::string& conn_id) {
  svc.st.rooms().detach_connection(conn_id, util::unix_s());
}

constexpr api::audience signed_in = api::audience::signed_in;
constexpr api::audience employer = api::audience::employer;

constexpr api::command commands[] = {
    {"room.create", employer, "booth_id: the caller is on the booth's staff (else 403); application_id: an application to that booth (else 404)", create},
    {"room.invite", employer, "the caller is a recruiter member of the room (non-members 404); application_id: an application to the room's booth (else 404)", invite},
    {"room.mine", signed_in, "the caller's own rooms only", mine, false},
    {"room.get", signed_in, "the caller is a member of the room, not kicked (else 404); evaluations only for recruiter members", get, false},
    {"room.join", signed_in, "the caller is a member of the room, not kicked (else 404)", join},
    {"room.leave", signed_in, "the caller is a member of the room (else 404); only the connection that joined", leave},
    {"room.signal", signed_in, "the caller is a joined member on the connection that joined (non-members 404, others 403); `to` is a joined member (else 404)", signal},
    {"room.chat", signed_in, "the caller is a joined member of the room (non-members 404, not joined 403)", chat},
    {"room.chat_history", signed_in, "the caller is a member of the room, not kicked (else 404)", chat_history, false},
    {"room.kick", employer, "the caller is a recruiter member of the room (non-members 404); user_id is a member (else 404)", kick},
    {"room.end", employer, "the caller is a recruiter member of the room (non-members 404)", end},
    {"room.turn", signed_in, "the caller is a member of the room, not kicked (else 404)", turn, false},
    {"room.evaluate", employer, "the caller is a recruiter member of the room (non-members 404); candidate_id is a candidate of the room (else 404)", evaluate},
};

}  // namespace

const api::capability& capability() {
  static const api::capability cap{"room", commands, on_start, on_disconnect};
  return cap;
}

}  // namespace fuar::room

// The queue capability's command table (server/contract/commands.hpp): booth queues ("line up to
// talk"), calls with an accept deadline, no-shows, holds, and the disconnect grace.
// protocol/ws/queue.md is the contract.
//
// Who may do what, in short: the booth's staff (employers who are its members) create, close and
// call; any signed-in user who can see the booth lists its queues; jobseekers join and leave,
// and answer their own calls. Anything about a place that is not the caller's is "not found".
//
// Pushes (after the commit, see publish_queues): the staff snapshot of a queue on staff:{booth}
// (queue.line) and its public summary on booth:{booth} (queue.summary), both ephemeral snapshots
// that clients re-read on (re)subscribe; every affected place on its owner's user:{id}
// (queue.place, with history, so a short reconnect loses no call).
//
// Timers: one periodic job (every second) turns unanswered calls into no-shows and calls the
// next person for the same recruiter, brings hold flags up to date when rooms opened or ended
// elsewhere, and removes the places of jobseekers gone longer than queues.disconnect_grace_s.
// All of it works from the database, so a restart loses nothing: at start every jobseeker with
// a waiting place gets the grace afresh.
#include "server/queue/commands.hpp"

#include <algorithm>
#include <iostream>
#include <map>

#include "server/contract/policy.hpp"
#include "server/contract/fair_status.hpp"
#include "protocol/status.hpp"
#include "protocol/topics.hpp"
#include "server/queue/estimate.hpp"
#include "server/room/announce.hpp"
#include "server/store/queues_store.hpp"
#include "server/store/rooms_store.hpp"
#include "server/util/clock.hpp"

namespace fuar::queue {

using api::command_ctx;
using api::failure;
using nlohmann::json;
using protocol::error_code;
using store::queue_error;

namespace {

constexpr int recent_calls_shown = 20;

absence_book& absent() {
  static absence_book b;
  return b;
}

using protocol::user_topic;
using protocol::staff_topic;
using protocol::booth_topic;

template <class T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

// ---- the estimate of one booth ------------------------------------------------------------------

struct booth_pace {
  std::int64_t interview_s = 0;
  std::int64_t recruiters = 1;
};

// Interview length from the booth's recent rooms; recruiters = the booth's staff online on
// staff:{booth} (the queue console, or any staff page), or the booth's staff count when none
// is online or the broker does not answer.
booth_pace pace_of(api::services& svc, std::int64_t booth_id, std::int64_t staff_count) {
  booth_pace p;
  auto recent = svc.st.rooms().recent_durations_s(booth_id, recent_interviews);
  p.interview_s = interview_length_s(recent, svc.cfg.queues.default_interview_s);
  std::int64_t online = 0;
  if (svc.presence)
    if (auto s = svc.presence(staff_topic(booth_id), false)) {
      auto it = s->by_role.find("employer");
      if (it != s->by_role.end()) online = it->second;
    }
  p.recruiters = std::max<std::int64_t>(1, online > 0 ? online : staff_count);
  return p;
}

// ---- JSON shapes (protocol/ws/queue.md) ---------------------------------------------------------

json queue_json(const store::queue_row& q, const booth_pace& pace) {
  json j{{"id", q.id},
         {"booth_id", q.booth_id},
         {"fair_id", q.fair_id},
         {"job_id", opt(q.job_id)},
         {"job_title", q.job_title},
         {"name", q.name},
         {"status", q.status},
         {"created_at", q.created_at},
         {"length", q.waiting},
         {"held", q.held},
         {"called", q.called},
         {"interview_s", pace.interview_s},
         {"recruiters", pace.recruiters},
         // What a newcomer would wait: everyone in line who is not held is ahead of them.
         {"estimate_s", wait_s(q.waiting - q.held, pace.interview_s, pace.recruiters)}};
  if (q.closed_at) j["closed_at"] = *q.closed_at;
  return j;
}

// The owner's view of a place.
json place_json(const store::place_row& p, const booth_pace* pace) {
  json j{{"id", p.id},
         {"queue_id", p.queue_id},
         {"booth_id", p.booth_id},
         {"status", p.status},
         {"position", opt(p.position)},
         {"held", p.held},
         {"joined_at", p.joined_at},
         {"picked", p.picked}};
  if (p.status == protocol::place_status::waiting) {
    j["ahead"] = p.ahead;
    if (pace) j["estimate_s"] = wait_s(p.ahead, pace->interview_s, pace->recruiters);
  }
  if (p.called_at) j["called_at"] = *p.called_at;
  if (p.deadline_at) j["deadline_at"] = *p.deadline_at;
  if (p.ended_at) j["ended_at"] = *p.ended_at;
  if (!p.left_reason.empty()) j["left_reason"] = p.left_reason;
  if (p.room_id) j["room_id"] = *p.room_id;
  return j;
}

// The staff's view: who, and who called.
json staff_place_json(const store::place_row& p, const booth_pace& pace) {
  auto j = place_json(p, &pace);
  j["user"] = {{"id", p.user_id}, {"name", p.user_name}};
  if (p.called_by) j["called_by"] = {{"id", *p.called_by}, {"name", p.called_by_name}};
  return j;
}

// Queue and booth labels for the owner's pushes (the call dialog names the booth).
struct labels {
  std::map<std::int64_t, json> queues;
  std::map<std::int64_t, std::string> booths;
};

json labelled(api::services& svc, labels& cache, const store::place_row& p, const booth_pace* pace) {
  auto j = place_json(p, pace);
  auto qit = cache.queues.find(p.queue_id);
  if (qit == cache.queues.end()) {
    json q = json::object();
    if (auto row = svc.st.queues().find_queue(p.queue_id))
      q = {{"id", row->id}, {"name", row->name}, {"job_title", row->job_title}, {"status", row->status}};
    qit = cache.queues.emplace(p.queue_id, q).first;
  }
  auto bit = cache.booths.find(p.booth_id);
  if (bit == cache.booths.end()) {
    auto b = svc.st.booths().find_booth(p.booth_id);
    bit = cache.booths.emplace(p.booth_id, b ? b->name : std::string()).first;
  }
  j["queue"] = qit->second;
  j["booth_name"] = bit->second;
  return j;
}

// ---- pushes ---------------------------------------------------------------------------------

// After a commit: the staff snapshot and public summary of every queue in `queue_ids`, every
// active place of those queues to its owner, and each of `ended` (places no longer in a line)
// to its owner.
void publish_queues(api::services& svc, const std::vector<std::int64_t>& queue_ids,
                    const std::vector<store::place_row>& ended) {
  labels cache;
  std::map<std::int64_t, booth_pace> paces;
  auto pace_for = [&](std::int64_t booth, std::int64_t staff) -> const booth_pace& {
    auto it = paces.find(booth);
    if (it == paces.end()) it = paces.emplace(booth, pace_of(svc, booth, staff)).first;
    return it->second;
  };
  for (auto id : queue_ids) {
    auto q = svc.st.queues().find_queue(id);
    if (!q) continue;
    const auto& pace = pace_for(q->booth_id, q->staff);
    auto places = svc.st.queues().active_places(id);
    json staff_places = json::array(), recent = json::array();
    for (const auto& p : places) staff_places.push_back(staff_place_json(p, pace));
    for (const auto& p : svc.st.queues().recent_calls(id, recent_calls_shown)) recent.push_back(staff_place_json(p, pace));
    auto qj = queue_json(*q, pace);
    svc.publish_ephemeral(staff_topic(q->booth_id), "queue.line",
                          {{"queue", qj}, {"places", staff_places}, {"recent", recent}});
    svc.publish_ephemeral(booth_topic(q->booth_id), "queue.summary", {{"queue", qj}});
    for (const auto& p : places)
      svc.publish(user_topic(p.user_id), "queue.place", {{"place", labelled(svc, cache, p, &pace)}});
  }
  for (const auto& p : ended) {
    if (p.status == protocol::place_status::waiting || p.status == protocol::place_status::called) continue;  // sent above
    svc.publish(user_topic(p.user_id), "queue.place", {{"place", labelled(svc, cache, p, nullptr)}});
  }
}

// ---- checks ---------------------------------------------------------------------------------

store::queue_row queue_or_404(command_ctx& ctx, std::int64_t id) {
  auto q = ctx.st.queues().find_queue(id);
  if (!q) throw failure(error_code::not_found, "no such queue", "data.queue_id");
  return *q;
}

void require_staff(command_ctx& ctx, std::int64_t booth_id) {
  if (!ctx.st.booths().find_booth(booth_id)) throw failure(error_code::not_found, "no such booth", "data.booth_id");
  if (!ctx.st.booths().is_booth_member(booth_id, ctx.me().id))
    throw failure(error_code::forbidden, "only the booth's staff can manage its queues");
}

// The queue's booth is visible to the caller (its fair is not a draft, or they are its staff).
void require_visible(command_ctx& ctx, std::int64_t booth_id, const char* field) {
  if (auto e = api::policy::can_read_booth(ctx.st, ctx.me(), booth_id))
    throw failure(error_code::not_found, e->message, field);
}

std::string fair_status_of(command_ctx& ctx, std::int64_t fair_id) {
  auto f = ctx.st.fairs().find_fair(fair_id);
  return f ? fair::effective_status(*f, ctx.now()) : std::string("closed");
}

void require_live(command_ctx& ctx, std::int64_t fair_id) {
  auto s = fair_status_of(ctx, fair_id);
  if (s != protocol::fair_status::live) throw failure(error_code::conflict, s == protocol::fair_status::closed ? "the fair is over" : "the fair has not opened yet");
}

[[noreturn]] void refuse(queue_error e, const app::config& cfg) {
  switch (e) {
    case queue_error::not_found: throw failure(error_code::not_found, "no such queue or place");
    case queue_error::closed: throw failure(error_code::conflict, "the queue is closed", "data.queue_id");
    case queue_error::exists:
      throw failure(error_code::conflict, "the booth already has an open queue for this job (or a general one)", "data.job_id");
    case queue_error::already_in: throw failure(error_code::conflict, "you are already in this queue", "data.queue_id");
    case queue_error::limit:
      throw failure(error_code::conflict,
                    "you can stand in at most " + std::to_string(cfg.queues.max_per_user) +
                        " queues at once; leave one to join this one",
                    "data.queue_id");
    case queue_error::full: throw failure(error_code::conflict, "the queue is full", "data.queue_id");
    case queue_error::empty: throw failure(error_code::conflict, "nobody in this queue can be called now", "data.queue_id");
    case queue_error::held:
      throw failure(error_code::conflict, "this person is being called elsewhere or is in an interview", "data.place_id");
    case queue_error::not_waiting: throw failure(error_code::conflict, "this place is not waiting in line", "data.place_id");
    case queue_error::caller_busy:
      throw failure(error_code::conflict, "your last call has not been answered yet", "data.queue_id");
    case queue_error::not_called: throw failure(error_code::conflict, "this place is not being called", "data.place_id");
    case queue_error::expired: throw failure(error_code::conflict, "the call has expired", "data.place_id");
    case queue_error::none: break;
  }
  throw failure(error_code::internal, "internal error");
}

std::vector<store::place_row> one(const std::optional<store::place_row>& p) {
  return p ? std::vector<store::place_row>{*p} : std::vector<store::place_row>{};
}

// Calls the next person of `queue_id` for `caller` after a no-show or a decline, when the queue
// is still open and the caller still on the booth's staff. Nobody callable is not an error.
void call_next_for(api::services& svc, std::int64_t queue_id, std::optional<std::int64_t> caller, std::int64_t now) {
  if (!caller) return;
  auto q = svc.st.queues().find_queue(queue_id);
  if (!q || q->status != protocol::queue_status::open || !svc.st.booths().is_booth_member(q->booth_id, *caller)) return;
  auto f = svc.st.fairs().find_fair(q->fair_id);
  if (!f || fair::effective_status(*f, now) != protocol::fair_status::live) return;
  auto r = svc.st.queues().call(queue_id, *caller, std::nullopt, now, now + svc.cfg.queues.accept_timeout_s);
  if (r.error == queue_error::none) publish_queues(svc, r.queues, one(r.place));
}

// ---- staff commands -----------------------------------------------------------------------

json cmd_create(command_ctx& ctx) {
  auto booth_id = ctx.data["booth_id"].get<std::int64_t>();
  require_staff(ctx, booth_id);
  auto booth = ctx.st.booths().find_booth(booth_id);
  if (fair_status_of(ctx, booth->fair_id) == protocol::fair_status::closed) throw failure(error_code::conflict, "the fair is over");
  std::optional<std::int64_t> job;
  if (ctx.data.contains("job_id")) job = ctx.data["job_id"].get<std::int64_t>();
  std::string name = ctx.data.contains("name") ? api::field::text(ctx.data, "name", 1, 80) : std::string();
  auto r = ctx.st.queues().create_queue(booth_id, job, name, ctx.me().id, ctx.now());
  if (r.error == queue_error::not_found) throw failure(error_code::not_found, "no such job at this booth", "data.job_id");
  if (r.error != queue_error::none) refuse(r.error, ctx.cfg);
  publish_queues(ctx.svc, r.queues, {});
  auto q = ctx.st.queues().find_queue(*r.queue_id);
  return {{"queue", queue_json(*q, pace_of(ctx.svc, q->booth_id, q->staff))}};
}

json cmd_close(command_ctx& ctx) {
  auto q = queue_or_404(ctx, ctx.data["queue_id"].get<std::int64_t>());
  require_staff(ctx, q.booth_id);
  auto before = ctx.st.queues().active_places(q.id);
  auto r = ctx.st.queues().close_queue(q.id, ctx.now());
  if (r.error != queue_error::none) refuse(r.error, ctx.cfg);
  std::vector<store::place_row> ended;
  for (const auto& p : before)
    if (p.status == protocol::place_status::waiting)
      if (auto now = ctx.st.queues().find_place(p.id)) ended.push_back(*now);
  publish_queues(ctx.svc, r.queues, ended);
  auto after = ctx.st.queues().find_queue(q.id);
  return {{"queue", queue_json(*after, pace_of(ctx.svc, after->booth_id, after->staff))}};
}

json cmd_console(command_ctx& ctx) {
  auto booth_id = ctx.data["booth_id"].get<std::int64_t>();
  require_staff(ctx, booth_id);
  json out = json::array();
  std::optional<booth_pace> pace;
  for (const auto& q : ctx.st.queues().booth_queues(booth_id, false)) {
    if (!pace) pace = pace_of(ctx.svc, booth_id, q.staff);
    json places = json::array(), recent = json::array();
    for (const auto& p : ctx.st.queues().active_places(q.id)) places.push_back(staff_place_json(p, *pace));
    for (const auto& p : ctx.st.queues().recent_calls(q.id, recent_calls_shown)) recent.push_back(staff_place_json(p, *pace));
    out.push_back({{"queue", queue_json(q, *pace)}, {"places", places}, {"recent", recent}});
  }
  return {{"booth_id", booth_id}, {"queues", out}};
}

json cmd_call(command_ctx& ctx) {
  auto q = queue_or_404(ctx, ctx.data["queue_id"].get<std::int64_t>());
  require_staff(ctx, q.booth_id);
  require_live(ctx, q.fair_id);
  std::optional<std::int64_t> place;
  if (ctx.data.contains("place_id")) place = ctx.data["place_id"].get<std::int64_t>();
  auto now = ctx.now();
  auto r = ctx.st.queues().call(q.id, ctx.me().id, place, now, now + ctx.cfg.queues.accept_timeout_s);
  if (r.error == queue_error::not_found) throw failure(error_code::not_found, "no such place in this queue", "data.place_id");
  if (r.error != queue_error::none) refuse(r.error, ctx.cfg);
  publish_queues(ctx.svc, r.queues, {});
  auto pace = pace_of(ctx.svc, q.booth_id, q.staff);
  return {{"place", staff_place_json(*r.place, pace)}};
}

// ---- everyone's and jobseekers' commands ---------------------------------------------------

json cmd_list(command_ctx& ctx) {
  auto booth_id = ctx.data["booth_id"].get<std::int64_t>();
  require_visible(ctx, booth_id, "data.booth_id");
  auto queues = ctx.st.queues().booth_queues(booth_id, false);
  json list = json::array(), mine = json::array();
  if (!queues.empty()) {
    auto pace = pace_of(ctx.svc, booth_id, queues.front().staff);
    for (const auto& q : queues) list.push_back(queue_json(q, pace));
    labels cache;
    for (const auto& p : ctx.st.queues().user_places(ctx.me().id))
      if (p.booth_id == booth_id) mine.push_back(labelled(ctx.svc, cache, p, &pace));
  }
  return {{"booth_id", booth_id}, {"queues", list}, {"mine", mine}};
}

json cmd_mine(command_ctx& ctx) {
  labels cache;
  std::map<std::int64_t, booth_pace> paces;
  json out = json::array();
  for (const auto& p : ctx.st.queues().user_places(ctx.me().id)) {
    auto it = paces.find(p.booth_id);
    if (it == paces.end()) {
      auto q = ctx.st.queues().find_queue(p.queue_id);
      it = paces.emplace(p.booth_id, pace_of(ctx.svc, p.booth_id, q ? q->staff : 1)).first;
    }
    out.push_back(labelled(ctx.svc, cache, p, &it->second));
  }
  return {{"places", out}, {"max_per_user", ctx.cfg.queues.max_per_user}};
}

json cmd_join(command_ctx& ctx) {
  auto q = queue_or_404(ctx, ctx.data["queue_id"].get<std::int64_t>());
  require_visible(ctx, q.booth_id, "data.queue_id");
  require_live(ctx, q.fair_id);
  auto r = ctx.st.queues().join(q.id, ctx.me().id, ctx.now(), ctx.cfg.queues.max_per_user, ctx.cfg.queues.max_length);
  if (r.error != queue_error::none) refuse(r.error, ctx.cfg);
  absent().back(ctx.me().id);  // connected right now
  publish_queues(ctx.svc, r.queues, {});
  labels cache;
  auto pace = pace_of(ctx.svc, q.booth_id, q.staff);
  return {{"place", labelled(ctx.svc, cache, *ctx.st.queues().find_place(r.place->id), &pace)}};
}

json cmd_leave(command_ctx& ctx) {
  auto q = queue_or_404(ctx, ctx.data["queue_id"].get<std::int64_t>());
  auto r = ctx.st.queues().leave(q.id, ctx.me().id, ctx.now());
  if (r.error == queue_error::not_found) throw failure(error_code::not_found, "you are not in this queue", "data.queue_id");
  if (r.error != queue_error::none) refuse(r.error, ctx.cfg);
  publish_queues(ctx.svc, r.queues, one(r.place));
  if (r.place->status == protocol::place_status::declined) call_next_for(ctx.svc, q.id, r.place->called_by, ctx.now());
  labels cache;
  return {{"place", labelled(ctx.svc, cache, *r.place, nullptr)}};
}

json cmd_accept(command_ctx& ctx) {
  auto place_id = ctx.data["place_id"].get<std::int64_t>();
  auto r = ctx.st.queues().accept(place_id, ctx.me().id, ctx.now());
  if (r.error == queue_error::not_found) throw failure(error_code::not_found, "no such place", "data.place_id");
  if (r.error != queue_error::none) refuse(r.error, ctx.cfg);
  publish_queues(ctx.svc, r.queues, one(r.place));
  auto room = ctx.st.rooms().find_room(*r.room_id);
  room::announce(ctx.svc, ctx.st, *room);
  labels cache;
  return {{"place", labelled(ctx.svc, cache, *r.place, nullptr)}, {"room", room::room_json(*room)}};
}

json cmd_decline(command_ctx& ctx) {
  auto place_id = ctx.data["place_id"].get<std::int64_t>();
  auto r = ctx.st.queues().decline(place_id, ctx.me().id, ctx.now());
  if (r.error == queue_error::not_found) throw failure(error_code::not_found, "no such place", "data.place_id");
  if (r.error != queue_error::none) refuse(r.error, ctx.cfg);
  publish_queues(ctx.svc, r.queues, one(r.place));
  call_next_for(ctx.svc, r.place->queue_id, r.place->called_by, ctx.now());
  labels cache;
  return {{"place", labelled(ctx.svc, cache, *r.place, nullptr)}};
}

// ---- timers and hooks ------------------------------------------------------------------------

void sweep(api::services& svc) {
  auto now = util::unix_s();
  // 1. Unanswered calls: no-show, then the same recruiter's next call.
  for (const auto& e : svc.st.queues().expire_calls(now)) {
    std::vector<std::int64_t> queues{e.place.queue_id};
    for (const auto& p : svc.st.queues().user_places(e.place.user_id)) queues.push_back(p.queue_id);  // holds released
    publish_queues(svc, queues, {e.place});
    call_next_for(svc, e.place.queue_id, e.caller, now);
  }
  // 2. Holds that rooms (ours, or the slot capability's) started or ended.
  auto changed = svc.st.queues().reconcile_holds(now);
  if (!changed.empty()) {
    std::vector<std::int64_t> queues;
    for (const auto& p : changed)
      if (std::find(queues.begin(), queues.end(), p.queue_id) == queues.end()) queues.push_back(p.queue_id);
    publish_queues(svc, queues, {});
  }
  // 3. The disconnect grace: a jobseeker with no connection subscribed to their user topic
  // anywhere in the cluster for longer than the grace loses their waiting places.
  for (auto user : absent().due(now, svc.cfg.queues.disconnect_grace_s)) {
    auto p = svc.presence ? svc.presence(user_topic(user), false) : std::nullopt;
    if (!p) continue;  // the broker did not answer: decide next time
    absent().back(user);
    if (p->count > 0) continue;
    auto removed = svc.st.queues().remove_waiting_places(user, now);
    if (removed.empty()) continue;
    std::vector<std::int64_t> queues;
    for (const auto& r : removed)
      if (std::find(queues.begin(), queues.end(), r.queue_id) == queues.end()) queues.push_back(r.queue_id);
    std::cerr << "fuar: queue: user " << user << " gone past the grace, " << removed.size() << " place(s) released\n";
    publish_queues(svc, queues, removed);
  }
}

void on_start(api::services& svc) {
  // Nobody is connected to a node that has just started: every waiting jobseeker gets the
  // grace from now (those connected to other nodes are found present when it runs out).
  auto now = util::unix_s();
  for (auto user : svc.st.queues().users_waiting()) absent().gone(user, now);
  svc.every(1000, [&svc] { sweep(svc); });
}

void on_disconnect(api::services& svc, const store::user& user, const std::string&) {
  if (user.user_role != store::role::jobseeker) return;
  auto places = svc.st.queues().user_places(user.id);
  if (std::any_of(places.begin(), places.end(), [](const auto& p) { return p.status == protocol::place_status::waiting; }))
    absent().gone(user.id, util::unix_s());
}

using enum api::audience;
constexpr api::command commands[] = {
    {"queue.create", employer, "the booth's staff (a member of data.booth_id); data.job_id must be the booth's job", cmd_create},
    {"queue.close", employer, "the staff of the queue's booth", cmd_close},
    {"queue.console", employer, "the booth's staff (a member of data.booth_id)", cmd_console, false},
    {"queue.call", employer, "the staff of the queue's booth; data.place_id must be a waiting place of that queue", cmd_call},
    {"queue.list", signed_in, "the booth is visible to the caller (its fair is not a draft, or they are its staff); lists only the caller's own places", cmd_list, false},
    {"queue.join", jobseeker, "the queue's booth is visible and its fair is live; joins as the caller only", cmd_join},
    {"queue.leave", jobseeker, "the caller's own place only", cmd_leave},
    {"queue.mine", jobseeker, "the caller's own places only", cmd_mine, false},
    {"queue.accept", jobseeker, "the caller's own called place only", cmd_accept},
    {"queue.decline", jobseeker, "the caller's own called place only", cmd_decline},
};

}  // namespace

const api::capability& capability() {
  static const api::capability cap{"queue", commands, on_start, on_disconnect};
  return cap;
}

}  // namespace fuar::queue

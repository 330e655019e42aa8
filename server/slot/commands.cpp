// The slot capability's command table (server/contract/commands.hpp, protocol/ws/slot.md).
//
// Ownership in short: a booth's slots are as public as the booth (anyone who may read the booth
// lists them); only the booth's staff publish, withdraw, see bookings, mark no-shows and start
// interviews (others: 403, the booth is public); a booking is its booker's (others: 404).
//
// Every write goes through one store call that commits it; pushes follow the commit:
//   slot.changed   on booth:{id} (public view: free places) and staff:{booth} (with bookings)
//   slot.withdrawn on user:{id} of each booker of a withdrawn slot
//   slot.offer     on user:{id} of the waitlisted jobseeker a freed place is held for
//   slot.reminder  on user:{id} of bookers and of the booth's staff (the sweep, see on_start)
#include "server/slot/commands.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include "server/contract/policy.hpp"
#include "protocol/status.hpp"
#include "protocol/topics.hpp"
#include "server/auth/tokens.hpp"
#include "server/fair/links.hpp"
#include "server/contract/fair_status.hpp"
#include "server/room/announce.hpp"
#include "server/slot/views.hpp"
#include "server/store/rooms_store.hpp"
#include "server/store/slots_store.hpp"
#include "server/util/clock.hpp"

namespace fuar::slot {

using api::command_ctx;
using api::failure;
using nlohmann::json;
using protocol::error_code;

namespace {

constexpr std::int64_t max_slots_per_booth = 500;    // open slots that have not ended
constexpr std::int64_t max_live_bookings = 20;       // upcoming bookings per jobseeker
constexpr std::int64_t max_waitlist_length = 1000;   // per booth
constexpr std::int64_t max_waitlists_per_user = 20;
constexpr std::int64_t start_early_s = 600;          // an interview may start 10 minutes early
constexpr std::int64_t schedule_back_s = 7 * 86400;  // the staff schedule shows a week back

using protocol::user_topic;
using protocol::booth_topic;
using protocol::staff_topic;

std::int64_t id_of(const json& data, const char* name) { return data.at(name).get<std::int64_t>(); }

store::booth find_booth(store::store& st, std::int64_t id) {
  auto b = st.booths().find_booth(id);
  if (!b) throw failure(error_code::not_found, "no such booth", "data.booth_id");
  return *b;
}

store::fair fair_of(store::store& st, const store::booth& b) {
  auto f = st.fairs().find_fair(b.fair_id);
  if (!f) throw failure(error_code::not_found, "no such booth", "data.booth_id");
  return *f;
}

// The booth, when the caller is one of its staff (employer role is checked by the row).
store::booth staffed_booth(command_ctx& ctx, std::int64_t booth_id) {
  auto b = find_booth(ctx.st, booth_id);
  if (!ctx.st.booths().is_booth_member(b.id, ctx.me().id))
    throw failure(error_code::forbidden, "only this booth's staff may manage its interview slots");
  return b;
}

// The booth when the caller may read it (its fair is not a draft, or they are its staff).
store::booth readable_booth(command_ctx& ctx, std::int64_t booth_id, const char* field) {
  if (auto e = api::policy::can_read_booth(ctx.st, ctx.me(), booth_id)) {
    auto err = *e;
    err.field = field;
    throw failure(err.code, err.message, err.field);
  }
  return find_booth(ctx.st, booth_id);
}

store::slot find_slot(command_ctx& ctx, std::int64_t id) {
  auto s = ctx.st.slots().find_slot(id, ctx.now());
  if (!s) throw failure(error_code::not_found, "no such slot", "data.slot_id");
  return *s;
}

// A slot of a booth the caller staffs.
store::slot staffed_slot(command_ctx& ctx, std::int64_t id) {
  auto s = find_slot(ctx, id);
  staffed_booth(ctx, s.booth_id);
  return s;
}

json fair_brief(const store::fair& f) {
  return {{"id", f.id},
          {"title", {{"tr", f.title_tr}, {"en", f.title_en}}},
          {"timezone", f.timezone},
          {"starts_at", f.starts_at},
          {"ends_at", f.ends_at}};
}

json booth_brief(const store::booth& b) { return {{"id", b.id}, {"name", b.name}, {"fair_id", b.fair_id}}; }

// Publishes a slot's new state to the booth's visitors and to its staff (after the commit).
void publish_changed(api::services& svc, store::store& st, std::int64_t slot_id, std::int64_t now) {
  auto s = st.slots().find_slot(slot_id, now);
  if (!s) return;
  svc.publish(booth_topic(s->booth_id), "slot.changed", {{"slot", slot_json(*s)}});
  svc.publish(staff_topic(s->booth_id), "slot.changed",
              {{"slot", staff_slot_json(*s, st.slots().slot_bookings(s->id))}});
}

// Offers the free places of a slot to the booth's waitlist and tells each jobseeker offered one.
void offer_places(api::services& svc, store::store& st, std::int64_t slot_id, std::int64_t now) {
  auto offers = st.slots().offer_free_places(slot_id, now, svc.cfg.slots.offer_hold_min * 60);
  if (offers.empty()) return;
  auto s = st.slots().find_slot(slot_id, now);
  if (!s) return;
  auto b = st.booths().find_booth(s->booth_id);
  auto f = st.fairs().find_fair(s->fair_id);
  for (const auto& o : offers)
    svc.publish(user_topic(o.user_id), "slot.offer",
                {{"slot", slot_json(*s)},
                 {"booth", b ? booth_brief(*b) : json(nullptr)},
                 {"fair", f ? fair_brief(*f) : json(nullptr)},
                 {"expires_at", o.expires_at}});
}

// ---- handlers ---------------------------------------------------------------------------------

json publish_slot(command_ctx& ctx) {
  auto b = staffed_booth(ctx, id_of(ctx.data, "booth_id"));
  auto f = fair_of(ctx.st, b);
  const auto now = ctx.now();
  if (fair::effective_status(f, now) == protocol::fair_status::closed)
    throw failure(error_code::conflict, "this fair is closed; no new slots can be published");
  store::new_slot ns;
  ns.booth_id = b.id;
  ns.starts_at = id_of(ctx.data, "starts_at");
  ns.length_min = id_of(ctx.data, "length_min");
  ns.capacity = id_of(ctx.data, "capacity");
  ns.created_by = ctx.me().id;
  ns.created_at = now;
  // A group interview is a room: its candidates and the recruiter must fit in one.
  auto max_group = std::min(ctx.cfg.slots.max_group_size, ctx.cfg.rooms.max_participants - 1);
  if (ns.capacity > max_group)
    throw failure(error_code::invalid,
                  "capacity: must be 1 (one-to-one) or a group of at most " + std::to_string(max_group),
                  "data.capacity");
  if (ns.starts_at <= now) throw failure(error_code::invalid, "starts_at: must be in the future", "data.starts_at");
  std::int64_t open_from = b.opens_at.value_or(f.starts_at), open_until = b.closes_at.value_or(f.ends_at);
  open_from = std::max(open_from, f.starts_at);
  open_until = std::min(open_until, f.ends_at);
  if (ns.starts_at < open_from || ns.starts_at + ns.length_min * 60 > open_until)
    throw failure(error_code::invalid,
                  "starts_at: the slot must lie within the fair's (and the booth's) opening times",
                  "data.starts_at");
  if (ctx.data.contains("job_id")) {
    auto j = ctx.st.booths().find_job(id_of(ctx.data, "job_id"));
    if (!j || j->booth_id != b.id) throw failure(error_code::invalid, "job_id: not a job of this booth", "data.job_id");
    if (j->status != protocol::job_status::open) throw failure(error_code::invalid, "job_id: this job is closed", "data.job_id");
    ns.job_id = j->id;
  }
  const auto& c = ctx.cfg.slots;
  auto s = ctx.st.slots().create_slot(ns, now, max_slots_per_booth, ns.starts_at - c.reminder_first_min * 60,
                                      ns.starts_at - c.reminder_second_min * 60);
  if (!s)
    throw failure(error_code::conflict,
                  "this booth already has " + std::to_string(max_slots_per_booth) + " upcoming slots");
  publish_changed(ctx.svc, ctx.st, s->id, now);
  return {{"slot", staff_slot_json(*s, {})}};
}

json withdraw_slot(command_ctx& ctx) {
  auto s = staffed_slot(ctx, id_of(ctx.data, "slot_id"));
  const auto now = ctx.now();
  auto users = ctx.st.slots().withdraw_slot(s.id, now);
  if (!users) throw failure(error_code::conflict, "only an open slot that has not started can be withdrawn");
  auto after = ctx.st.slots().find_slot(s.id, now);
  auto b = ctx.st.booths().find_booth(s.booth_id);
  auto f = ctx.st.fairs().find_fair(s.fair_id);
  for (auto uid : *users)
    ctx.publish(user_topic(uid), "slot.withdrawn",
                {{"slot", slot_json(after ? *after : s)},
                 {"booth", b ? booth_brief(*b) : json(nullptr)},
                 {"fair", f ? fair_brief(*f) : json(nullptr)}});
  publish_changed(ctx.svc, ctx.st, s.id, now);
  return {{"slot", slot_json(after ? *after : s)}, {"bookers_told", users->size()}};
}

json list_slots(command_ctx& ctx) {
  auto b = readable_booth(ctx, id_of(ctx.data, "booth_id"), "data.booth_id");
  auto f = fair_of(ctx.st, b);
  const auto now = ctx.now();
  auto& ss = ctx.st.slots();
  std::map<std::int64_t, const store::slot_booking*> mine;
  auto my_bookings = ss.user_bookings(ctx.me().id, now);
  for (const auto& k : my_bookings)
    if (k.status == protocol::booking_status::booked) mine[k.slot_id] = &k;
  std::map<std::int64_t, std::int64_t> offers;
  for (const auto& o : ss.user_offers(ctx.me().id, now)) offers[o.slot_id] = o.expires_at;
  json list = json::array();
  for (const auto& s : ss.booth_slots(b.id, now, now, false)) {
    if (s.starts_at <= now) continue;  // bookable ones only
    auto j = slot_json(s);
    if (auto it = mine.find(s.id); it != mine.end()) j["my_booking"] = booking_json(*it->second);
    if (auto it = offers.find(s.id); it != offers.end()) j["offer_expires_at"] = it->second;
    list.push_back(std::move(j));
  }
  json waitlist{{"length", ss.waitlist_length(b.id)}};
  if (auto p = ss.waitlist_position(b.id, ctx.me().id)) waitlist["position"] = *p;
  return {{"slots", list},
          {"booth", booth_brief(b)},
          {"fair", fair_brief(f)},
          {"waitlist", waitlist},
          {"cancel_cutoff_min", ctx.cfg.slots.cancel_cutoff_min}};
}

json schedule(command_ctx& ctx) {
  auto b = staffed_booth(ctx, id_of(ctx.data, "booth_id"));
  auto f = fair_of(ctx.st, b);
  const auto now = ctx.now();
  auto& ss = ctx.st.slots();
  auto from = now - schedule_back_s;
  auto bookings = ss.booth_bookings(b.id, from);
  json list = json::array();
  for (const auto& s : ss.booth_slots(b.id, from, now, true)) list.push_back(staff_slot_json(s, bookings));
  json jobs = json::array();
  for (const auto& j : ctx.st.booths().list_jobs(b.id, false)) jobs.push_back({{"id", j.id}, {"title", j.title}});
  auto max_group = std::min(ctx.cfg.slots.max_group_size, ctx.cfg.rooms.max_participants - 1);
  return {{"slots", list},
          {"booth", booth_brief(b)},
          {"fair", fair_brief(f)},
          {"jobs", jobs},
          {"waitlist_length", ss.waitlist_length(b.id)},
          {"limits", {{"max_group_size", max_group}, {"min_length_min", 5}, {"max_length_min", 240}}},
          {"now", now}};
}

json book_slot(command_ctx& ctx) {
  auto s = find_slot(ctx, id_of(ctx.data, "slot_id"));
  auto b = readable_booth(ctx, s.booth_id, "data.slot_id");
  auto f = fair_of(ctx.st, b);
  const auto now = ctx.now();
  auto status = fair::effective_status(f, now);
  if (status == protocol::fair_status::draft) throw failure(error_code::not_found, "no such slot", "data.slot_id");
  if (status == protocol::fair_status::closed) throw failure(error_code::conflict, "this fair is closed");
  std::int64_t live = 0;
  for (const auto& k : ctx.st.slots().user_bookings(ctx.me().id, now)) live += k.status == protocol::booking_status::booked;
  if (live >= max_live_bookings)
    throw failure(error_code::conflict,
                  "you already have " + std::to_string(max_live_bookings) + " upcoming bookings; cancel one first");
  const auto& c = ctx.cfg.slots;
  auto r = ctx.st.slots().book(s.id, ctx.me().id, now, s.starts_at - c.reminder_first_min * 60,
                               s.starts_at - c.reminder_second_min * 60);
  switch (r.result) {
    case store::book_result::full: throw failure(error_code::conflict, "this slot is full");
    case store::book_result::already_booked: throw failure(error_code::conflict, "you have already booked this slot");
    case store::book_result::not_open: throw failure(error_code::conflict, "this slot was withdrawn");
    case store::book_result::started: throw failure(error_code::conflict, "this slot has already started");
    case store::book_result::booked: break;
  }
  publish_changed(ctx.svc, ctx.st, s.id, now);
  auto after = ctx.st.slots().find_slot(s.id, now);
  return {{"booking", booking_json(*r.booking)},
          {"slot", slot_json(after ? *after : s)},
          {"booth", booth_brief(b)},
          {"fair", fair_brief(f)}};
}

json cancel_booking(command_ctx& ctx) {
  auto k = ctx.st.slots().find_booking(id_of(ctx.data, "booking_id"));
  if (!k || k->user_id != ctx.me().id) throw failure(error_code::not_found, "no such booking", "data.booking_id");
  if (k->status != protocol::booking_status::booked) throw failure(error_code::conflict, "this booking is already cancelled");
  const auto now = ctx.now();
  auto s = find_slot(ctx, k->slot_id);
  auto cutoff = ctx.cfg.slots.cancel_cutoff_min;
  if (now > s.starts_at - cutoff * 60)
    throw failure(error_code::conflict, "bookings can be cancelled until " + std::to_string(cutoff) +
                                            " minutes before the start; please tell the recruiter instead");
  if (!ctx.st.slots().cancel_booking(k->id, ctx.me().id, now))
    throw failure(error_code::conflict, "this booking is already cancelled");
  offer_places(ctx.svc, ctx.st, s.id, now);
  publish_changed(ctx.svc, ctx.st, s.id, now);
  auto after = ctx.st.slots().find_booking(k->id);
  return {{"booking", booking_json(after ? *after : *k)}};
}

json my_schedule(command_ctx& ctx) {
  const auto now = ctx.now();
  auto& ss = ctx.st.slots();
  std::map<std::int64_t, std::optional<store::booth>> booths;
  std::map<std::int64_t, std::optional<store::fair>> fairs;
  auto booth = [&](std::int64_t id) -> const std::optional<store::booth>& {
    auto it = booths.find(id);
    if (it == booths.end()) it = booths.emplace(id, ctx.st.booths().find_booth(id)).first;
    return it->second;
  };
  auto fair_json = [&](std::int64_t id) -> json {
    auto it = fairs.find(id);
    if (it == fairs.end()) it = fairs.emplace(id, ctx.st.fairs().find_fair(id)).first;
    return it->second ? fair_brief(*it->second) : json(nullptr);
  };
  auto entry = [&](const store::slot& s) {
    const auto& b = booth(s.booth_id);
    return json{{"slot", slot_json(s)}, {"booth", b ? booth_brief(*b) : json(nullptr)}, {"fair", fair_json(s.fair_id)}};
  };
  json bookings = json::array();
  for (const auto& k : ss.user_bookings(ctx.me().id, now - 86400)) {
    auto s = ss.find_slot(k.slot_id, now);
    if (!s) continue;
    auto e = entry(*s);
    e["booking"] = booking_json(k);
    bookings.push_back(std::move(e));
  }
  json offers = json::array();
  for (const auto& o : ss.user_offers(ctx.me().id, now)) {
    auto s = ss.find_slot(o.slot_id, now);
    if (!s) continue;
    auto e = entry(*s);
    e["expires_at"] = o.expires_at;
    offers.push_back(std::move(e));
  }
  json waitlists = json::array();
  for (auto [booth_id, pos] : ss.user_waitlists(ctx.me().id)) {
    const auto& b = booth(booth_id);
    if (b) waitlists.push_back({{"booth", booth_brief(*b)}, {"position", pos}});
  }
  auto feed = ss.feed_created_at(ctx.me().id);
  return {{"bookings", bookings},
          {"offers", offers},
          {"waitlists", waitlists},
          {"feed", feed ? json{{"created_at", *feed}} : json(nullptr)},
          {"cancel_cutoff_min", ctx.cfg.slots.cancel_cutoff_min},
          {"now", now}};
}

json waitlist_join(command_ctx& ctx) {
  auto b = readable_booth(ctx, id_of(ctx.data, "booth_id"), "data.booth_id");
  auto f = fair_of(ctx.st, b);
  const auto now = ctx.now();
  auto status = fair::effective_status(f, now);
  if (status == protocol::fair_status::draft) throw failure(error_code::not_found, "no such booth", "data.booth_id");
  if (status == protocol::fair_status::closed) throw failure(error_code::conflict, "this fair is closed");
  auto& ss = ctx.st.slots();
  if (std::int64_t(ss.user_waitlists(ctx.me().id).size()) >= max_waitlists_per_user)
    throw failure(error_code::conflict,
                  "you are on " + std::to_string(max_waitlists_per_user) + " waitlists already; leave one first");
  switch (ss.join_waitlist(b.id, ctx.me().id, now, max_waitlist_length)) {
    case store::waitlist_result::already: throw failure(error_code::conflict, "you are already on this booth's waitlist");
    case store::waitlist_result::full: throw failure(error_code::conflict, "this booth's waitlist is full");
    case store::waitlist_result::joined: break;
  }
  return {{"position", ss.waitlist_position(b.id, ctx.me().id).value_or(0)}, {"length", ss.waitlist_length(b.id)}};
}

json waitlist_leave(command_ctx& ctx) {
  auto booth_id = id_of(ctx.data, "booth_id");
  if (!ctx.st.slots().leave_waitlist(booth_id, ctx.me().id))
    throw failure(error_code::not_found, "you are not on this booth's waitlist", "data.booth_id");
  return json::object();
}

json mark_no_show(command_ctx& ctx) {
  auto k = ctx.st.slots().find_booking(id_of(ctx.data, "booking_id"));
  if (!k) throw failure(error_code::not_found, "no such booking", "data.booking_id");
  auto s = find_slot(ctx, k->slot_id);
  auto b = ctx.st.booths().find_booth(s.booth_id);
  // A booking of another booth is none of the caller's business: 404, not 403.
  if (!b || !ctx.st.booths().is_booth_member(b->id, ctx.me().id))
    throw failure(error_code::not_found, "no such booking", "data.booking_id");
  const auto now = ctx.now();
  bool value = !ctx.data.contains("no_show") || id_of(ctx.data, "no_show") == 1;
  if (now < s.starts_at) throw failure(error_code::conflict, "a no-show can be marked only after the slot has started");
  if (k->status != protocol::booking_status::booked) throw failure(error_code::conflict, "this booking was cancelled");
  if (!ctx.st.slots().set_no_show(k->id, value, ctx.me().id, now))
    throw failure(error_code::conflict, "this booking was cancelled");
  publish_changed(ctx.svc, ctx.st, s.id, now);
  auto after = ctx.st.slots().find_booking(k->id);
  return {{"booking", staff_booking_json(after ? *after : *k)}};
}

json start_interview(command_ctx& ctx) {
  auto s = staffed_slot(ctx, id_of(ctx.data, "slot_id"));
  const auto now = ctx.now();
  if (s.status != protocol::slot_status::open) throw failure(error_code::conflict, "this slot was withdrawn");
  if (now < s.starts_at - start_early_s)
    throw failure(error_code::conflict, "an interview can be started at most " + std::to_string(start_early_s / 60) +
                                            " minutes before the slot");
  if (now >= s.ends_at()) throw failure(error_code::conflict, "this slot has ended");
  auto& rooms = ctx.st.rooms();
  if (s.room_id) {
    if (auto r = rooms.find_room(*s.room_id); r && r->status == protocol::room_status::open)
      return {{"room", room::room_json(*r)}, {"created", false}};
    throw failure(error_code::conflict, "this slot's interview has already taken place");
  }
  std::vector<store::new_room_member> members;
  for (const auto& k : ctx.st.slots().slot_bookings(s.id))
    if (k.status == protocol::booking_status::booked && !k.no_show) members.push_back({k.user_id, "candidate", k.application_id});
  if (members.empty()) throw failure(error_code::conflict, "nobody is booked on this slot (or all are no-shows)");
  bool group = members.size() > 1;
  members.push_back({ctx.me().id, "recruiter", std::nullopt});
  store::new_room nr;
  nr.booth_id = s.booth_id;
  nr.kind = group ? "group" : "one_to_one";
  nr.source = "slot";
  nr.source_id = s.id;
  nr.created_by = ctx.me().id;
  nr.created_at = now;
  nr.members = std::move(members);
  auto r = rooms.create_room(nr);
  if (!ctx.st.slots().set_room(s.id, r.id)) {
    // Another recruiter started it a moment earlier: keep theirs, close ours (nobody knows it).
    rooms.end_room(r.id, now);
    auto again = ctx.st.slots().find_slot(s.id, now);
    if (again && again->room_id)
      if (auto theirs = rooms.find_room(*again->room_id)) return {{"room", room::room_json(*theirs)}, {"created", false}};
    throw failure(error_code::conflict, "this slot's interview was started by someone else; reload");
  }
  room::announce(ctx.svc, ctx.st, r);
  publish_changed(ctx.svc, ctx.st, s.id, now);
  return {{"room", room::room_json(r)}, {"created", true}};
}

json rotate_feed(command_ctx& ctx) {
  auto token = auth::new_token();
  ctx.st.slots().set_feed_token(ctx.me().id, auth::token_hash(token), ctx.now());
  std::string path = "/api/calendar/feed.ics?token=" + token;
  json out{{"path", path}, {"created_at", ctx.now()}};
  if (!ctx.cfg.fairs.public_url.empty())
    if (auto base = fair::link_base(ctx.cfg.fairs.public_url, "")) out["url"] = *base + path;
  return out;
}

// ---- the reminder and offer sweep -------------------------------------------------------------

void sweep(api::services& svc) {
  const auto now = util::unix_s();
  auto& st = svc.st;
  const auto& c = svc.cfg.slots;
  std::map<std::int64_t, std::optional<store::booth>> booths;
  for (const auto& r : st.slots().claim_reminders(now, c.reminder_first_min, c.reminder_second_min)) {
    auto s = st.slots().find_slot(r.slot_id, now);
    if (!s) continue;
    auto it = booths.find(s->booth_id);
    if (it == booths.end()) it = booths.emplace(s->booth_id, st.booths().find_booth(s->booth_id)).first;
    auto f = st.fairs().find_fair(s->fair_id);
    json data{{"slot", slot_json(*s)},
              {"booth", it->second ? booth_brief(*it->second) : json(nullptr)},
              {"fair", f ? fair_brief(*f) : json(nullptr)},
              {"minutes", r.minutes},
              {"role", r.booking_id ? "candidate" : "staff"}};
    if (r.booking_id) data["booking_id"] = *r.booking_id;
    for (auto uid : r.user_ids) svc.publish(user_topic(uid), "slot.reminder", data);
  }
  // Offers nobody took in time: the place goes to the next one in line.
  for (auto slot_id : st.slots().expire_offers(now)) {
    offer_places(svc, st, slot_id, now);
    publish_changed(svc, st, slot_id, now);
  }
}

void on_start(api::services& svc) {
  api::services* s = &svc;  // services live as long as the API
  svc.every(svc.cfg.slots.sweep_interval_ms, [s] { sweep(*s); });
}

using api::audience;

const api::command table[] = {
    {"slot.publish", audience::employer, "the caller is staff of the booth (else 403); the job, if any, is the booth's",
     publish_slot},
    {"slot.withdraw", audience::employer, "the caller is staff of the slot's booth (else 403)", withdraw_slot},
    {"slot.list", audience::signed_in, "the booth is visible (its fair is not a draft, or the caller is its staff)",
     list_slots, false},
    {"slot.schedule", audience::employer, "the caller is staff of the booth (else 403)", schedule, false},
    {"slot.book", audience::jobseeker, "the slot's booth is visible and its fair published or live", book_slot},
    {"slot.cancel", audience::jobseeker, "the booking is the caller's (else 404)", cancel_booking},
    {"slot.mine", audience::jobseeker, "own bookings, offers and waitlists only", my_schedule, false},
    {"slot.waitlist_join", audience::jobseeker, "the booth is visible and its fair published or live", waitlist_join},
    {"slot.waitlist_leave", audience::jobseeker, "own waitlist place only", waitlist_leave},
    {"slot.no_show", audience::employer, "the caller is staff of the booking's booth (else 404)", mark_no_show},
    {"slot.start", audience::employer, "the caller is staff of the slot's booth (else 403)", start_interview},
    {"slot.feed_rotate", audience::signed_in, "own calendar feed only", rotate_feed},
};

}  // namespace

const api::capability& capability() {
  static const api::capability cap{"slot", table, on_start, nullptr};
  return cap;
}

}  // namespace fuar::slot

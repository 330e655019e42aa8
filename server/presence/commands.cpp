// The presence capability's command table (server/contract/commands.hpp): per-booth visitor and
// recruiter counts, the fair hall's throttled table of them, the visitors who share their
// profile (for the booth's staff), and recruiters' availability. protocol/ws/presence.md is the
// contract.
//
// Where the numbers come from: the broker's presence (subscribing to a topic adds the
// connection to it). Visitors = distinct jobseekers on booth:{id}; recruiters online = distinct
// employers on staff:{id} (the staff pages subscribe to it). Availability: "away" or
// "available" as the recruiter set it (durable, booths_store), "busy" while they are in an open
// interview room (rooms_store::active_room_of), whatever they set.
//
// Pushes, all ephemeral snapshots (clients ask for the current one after (re)subscribing):
//   hall.presence  on fair:{id}   every booth's counts, at most one per presence.hall_push_interval_ms
//   booth.presence on booth:{id}  the booth's counts and its online recruiters with their state
//   booth.visitors on staff:{id}  the present visitors who share their profile, others as a count
// One periodic job (every hall_push_interval_ms) computes them from the broker and publishes
// each only when it differs from the last one this node published; however many people move in
// between, a fair's hall gets at most one push per interval from a node. A recruiter changing
// their availability pushes booth.presence at once.
//
// Cost bound: a tick makes at most `tick_query_budget` presence queries (one Redis round trip
// each with the Redis broker): every fair that is published or live costs 1 + 2 × its booths;
// fairs over the budget wait for the next tick (plan_tick rotates the starting fair).
#include "server/presence/commands.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <set>

#include "server/contract/policy.hpp"
#include "server/contract/shard.hpp"
#include "server/contract/fair_status.hpp"
#include "protocol/status.hpp"
#include "protocol/topics.hpp"
#include "server/presence/board.hpp"
#include "server/store/booths_store.hpp"
#include "server/store/rooms_store.hpp"
#include "server/util/clock.hpp"

namespace fuar::presence {

using api::command_ctx;
using api::failure;
using nlohmann::json;
using protocol::error_code;

namespace {

constexpr std::int64_t tick_query_budget = 2000;  // presence queries per tick, all fairs together
constexpr std::size_t max_online_listed = 50;     // recruiters named in booth.presence
constexpr std::size_t max_cards = 200;            // sharing visitors listed to staff

using protocol::fair_topic;
using protocol::booth_topic;
using protocol::staff_topic;

// This node's memory of what it computed and published (the periodic job and the commands share it).
struct node_state {
  std::mutex m;
  change_gate hall_pushed;    // fair id → last hall.presence data
  change_gate booth_pushed;   // booth id → last booth.presence data
  change_gate staff_pushed;   // booth id → last booth.visitors data
  struct cached_hall {
    json data;
    std::int64_t at_ms = 0;  // steady clock
  };
  std::map<std::int64_t, cached_hall> halls;  // fair id → last computed table
  std::size_t cursor = 0;
};

node_state& node() {
  static node_state s;
  return s;
}

std::optional<broker::presence_summary> ask(api::services& svc, const std::string& topic, bool members) {
  if (!svc.presence) return std::nullopt;
  return svc.presence(topic, members);
}

// The booth's online recruiters (distinct employers on staff:{booth}) with the state visitors see.
json online_recruiters(api::services& svc, std::int64_t booth_id, const broker::presence_summary& staff) {
  std::map<std::int64_t, std::string> stored;
  bool any = false;
  for (const auto& m : staff.members) any = any || m.role == "employer";
  if (!any) return json::array();
  for (const auto& a : svc.st.booths().availability_of(booth_id)) stored[a.user_id] = a.state;
  json out = json::array();
  for (const auto& m : staff.members) {
    if (m.role != "employer") continue;
    if (out.size() >= max_online_listed) break;
    auto it = stored.find(m.user_id);
    bool in_room = svc.st.rooms().active_room_of(m.user_id).has_value();
    out.push_back({{"user_id", m.user_id},
                   {"name", m.name},
                   {"state", shown_state(it == stored.end() ? std::nullopt : std::optional(it->second), in_room)}});
  }
  return out;
}

// booth.presence data from the two summaries (`staff` with members).
json booth_snapshot(api::services& svc, std::int64_t booth_id, const broker::presence_summary& visitors,
                    const broker::presence_summary& staff) {
  return {{"booth_id", booth_id},
          {"visitors", count_of(visitors, "jobseeker")},
          {"recruiters", count_of(staff, "employer")},
          {"online", online_recruiters(svc, booth_id, staff)}};
}

// booth.visitors data from the booth topic's members: cards of those who share their profile,
// the rest as a count. Nothing of demographics, email or phone is read.
json visitors_snapshot(api::services& svc, std::int64_t booth_id, const broker::presence_summary& visitors) {
  std::vector<std::int64_t> ids;
  for (const auto& m : visitors.members)
    if (m.role == "jobseeker") ids.push_back(m.user_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto cards = svc.st.booths().shared_visitor_cards(ids);
  json list = json::array();
  for (const auto& c : cards) {
    if (list.size() >= max_cards) break;
    json occ = json::array();
    for (const auto& o : c.occupations) occ.push_back({{"id", o.id}, {"name", {{"tr", o.name_tr}, {"en", o.name_en}}}});
    list.push_back({{"user_id", c.user_id},
                    {"name", c.name},
                    {"city", c.city},
                    {"education_level", c.education_level ? json(*c.education_level) : json(nullptr)},
                    {"occupations", std::move(occ)}});
  }
  auto total = static_cast<std::int64_t>(ids.size());
  return {{"booth_id", booth_id},
          {"visitors", total},
          {"shared", std::move(list)},
          {"others", total - static_cast<std::int64_t>(cards.size())},
          {"truncated", cards.size() > max_cards}};
}

// The whole table of a fair, straight from the broker (2 queries per booth); nullopt when the
// broker does not answer (never a partial table).
std::optional<hall_table> compute_hall(api::services& svc, const std::vector<store::booth>& booths) {
  hall_table t;
  for (const auto& b : booths) {
    auto v = ask(svc, booth_topic(b.id), false);
    auto s = v ? ask(svc, staff_topic(b.id), false) : std::nullopt;
    if (!v || !s) return std::nullopt;
    t[b.id] = {count_of(*v, "jobseeker"), count_of(*s, "employer")};
  }
  return t;
}

bool fair_active(const store::fair& f, std::int64_t now) {
  auto s = fair::effective_status(f, now);
  return s == protocol::fair_status::published || s == protocol::fair_status::live;
}

// ---- the periodic job -------------------------------------------------------------------------

void tick(api::services& svc) {
  auto now = util::unix_s();
  std::vector<store::fair> fairs;
  for (auto& f : svc.st.fairs().list_fairs())
    if (fair_active(f, now)) fairs.push_back(std::move(f));
  std::vector<std::vector<store::booth>> booths;
  std::vector<std::int64_t> costs;
  for (const auto& f : fairs) {
    booths.push_back(svc.st.booths().list_booths(f.id));
    costs.push_back(1 + 2 * static_cast<std::int64_t>(booths.back().size()));
  }
  auto& n = node();
  std::size_t cursor;
  {
    std::lock_guard lock(n.m);
    cursor = n.cursor;
  }
  auto plan = plan_tick(costs, cursor, tick_query_budget);

  std::set<std::int64_t> fair_ids, booth_ids;
  for (const auto& f : fairs) fair_ids.insert(f.id);
  for (const auto& list : booths)
    for (const auto& b : list) booth_ids.insert(b.id);

  for (std::size_t k : plan.fairs) {
    const auto& f = fairs[k];
    auto lobby = ask(svc, fair_topic(f.id), false);
    if (!lobby) continue;  // the broker does not answer: publish nothing rather than guesses
    hall_table table;
    bool complete = true;
    for (const auto& b : booths[k]) {
      auto staff = ask(svc, staff_topic(b.id), true);
      if (!staff) {
        complete = false;
        continue;
      }
      // Member lists of the booth topic only when someone of the staff may want the visitors.
      auto visitors = ask(svc, booth_topic(b.id), staff->count > 0);
      if (!visitors) {
        complete = false;
        continue;
      }
      table[b.id] = {count_of(*visitors, "jobseeker"), count_of(*staff, "employer")};
      if (visitors->count > 0) {
        auto snap = booth_snapshot(svc, b.id, *visitors, *staff);
        bool push;
        {
          std::lock_guard lock(n.m);
          push = n.booth_pushed.pass(b.id, snap.dump());
        }
        if (push) svc.publish_ephemeral(booth_topic(b.id), "booth.presence", snap);
      }
      if (staff->count > 0) {
        auto snap = visitors_snapshot(svc, b.id, *visitors);
        bool push;
        {
          std::lock_guard lock(n.m);
          push = n.staff_pushed.pass(b.id, snap.dump());
        }
        if (push) svc.publish_ephemeral(staff_topic(b.id), "booth.visitors", snap);
      }
    }
    if (!complete) continue;
    auto data = hall_json(f.id, table);
    bool push = false;
    {
      std::lock_guard lock(n.m);
      n.halls[f.id] = {data, util::steady_ms()};
      // Nobody in the fair's lobby or hall: no push (the table is cached for presence.hall).
      if (lobby->count > 0) push = n.hall_pushed.pass(f.id, data.dump());
    }
    if (push) svc.publish_ephemeral(fair_topic(f.id), "hall.presence", data);
  }

  std::lock_guard lock(n.m);
  n.cursor = plan.next_cursor;
  // Memory follows the live fairs and booths: forget the others.
  n.hall_pushed.forget_except([&](std::int64_t id) { return fair_ids.count(id) > 0; });
  n.booth_pushed.forget_except([&](std::int64_t id) { return booth_ids.count(id) > 0; });
  n.staff_pushed.forget_except([&](std::int64_t id) { return booth_ids.count(id) > 0; });
  for (auto it = n.halls.begin(); it != n.halls.end();)
    it = fair_ids.count(it->first) ? std::next(it) : n.halls.erase(it);
}

void on_start(api::services& svc) {
  auto period = svc.cfg.presence.hall_push_interval_ms;
  svc.every(period, [&svc] { tick(svc); });
}

// ---- commands ---------------------------------------------------------------------------------

std::int64_t booth_id_of(const command_ctx& ctx) { return ctx.data.at("booth_id").get<std::int64_t>(); }

// The caller is staff of the booth (member), else not_found / forbidden without saying more.
void require_staff(command_ctx& ctx, std::int64_t booth_id) {
  if (!ctx.st.booths().find_booth(booth_id)) throw failure(error_code::not_found, "no such booth", "data.booth_id");
  if (!ctx.st.booths().is_booth_member(booth_id, ctx.me().id))
    throw failure(error_code::forbidden, "only the booth's staff can do this");
}

void require_visible_booth(command_ctx& ctx, std::int64_t booth_id) {
  if (auto e = api::policy::can_read_booth(ctx.st, ctx.me(), booth_id))
    throw failure(e->code, e->message, "data.booth_id");
}

json booth_now(api::services& svc, std::int64_t booth_id) {
  auto staff = ask(svc, staff_topic(booth_id), true);
  auto visitors = staff ? ask(svc, booth_topic(booth_id), false) : std::nullopt;
  if (!staff || !visitors) throw failure(error_code::unavailable, "presence is unavailable; try again");
  return booth_snapshot(svc, booth_id, *visitors, *staff);
}

json cmd_booth(command_ctx& ctx) {
  auto booth_id = booth_id_of(ctx);
  require_visible_booth(ctx, booth_id);
  return booth_now(ctx.svc, booth_id);
}

json cmd_hall(command_ctx& ctx) {
  auto fair_id = ctx.data.at("fair_id").get<std::int64_t>();
  auto f = ctx.st.fairs().find_fair(fair_id);
  if (!f || (f->status == protocol::fair_status::draft && ctx.me().user_role != store::role::organiser))
    throw failure(error_code::not_found, "no such fair", "data.fair_id");
  auto& n = node();
  {
    // A join storm of hall viewers is served from the table the job computed (or the last
    // one computed here), not with 2 queries per booth each.
    std::lock_guard lock(n.m);
    auto it = n.halls.find(fair_id);
    if (it != n.halls.end() && util::steady_ms() - it->second.at_ms <= 2 * ctx.cfg.presence.hall_push_interval_ms)
      return it->second.data;
  }
  auto table = compute_hall(ctx.svc, ctx.st.booths().list_booths(fair_id));
  if (!table) throw failure(error_code::unavailable, "presence is unavailable; try again");
  auto data = hall_json(fair_id, *table);
  std::lock_guard lock(n.m);
  n.halls[fair_id] = {data, util::steady_ms()};
  return data;
}

json cmd_visitors(command_ctx& ctx) {
  auto booth_id = booth_id_of(ctx);
  require_staff(ctx, booth_id);
  auto visitors = ask(ctx.svc, booth_topic(booth_id), true);
  if (!visitors) throw failure(error_code::unavailable, "presence is unavailable; try again");
  return visitors_snapshot(ctx.svc, booth_id, *visitors);
}

json cmd_availability(command_ctx& ctx) {
  auto booth_id = booth_id_of(ctx);
  const auto& state = ctx.data.at("state").get_ref<const std::string&>();
  if (!settable_state(state))
    throw failure(error_code::invalid, "state: must be one of: available, away", "data.state");
  require_staff(ctx, booth_id);
  ctx.st.booths().set_availability(booth_id, ctx.me().id, state, ctx.now());
  bool in_room = ctx.st.rooms().active_room_of(ctx.me().id).has_value();
  json reply{{"booth_id", booth_id}, {"set", state}, {"state", shown_state(state, in_room)}};
  // After the commit: visitors of the booth see the change at once (the job would within an
  // interval). A broker that does not answer leaves it to the job.
  auto staff = ask(ctx.svc, staff_topic(booth_id), true);
  auto visitors = staff ? ask(ctx.svc, booth_topic(booth_id), false) : std::nullopt;
  if (staff && visitors) {
    auto snap = booth_snapshot(ctx.svc, booth_id, *visitors, *staff);
    auto& n = node();
    {
      std::lock_guard lock(n.m);
      n.booth_pushed.remember(booth_id, snap.dump());
    }
    ctx.publish_ephemeral(booth_topic(booth_id), "booth.presence", snap);
  }
  return reply;
}

// presence.get: the count (and, where policy::can_see_members allows, the members) of a topic
// the connection subscribes to. Runs on the connection's shard: the subscription is the
// connection's own state.
void cmd_get(api::shard_ctx& ctx) {
  const std::string& topic = ctx.data.at("topic").get_ref<const std::string&>();
  auto* s = ctx.conn->find_subscription(topic);
  if (!s || s->pending)
    return ctx.reply(protocol::error{error_code::forbidden, "subscribe to " + topic + " first", "data.topic"});
  auto ref = *api::policy::parse_topic(topic);
  auto& svc = ctx.svc;
  svc.blocking(
      ctx.conn->shard(),
      [&svc, user = ctx.conn->user(), ref]() -> api::outcome {
        return json(api::policy::can_see_members(svc.blocking_services().st, user, ref));
      },
      [&svc, c = ctx.conn, id = ctx.id, topic](api::outcome r) {
        if (auto* e = std::get_if<protocol::error>(&r)) return svc.reply(c, id, *e);
        bool members = std::get<json>(r).get<bool>();
        svc.get_hub().get_broker().presence(topic, members, [&svc, c, id, members](std::optional<broker::presence_summary> p) {
          svc.post(c->shard(), [&svc, c, id, members, p = std::move(p)] {
            if (!p)
              return svc.reply(c, id, protocol::error{error_code::unavailable, "the broker is unavailable; try again", ""});
            json out{{"count", p->count}, {"by_role", p->by_role}};
            for (const char* role : {"jobseeker", "employer", "organiser"})
              if (!out["by_role"].contains(role)) out["by_role"][role] = 0;
            if (members) {
              auto& list = out["members"] = json::array();
              for (const auto& m : p->members) list.push_back({{"user_id", m.user_id}, {"name", m.name}, {"role", m.role}});
            }
            svc.reply(c, id, out);
          });
        });
      });
}

using enum api::audience;
const api::command commands[] = {
    {.type = "presence.get",
     .who = signed_in,
     .ownership = "subscribed to the topic; member lists: policy::can_see_members (organisers, and the booth's staff "
                  "for booth topics)",
     .handler = nullptr,
     .writes = false,
     .on_shard = cmd_get},
    {"presence.booth", signed_in, "the booth is visible (its fair is not a draft; staff and organisers see drafts)",
     &cmd_booth, false},
    {"presence.hall", signed_in, "the fair is not a draft (organisers see drafts)", &cmd_hall, false},
    {"presence.visitors", employer, "staff (a member) of the booth", &cmd_visitors, false},
    {"presence.availability", employer, "staff (a member) of the booth; sets only one's own state", &cmd_availability,
     true},
};

}  // namespace

const api::capability& capability() {
  static const api::capability cap{"presence", commands, &on_start, nullptr};
  return cap;
}

}  // namespace fuar::presence

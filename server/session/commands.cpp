// The session capability's command table (server/contract/commands.hpp): the commands about the
// connection itself — hello, ping, subscribe and unsubscribe (PROTOCOL.md §3, §5, §6). They run
// on the connection's shard (shard.hpp): a ping must not wait behind store work, and a
// subscription lives in the connection, which only its shard touches.
//
// subscribe authorises in two steps: topics recently found public on this shard (a fair or a
// booth whose fair is not a draft) skip the store, so a join storm on a live fair costs no
// database round trip; everything else — and anyone with a fair-wide ban somewhere — takes
// policy::can_subscribe on the blocking pool. Then the API delivers the subscription
// (open_subscription: history, recovery, held pushes).
#include "server/session/commands.hpp"

#include <chrono>

#include "server/contract/policy.hpp"
#include "server/contract/shard.hpp"
#include "server/chat/guard.hpp"
#include "server/session/json.hpp"
#include "server/session/routes.hpp"
#include "server/util/clock.hpp"

namespace fuar::session {
namespace {

using api::outcome;
using api::shard_ctx;
using protocol::error;
using protocol::error_code;

void hello(shard_ctx& ctx) {
  const auto& ws = ctx.svc.cfg().ws;
  ctx.reply(nlohmann::json{{"user", user_json(ctx.conn->user())},
                           {"node", ctx.svc.node_name()},
                           {"server_time_ms", util::unix_ms()},
                           {"limits", {{"max_message_bytes", ws.max_message_bytes}, {"rate_per_s", ws.rate_per_s}}}});
}

void ping(shard_ctx& ctx) { ctx.reply(nlohmann::json{{"server_time_ms", util::unix_ms()}}); }

void subscribe(shard_ctx& ctx) {
  const std::string& topic = ctx.data.at("topic").get_ref<const std::string&>();
  auto ref = api::policy::parse_topic(topic);
  if (!ref)
    return ctx.reply(error{error_code::invalid,
                           "topic: unknown topic (use fair:{id}, booth:{id}, user:{id}, staff:{booth id} or room:{id})",
                           "data.topic"});
  const auto& c = ctx.conn;
  if (c->find_subscription(topic))
    return ctx.reply(error{error_code::conflict, "already subscribed to " + topic, "data.topic"});
  std::optional<broker::position> since;
  if (auto it = ctx.data.find("since"); it != ctx.data.end())
    since = broker::position{it->at("epoch"), it->at("offset")};

  // Subscribe locally before reading history, holding live pushes meanwhile: whatever is
  // published between the two is then either in the history or among the held pushes.
  auto generation = c->add_subscription(topic).generation;
  auto& svc = ctx.svc;
  // Users with a fair-wide ban anywhere (server/chat) always take the store check.
  if (svc.known_public(c->shard(), topic) && !chat::banned().contains(c->user().id))
    return svc.open_subscription(c, ctx.id, topic, since, generation);
  svc.blocking(
      c->shard(),
      [&svc, user = c->user(), ref = *ref]() -> outcome {
        auto& st = svc.blocking_services().st;
        if (auto e = api::policy::can_subscribe(st, user, ref)) return *e;
        return nlohmann::json(api::policy::is_public(st, ref));
      },
      [&svc, c, id = ctx.id, topic, since, generation](outcome r) {
        if (!c->is_open()) return;
        if (!c->find_subscription(topic, generation))
          return svc.reply(c, id, error{error_code::not_found, "unsubscribed before the subscription completed", "data.topic"});
        if (auto* e = std::get_if<error>(&r)) {
          c->remove_subscription(topic);  // nothing else was registered yet
          return svc.reply(c, id, *e);
        }
        if (std::get<nlohmann::json>(r).get<bool>()) svc.remember_public(c->shard(), topic);
        svc.open_subscription(c, id, topic, since, generation);
      });
}

void unsubscribe(shard_ctx& ctx) {
  const std::string& topic = ctx.data.at("topic").get_ref<const std::string&>();
  if (!ctx.conn->find_subscription(topic))
    return ctx.reply(error{error_code::not_found, "not subscribed to " + topic, "data.topic"});
  ctx.svc.drop_subscription(ctx.conn, topic);
  ctx.reply(nlohmann::json::object());
}

void on_start(api::services& svc) { start_auth(svc.cfg); }

using enum api::audience;
constexpr api::command commands[] = {
    {.type = "hello", .who = signed_in, .ownership = "none", .handler = nullptr, .writes = false, .on_shard = hello},
    {.type = "ping", .who = signed_in, .ownership = "none", .handler = nullptr, .writes = false, .on_shard = ping},
    {.type = "subscribe",
     .who = signed_in,
     .ownership = "policy::can_subscribe: fair:{id} and booth:{id}: the fair is not a draft (organisers see drafts) "
                  "and the user is not banned from it; user:{id}: one's own only; staff:{booth}: the booth's staff "
                  "and organisers; room:{id}: the room's members (not kicked)",
     .handler = nullptr,
     .writes = false,
     .on_shard = subscribe},
    {.type = "unsubscribe", .who = signed_in, .ownership = "own subscriptions only", .handler = nullptr,
     .writes = false, .on_shard = unsubscribe},
};

}  // namespace

const api::capability& capability() {
  static const api::capability cap{"session", commands, on_start, nullptr};
  return cap;
}

}  // namespace fuar::session

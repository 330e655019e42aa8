#pragma once
// The WebSocket command table: every command of the catalogue (protocol/catalogue.cpp) is one
// row here, owned by its capability (session: hello, ping, subscribe, unsubscribe; presence;
// chat; queue; room; slot), and the API dispatches through it only — the WebSocket twin of the
// HTTP route table (routes.hpp).
//
// Each capability folder exports one `capability` value: its command rows, and hooks the API
// calls at start-up and when a connection closes. A command row is at the same time its policy
// (`fuar admin routes` prints it as "ws <type>"): `who` is checked by the dispatcher before the
// handler runs; `ownership` says in words what the handler checks on top. The command's field
// rules live in the catalogue, which the dispatcher has already applied to `ctx.data` when the
// handler runs. A unit test fails when a catalogue command has no row or a row no command.
//
// Handlers run on the blocking pool (they may call the store). They return the reply's data or
// throw `failure`; they validate everything before they write, and publish only after the
// store call that commits the change has returned. Commands about the connection itself
// (subscriptions, presence of a subscribed topic, hello, ping) run on the connection's shard
// instead (`on_shard`, shard.hpp): they must not block and answer through their context.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/contract/routes.hpp"

namespace fuar::api {

struct command_ctx {
  services& svc;
  store::store& st;                // == svc.st
  const app::config& cfg;          // == svc.cfg
  const store::user& user;         // the connection's user (always signed in)
  const nlohmann::json& data;      // the command's data, already checked against the catalogue
  const std::string& conn_id;      // the connection's id, unique in the cluster ("node/17")
  std::int64_t now_ms = 0;         // unix milliseconds, taken when the command arrived

  const store::user& me() const { return user; }
  std::int64_t now() const { return now_ms / 1000; }  // unix seconds
  void publish(const std::string& topic, const std::string& event, const nlohmann::json& d) const {
    svc.publish(topic, event, d);
  }
  void publish_ephemeral(const std::string& topic, const std::string& event, const nlohmann::json& d) const {
    svc.publish_ephemeral(topic, event, d);
  }
};

using command_handler_fn = nlohmann::json (*)(command_ctx&);
struct shard_ctx;  // shard.hpp
using command_shard_handler = void (*)(shard_ctx&);

struct command {
  std::string_view type;       // a catalogue command ("queue.join")
  audience who;                // never `anyone`: WebSocket connections are always signed in
  std::string_view ownership;  // the resource check the handler applies, in words ("none" if none)
  command_handler_fn handler;  // runs on the blocking pool; nullptr when `on_shard` is set
  bool writes = true;          // refused with `unavailable` once the node drains
  // Instead of `handler`: runs on the connection's shard thread (never blocks).
  command_shard_handler on_shard = nullptr;
};

// One capability as the app assembles it (server/app/capabilities.cpp): its WebSocket command
// rows, its HTTP route rows, and hooks the API calls at start-up and when a connection closes.
struct capability {
  std::string_view name;
  std::span<const command> commands;
  // Called once when the API starts (timers via svc.every, recovery of durable state).
  void (*on_start)(services&) = nullptr;
  // Called on the blocking pool after a connection of `user` closed (for any reason).
  void (*on_disconnect)(services&, const store::user& user, const std::string& conn_id) = nullptr;
  // Its HTTP rows (the app adds them to a capability's command rows).
  std::span<const route> routes = {};
};

// The tables the API dispatches through, assembled once from the capabilities (in their order:
// it is the order of the start and disconnect hooks and of the methods in an `Allow` header).
class tables {
public:
  explicit tables(std::vector<capability> caps);
  std::span<const capability> capabilities() const { return caps_; }
  std::span<const route> routes() const { return routes_; }
  // The command row for `type`, or nullptr (the dispatcher's only way to a handler).
  const command* find_command(std::string_view type) const;
  route_match find_route(std::string_view method, std::string_view path) const {
    return api::find_route(routes_, method, path);
  }

private:
  std::vector<capability> caps_;
  std::vector<route> routes_;
  std::unordered_map<std::string_view, const command*> index_;
};

}  // namespace fuar::api

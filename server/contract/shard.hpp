#pragma once
// What a handler that runs on a shard thread instead of the blocking pool may use: the
// connection-level WebSocket commands (hello, ping, subscribe, unsubscribe, presence.get) and
// the node endpoints (/healthz, /metrics). The API implements it.
//
// Threading: every call is made on a shard thread; none blocks. Store work goes through
// blocking(), whose `done` runs back on the shard it names.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "protocol/envelope.hpp"
#include "server/contract/commands.hpp"
#include "server/contract/connection.hpp"
#include "server/contract/routes.hpp"
#include "server/broker/broker.hpp"
#include "server/hub/hub.hpp"

namespace fuar::api {

// A reply's data, or the error it answers with.
using outcome = std::variant<nlohmann::json, protocol::error>;

class shard_services {
public:
  virtual ~shard_services() = default;

  virtual services& blocking_services() = 0;  // what blocking handlers get (store, config, publish, ...)
  virtual const app::config& cfg() const = 0;
  virtual hub::hub& get_hub() = 0;
  virtual const std::string& node_name() const = 0;
  // The metrics in Prometheus text format 0.0.4 (thread-safe).
  virtual std::string metrics_text() = 0;

  // Runs `work` on the blocking pool; `done` gets its result on `shard`. Store failures
  // become `unavailable`, other exceptions `internal`; both are logged without user data.
  virtual void blocking(std::size_t shard, std::function<outcome()> work, std::function<void(outcome)> done) = 0;
  // Runs `fn` later on `shard`'s thread.
  virtual void post(std::size_t shard, std::function<void()> fn) = 0;
  // Sends `r` as the reply to the command `id` if the connection is still open.
  virtual void reply(const std::shared_ptr<connection>& c, const nlohmann::json& id, const outcome& r) = 0;

  // Delivery of an authorised subscription: joins the hub and the topic's presence, reads the
  // history after `since` and answers `id` with it (PROTOCOL.md §6), then releases the pushes
  // held meanwhile. `generation` is the one add_subscription gave; a subscription dropped in the
  // meantime is answered `not_found`. A jobseeker's visit to a fair or booth is noted.
  virtual void open_subscription(const std::shared_ptr<connection>& c, const nlohmann::json& id,
                                 const std::string& topic, const std::optional<broker::position>& since,
                                 std::uint64_t generation) = 0;
  // Leaves the hub and the topic's presence and forgets the subscription.
  virtual void drop_subscription(const std::shared_ptr<connection>& c, const std::string& topic) = 0;
  // Per shard: topics recently found visible to every signed-in user, so a join storm on a
  // public fair skips the store (trusted for a few seconds: a fair back to draft stays
  // subscribable that long at most).
  virtual bool known_public(std::size_t shard, const std::string& topic) = 0;
  virtual void remember_public(std::size_t shard, const std::string& topic) = 0;
};

// A command that runs on its connection's shard. `conn` and `id` must be copied into anything
// that outlives the call; the reply goes through reply() exactly once.
struct shard_ctx {
  shard_services& svc;
  const std::shared_ptr<connection>& conn;
  const nlohmann::json& id;
  const nlohmann::json& data;  // checked against the catalogue

  void reply(const outcome& r) const { svc.reply(conn, id, r); }
};

// A route that answers on the caller's shard; `answer` must be called exactly once (it may be
// moved into a blocking() continuation).
struct route_shard_ctx {
  shard_services& svc;
  std::size_t shard;
  const http_request& req;
  std::function<void(std::variant<route_reply, protocol::error>)> answer;
};

}  // namespace fuar::api

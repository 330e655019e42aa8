#pragma once
// fuar::api — routes WebSocket commands and HTTP requests to the domain.
//
// Threading: on_open/on_message/on_close and handle_http run on the caller's shard thread.
// Anything that blocks (store calls, password hashing) is posted to the blocking pool and its
// result is posted back to the shard, so an I/O thread never waits. Every reply is sent on
// the connection's shard thread.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "protocol/envelope.hpp"
#include "server/contract/connection.hpp"
#include "server/contract/handler.hpp"
#include "server/contract/http_types.hpp"
#include "server/contract/shard.hpp"
#include "server/config/config.hpp"
#include "server/config/metrics.hpp"
#include "server/hub/hub.hpp"
#include "server/store/store.hpp"

namespace boost::asio { class thread_pool; }
namespace fuar::people { class visit_buffer; }

namespace fuar::api {

struct periodic;
class control_subscriber;

// The API dispatches through two tables only: HTTP requests through the route table
// (routes.hpp), WebSocket commands through the command table (commands.hpp). It implements the
// services that shard-side handlers use (shard.hpp).
class api final : public shard_services, public handler {
public:
  // `t`: the capabilities' command and route tables (assembled by the app), outliving the api.
  api(const app::config& cfg, const tables& t, store::store& st, hub::hub& h, app::metrics& m, std::string node_name);
  ~api();
  api(const api&) = delete;
  api& operator=(const api&) = delete;

  const app::config& cfg() const override { return cfg_; }
  app::metrics& metrics() { return metrics_; }

  // Looks up a session token (blocking pool); `done` runs on `shard` with the user (nullopt
  // for an unknown or expired session), the token's hash, and `unavailable` = true when the
  // store could not answer (the caller answers 503, not 401: the session may well be valid).
  void authenticate(std::size_t shard, const std::string& token,
                    std::function<void(std::optional<store::user>, std::string, bool unavailable)> done) override;

  // Origin allowlist: exact match against http.allowed_origins plus this node's own origins.
  bool origin_allowed(const std::string& origin) const override;
  void allow_own_origins(const std::string& host, unsigned short port);

  // Admission control for an authenticated upgrade: nullopt admits (and counts) the user.
  std::optional<app::reject_reason> admit(const store::user& u) override;

  void on_open(const std::shared_ptr<connection>& c) override;
  void on_message(const std::shared_ptr<connection>& c, std::string_view text) override;
  void on_close(const std::shared_ptr<connection>& c) override;

  void handle_http(std::size_t shard, http_request req, std::function<void(http_response)> done) override;
  // The largest body the net layer should read for this request (uploads have their own).
  std::size_t body_limit(const std::string& method, const std::string& path) const override;

  // Refuses new commands that write (answers `unavailable`) once shutdown has begun, and
  // waits (up to `timeout_ms`) for work already on the blocking pool to finish.
  void begin_drain();
  bool wait_idle(std::int64_t timeout_ms);

  // Closes every connection of a session (logout) with `code`, on their own shards.
  void close_session(const std::string& token_hash, std::uint16_t code, const std::string& reason);
  // Closes every connection of a user (account deleted, banned) with `code`: on this node at
  // once, and on every other node through the control topic (live.cpp).
  void close_user(std::int64_t user_id, std::uint16_t code, const std::string& reason);
  // Ends every subscription of a user to `topic`, on every node (kicked from a room).
  void revoke(std::int64_t user_id, const std::string& topic, const std::string& reason);
  // Closes every open connection (shutdown).
  void close_all(std::uint16_t code, const std::string& reason);

  // Deletes expired sessions from the store (on the blocking pool). Run periodically.
  void sweep_sessions();

  // Writes the visits noted since the last flush (people/visits.hpp) in one transaction.
  // Blocking: runs every presence.visit_flush_ms on the blocking pool, and once more from the
  // shutdown after the pool is idle. A store failure puts the visits back (bounded) and is
  // logged; returns false then.
  bool flush_visits();

  std::string new_conn_id() override;

  // shard_services (shard.hpp): what the connection-level commands and the node endpoints use.
  services& blocking_services() override { return *svc_; }
  hub::hub& get_hub() override { return hub_; }
  const std::string& node_name() const override { return node_name_; }
  std::string metrics_text() override;
  void blocking(std::size_t shard, std::function<outcome()> work, std::function<void(outcome)> done) override;
  void post(std::size_t shard, std::function<void()> fn) override;
  void reply(const std::shared_ptr<connection>& c, const nlohmann::json& id, const outcome& r) override;
  void open_subscription(const std::shared_ptr<connection>& c, const nlohmann::json& id, const std::string& topic,
                         const std::optional<broker::position>& since, std::uint64_t generation) override;
  void drop_subscription(const std::shared_ptr<connection>& c, const std::string& topic) override;
  bool known_public(std::size_t shard, const std::string& topic) override;
  void remember_public(std::size_t shard, const std::string& topic) override;

private:
  void finish_subscribe(const std::shared_ptr<connection>& c, const nlohmann::json& id,
                        const std::string& topic, std::uint64_t generation, bool asked_since,
                        std::optional<broker::history_result> h);
  // A jobseeker's subscription to fair:{id} or booth:{id} succeeded: notes the visit in memory.
  void note_visit(const store::user& u, const std::string& topic);

  // Command dispatch (live.cpp): a blocking row on the pool, an on-shard row here.
  void run_command(const std::shared_ptr<connection>& c, protocol::command& cmd, const command& row);
  void start_live();
  void every(std::int64_t period_ms, std::function<void()> job);
  void arm(periodic* p);
  void stop_periodic();
  void disconnected(const std::shared_ptr<connection>& c);
  // Control messages between nodes (node:control): what close_user and revoke do on this node.
  friend class control_subscriber;
  void on_control(const std::string& event, const nlohmann::json& data);
  void close_user_local(std::int64_t user_id, std::uint16_t code, const std::string& reason);
  void revoke_local(std::int64_t user_id, const std::string& topic, const std::string& reason);
  std::vector<std::shared_ptr<connection>> connections_of(std::int64_t user_id);

  // HTTP dispatch through the route table (dispatch.cpp).
  void route_http(std::size_t shard, http_request req, const std::function<void(http_response)>& done);
  void init_domain();
  std::optional<protocol::error> csrf_check(const http_request& req) const;

  const app::config& cfg_;
  const tables& tables_;
  store::store& store_;
  hub::hub& hub_;
  app::metrics& metrics_;
  std::string node_name_;
  std::unique_ptr<boost::asio::thread_pool> pool_;
  std::unique_ptr<boost::asio::thread_pool> jobs_;  // background work (CV text extraction)
  std::unique_ptr<services> svc_;
  std::shared_ptr<control_subscriber> control_;
  std::string store_id_;  // meta "store_id": control messages from another database are ignored  // shared: its type is complete in live.cpp only
  std::mutex periodic_mutex_;
  std::vector<std::shared_ptr<periodic>> periodic_;
  std::atomic<bool> draining_{false};
  std::atomic<std::int64_t> in_flight_{0};
  std::atomic<std::uint64_t> next_conn_{0};

  std::vector<std::string> own_origins_;
  // Per shard (touched only by its thread): topics known to be visible to every signed-in user,
  // with the steady-clock time (µs) until which that is trusted. A fair that goes back to draft
  // stays subscribable for at most this long.
  static constexpr std::int64_t public_topic_ttl_us = 5'000'000;
  std::vector<std::unordered_map<std::string, std::int64_t>> public_topics_;
  std::unique_ptr<people::visit_buffer> visits_;  // visits not yet stored (flush_visits)

  // Node registry: connections per session (for logout) and per user (for limits).
  std::mutex registry_mutex_;
  std::unordered_map<std::string, std::vector<std::weak_ptr<connection>>> by_session_;
  std::unordered_map<std::int64_t, std::int64_t> per_user_;
  std::int64_t open_ = 0;
};

}  // namespace fuar::api

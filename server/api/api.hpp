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
#include "server/api/connection.hpp"
#include "server/api/http_types.hpp"
#include "server/app/config.hpp"
#include "server/app/metrics.hpp"
#include "server/auth/throttle.hpp"
#include "server/hub/hub.hpp"
#include "server/store/store.hpp"

namespace boost::asio { class thread_pool; }
namespace fuar::people { class visit_buffer; }

namespace fuar::api {

struct route;
struct services;
struct command;
struct periodic;
class control_subscriber;

class api {
public:
  api(const app::config& cfg, store::store& st, hub::hub& h, app::metrics& m, std::string node_name);
  ~api();
  api(const api&) = delete;
  api& operator=(const api&) = delete;

  const app::config& cfg() const { return cfg_; }
  app::metrics& metrics() { return metrics_; }

  // Looks up a session token (blocking pool); `done` runs on `shard` with the user (nullopt
  // for an unknown or expired session), the token's hash, and `unavailable` = true when the
  // store could not answer (the caller answers 503, not 401: the session may well be valid).
  void authenticate(std::size_t shard, const std::string& token,
                    std::function<void(std::optional<store::user>, std::string, bool unavailable)> done);

  // Origin allowlist: exact match against http.allowed_origins plus this node's own origins.
  bool origin_allowed(const std::string& origin) const;
  void allow_own_origins(const std::string& host, unsigned short port);

  // Admission control for an authenticated upgrade: nullopt admits (and counts) the user.
  std::optional<app::reject_reason> admit(const store::user& u);

  void on_open(const std::shared_ptr<connection>& c);
  void on_message(const std::shared_ptr<connection>& c, std::string_view text);
  void on_close(const std::shared_ptr<connection>& c);

  void handle_http(std::size_t shard, http_request req, std::function<void(http_response)> done);
  // The largest body the net layer should read for this request (uploads have their own).
  std::size_t body_limit(const std::string& method, const std::string& path) const;

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

  // The command types this API handles; a unit test compares them with the catalogue.
  static std::vector<std::string_view> handled_types();

  std::string new_conn_id();

private:
  using result = std::variant<nlohmann::json, protocol::error>;
  using command_handler = void (api::*)(const std::shared_ptr<connection>&, protocol::command&);
  struct command_row {
    std::string_view type;
    command_handler handler;
  };
  static const command_row command_rows[];

  // Runs `work` on the blocking pool; `done` gets its result on `shard`. Store failures
  // become `unavailable`, other exceptions `internal`; both are logged without user data.
  void blocking(std::size_t shard, std::function<result()> work, std::function<void(result)> done);
  // Sends `r` as the reply to `id` if the connection is still open.
  void reply(const std::shared_ptr<connection>& c, const nlohmann::json& id, const result& r);

  void cmd_hello(const std::shared_ptr<connection>&, protocol::command&);
  void cmd_ping(const std::shared_ptr<connection>&, protocol::command&);
  void cmd_subscribe(const std::shared_ptr<connection>&, protocol::command&);
  void cmd_unsubscribe(const std::shared_ptr<connection>&, protocol::command&);
  void cmd_presence_get(const std::shared_ptr<connection>&, protocol::command&);
  void cmd_chat_send(const std::shared_ptr<connection>&, protocol::command&);
  void cmd_chat_history(const std::shared_ptr<connection>&, protocol::command&);

  void start_subscription(const std::shared_ptr<connection>& c, const nlohmann::json& id, const std::string& topic,
                          const std::optional<broker::position>& since, std::uint64_t generation);
  void finish_subscribe(const std::shared_ptr<connection>& c, const nlohmann::json& id,
                        const std::string& topic, std::uint64_t generation, bool asked_since,
                        std::optional<broker::history_result> h);
  void drop_subscription(const std::shared_ptr<connection>& c, const std::string& topic);
  // A jobseeker's subscription to fair:{id} or booth:{id} succeeded: notes the visit in memory.
  void note_visit(const store::user& u, const std::string& topic);

  // The live capabilities' command table (live.cpp).
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

  // HTTP routes (http_api.cpp).
  void route_http(std::size_t shard, http_request req, const std::function<void(http_response)>& done);
  void http_register(std::size_t shard, const http_request& req, std::function<void(http_response)> done);
  void http_login(std::size_t shard, const http_request& req, std::function<void(http_response)> done);
  void http_logout(std::size_t shard, const http_request& req, std::function<void(http_response)> done);
  void http_me(std::size_t shard, const http_request& req, std::function<void(http_response)> done);
  void http_fairs(std::size_t shard, const http_request& req, std::function<void(http_response)> done);
  void http_fair(std::size_t shard, std::int64_t id, const http_request& req, std::function<void(http_response)> done);
  void http_booth(std::size_t shard, std::int64_t id, const http_request& req, std::function<void(http_response)> done);
  void http_health(std::size_t shard, std::function<void(http_response)> done);
  // The domain route table (dispatch.cpp): false when no row's pattern matches the path.
  bool route_domain(std::size_t shard, http_request& req, const std::function<void(http_response)>& done);
  const route* find_route(const std::string& method, const std::string& path, std::vector<std::int64_t>& ids,
                          std::string* allow) const;
  void init_domain();
  void public_read(std::size_t shard, const http_request& req, std::function<result(bool organiser)> work,
                   std::function<void(http_response)> done);
  std::optional<protocol::error> csrf_check(const http_request& req) const;
  http_response session_response(int status, const nlohmann::json& user, const std::string& token,
                                 std::int64_t expires_at) const;

  const app::config& cfg_;
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
  std::string dummy_hash_;  // verified against unknown emails so timing does not reveal them

  auth::throttle account_throttle_;
  auth::throttle ip_throttle_;
  auth::throttle register_throttle_;

  std::vector<std::string> own_origins_;
  // Per shard (touched only by its thread): topics known to be visible to every signed-in user,
  // with the steady-clock time (µs) until which that is trusted. A fair that goes back to draft
  // stays subscribable for at most this long.
  static constexpr std::int64_t public_topic_ttl_us = 5'000'000;
  std::vector<std::unordered_map<std::string, std::int64_t>> public_topics_;
  std::array<std::mutex, 64> publish_order_;  // lock stripes by booth id: commit + publish order
  std::unique_ptr<people::visit_buffer> visits_;  // visits not yet stored (flush_visits)

  // Node registry: connections per session (for logout) and per user (for limits).
  std::mutex registry_mutex_;
  std::unordered_map<std::string, std::vector<std::weak_ptr<connection>>> by_session_;
  std::unordered_map<std::int64_t, std::int64_t> per_user_;
  std::int64_t open_ = 0;
};

// JSON shapes shared by HTTP and WebSocket replies (PROTOCOL.md §1, §3).
nlohmann::json user_json(const store::user& u);
nlohmann::json fair_json(const store::fair& f);
nlohmann::json booth_json(const store::booth& b);
nlohmann::json message_json(const store::chat_message& m);

}  // namespace fuar::api

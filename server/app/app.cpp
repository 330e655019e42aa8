#include "server/app/app.hpp"

#include <filesystem>
#include <iostream>
#include <thread>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "protocol/close_codes.hpp"
#include "server/api/api.hpp"
#include "server/app/capabilities.hpp"
#include "server/auth/password.hpp"
#include "server/broker/redis_broker.hpp"
#include "server/fair/demo.hpp"
#include "server/net/listener.hpp"

namespace fuar::app {

namespace asio = boost::asio;

namespace {

struct latency_observer final : hub::fanout_observer {
  explicit latency_observer(metrics& m) : m_(m) {}
  void on_fanout(std::size_t, std::size_t recipients, std::int64_t latency_us) override {
    if (recipients > 0) m_.delivery_latency.observe_us(latency_us);
  }
  metrics& m_;
};

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "node";
  return buf;
}

// Re-arms itself every `interval` until the io_context stops.
void every(asio::steady_timer& t, std::chrono::milliseconds interval, std::function<void()> fn) {
  t.expires_after(interval);
  t.async_wait([&t, interval, fn = std::move(fn)](boost::system::error_code ec) {
    if (ec) return;
    fn();
    every(t, interval, fn);
  });
}

}  // namespace

store::options store_options(const config& cfg) {
  store::options o;
  o.type = cfg.store.type;
  o.sqlite_path = cfg.sqlite_file();
  return o;
}

int run_server(const config& cfg) {
  std::filesystem::create_directories(cfg.server.data_dir);
  auth::init_crypto();
  auto st = store::open(store_options(cfg));

  std::size_t n = cfg.server.threads > 0 ? std::size_t(cfg.server.threads)
                                         : std::max(1u, std::thread::hardware_concurrency());
  // Declaration order is destruction order in reverse: the io_contexts are destroyed after
  // everything that uses them, and before what their pending handlers (sessions) touch.
  metrics m(n);
  latency_observer observer(m);
  std::string node = cfg.server.node_name.empty() ? host_name() : cfg.server.node_name;
  std::unique_ptr<broker::broker> br;
  if (cfg.broker.type == "redis") {
    broker::redis_options ro;
    ro.host = cfg.broker.redis_host;
    ro.port = int(cfg.broker.redis_port);
    ro.prefix = cfg.broker.redis_prefix;
    // Presence entries are keyed by node: make the id unique even if two nodes share a name.
    ro.node_id = node + "-" + std::to_string(::getpid());
    ro.history_size = std::size_t(cfg.broker.history_size);
    ro.history_ttl_ms = cfg.broker.history_ttl_s * 1000;
    ro.presence_ttl_ms = cfg.broker.presence_ttl_s * 1000;
    ro.presence_refresh_ms = cfg.broker.presence_refresh_s * 1000;
    ro.reconnect_max_ms = cfg.broker.reconnect_max_ms;
    br = broker::make_redis_broker(ro);
  } else {
    br = broker::make_memory_broker({std::size_t(cfg.broker.history_size), cfg.broker.history_ttl_s * 1000});
  }
  std::vector<std::unique_ptr<asio::io_context>> shards;
  std::vector<asio::io_context*> shard_ptrs;
  for (std::size_t i = 0; i < n; ++i) {
    shards.push_back(std::make_unique<asio::io_context>(1));  // one thread each: no locking inside
    shard_ptrs.push_back(shards.back().get());
  }

  hub::hub h(*br, shard_ptrs, &observer);
  api::api a(cfg, capability_tables(), *st, h, m, node);

  if (cfg.server.demo) {
    auto cost = cfg.auth.password_cost == "minimal" ? auth::minimal_cost() : auth::interactive_cost();
    for (const auto& acc : fair::ensure_demo(*st, cfg.server.data_dir, cost)) {
      std::cout << "fuar: demo account role=" << acc.role << " email=" << acc.email
                << " password=" << acc.password;
      if (acc.booth_id) std::cout << " booth=" << acc.booth_id;
      std::cout << "\n";
    }
  }

  net::context ctx{a, h, m, cfg, cfg.server.static_dir};
  net::listener lst(ctx, cfg.server.host, static_cast<unsigned short>(cfg.server.port));
  a.allow_own_origins(cfg.server.host, lst.port());
  lst.start();
  std::string shown_host = cfg.server.host == "0.0.0.0" ? "127.0.0.1" : cfg.server.host;
  std::cout << "fuar: node " << node << ", " << n << " shard(s), store " << cfg.sqlite_file()
            << ", broker " << cfg.broker.type << std::endl;
  std::cout << "fuar: listening on http://" << shown_host << ":" << lst.port() << std::endl;

  asio::io_context& main_shard = *shards[0];
  asio::steady_timer presence_timer(main_shard);
  every(presence_timer, std::chrono::milliseconds(cfg.presence.push_interval_ms), [&h] { h.flush_presence(); });

  asio::steady_timer session_timer(main_shard);
  a.sweep_sessions();
  every(session_timer, std::chrono::hours(1), [&a] { a.sweep_sessions(); });

  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  for (auto& s : shards) guards.push_back(asio::make_work_guard(*s));

  int exit_code = 0;
  std::thread drainer;
  asio::signal_set signals(main_shard, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code ec, int sig) {
    if (ec) return;
    std::cout << "fuar: signal " << sig << ", draining (limit " << cfg.server.shutdown_timeout_s << " s)" << std::endl;
    // Draining waits, so it runs on its own thread while the shards keep serving the closes.
    drainer = std::thread([&] {
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(cfg.server.shutdown_timeout_s);
      lst.stop();
      a.begin_drain();
      a.close_all(protocol::close_code::going_away, "server shutting down");
      while (m.open_connections.load() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (!a.wait_idle(std::max<std::int64_t>(0, left.count()))) {
        std::cerr << "fuar: shutdown deadline reached with store work still running\n";
        exit_code = 1;
      } else {
        // The pool is idle and the sockets are closed: store the visits of the last interval
        // (the periodic flush stopped with the drain). Skipped past the deadline.
        a.flush_visits();
      }
      if (m.open_connections.load() > 0)
        std::cerr << "fuar: " << m.open_connections.load() << " connection(s) did not close in time\n";
      // Timers and sessions still pending are destroyed with their io_context (not cancelled
      // from here: they belong to the shard threads).
      for (auto& g : guards) g.reset();
      for (auto& s : shards) s->stop();
    });
  });

  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < n; ++i)
    threads.emplace_back([&, i] {
      shards[i]->run();
      net::release_thread_state();
    });
  shards[0]->run();
  net::release_thread_state();
  for (auto& t : threads) t.join();
  if (drainer.joinable()) drainer.join();
  std::cout << "fuar: stopped" << std::endl;
  return exit_code;
}

}  // namespace fuar::app

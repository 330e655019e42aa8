// The capabilities' side of the API: the services handlers get (routes.hpp), dispatch of the
// WebSocket command table (commands.hpp), start and disconnect hooks, periodic jobs, and the control topic through which one node
// asks every node to close a user's sockets or end a user's subscription.
#include <chrono>
#include <future>
#include <iostream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "server/api/api.hpp"
#include "server/contract/commands.hpp"
#include "server/contract/routes.hpp"
#include "server/contract/shard.hpp"
#include "server/auth/tokens.hpp"
#include "server/util/clock.hpp"
#include "server/people/visits.hpp"  // complete type for api's destructor (visits_)

namespace fuar::api {

namespace asio = boost::asio;
using protocol::error;
using protocol::error_code;

namespace {

// Every node subscribes to it; clients cannot (parse_topic accepts numeric ids only).
const std::string control_topic = "node:control";

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace

// Receives node:control pushes on shard 0.
class control_subscriber final : public hub::subscriber {
public:
  explicit control_subscriber(api& a) : api_(a) {}
  void deliver(const std::string&, const broker::publication& pub) override {
    auto j = nlohmann::json::parse(*pub.frame, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("event") || !j.contains("data")) return;
    try {
      api_.on_control(j["event"].get<std::string>(), j["data"]);
    } catch (const std::exception& e) {
      std::cerr << "fuar: bad control message: " << e.what() << "\n";
    }
  }

private:
  api& api_;
};

struct periodic {
  std::unique_ptr<asio::steady_timer> timer;
  std::chrono::milliseconds period{};
  std::function<void()> job;
  std::atomic<bool> running{false};
};

void api::init_domain() {
  svc_ = std::make_unique<services>(services{
      cfg_, store_, cfg_.files_dir(),
      [this](const std::string& topic, const std::string& event, const nlohmann::json& data) {
        hub_.get_broker().publish(topic, event, dump(data), nullptr);
      },
      [this](std::function<void()> job) {
        asio::post(*jobs_, [job = std::move(job)] {
          try {
            job();
          } catch (const std::exception& e) {
            std::cerr << "fuar: background job failed: " << e.what() << "\n";
          }
        });
      },
      [this](std::int64_t user_id, std::uint16_t code, const std::string& reason) { close_user(user_id, code, reason); }});
  start_live();
}

api::~api() {
  stop_periodic();
  jobs_->stop();  // queued background jobs are dropped; they are redone from durable state at start
  jobs_->join();
  pool_->join();
}

void api::start_live() {
  auto& s = *svc_;
  s.publish_ephemeral = [this](const std::string& topic, const std::string& event, const nlohmann::json& data) {
    hub_.get_broker().publish_ephemeral(topic, event, dump(data));
  };
  s.close_user = [this](std::int64_t user_id, std::uint16_t code, const std::string& reason) {
    close_user(user_id, code, reason);
  };
  s.revoke = [this](std::int64_t user_id, const std::string& topic, const std::string& reason) {
    revoke(user_id, topic, reason);
  };
  s.every = [this](std::int64_t period_ms, std::function<void()> job) { every(period_ms, std::move(job)); };
  s.close_session = [this](const std::string& token_hash, std::uint16_t code, const std::string& reason) {
    close_session(token_hash, code, reason);
  };
  s.presence = [this](const std::string& topic, bool members) -> std::optional<broker::presence_summary> {
    auto p = std::make_shared<std::promise<std::optional<broker::presence_summary>>>();
    auto f = p->get_future();
    hub_.get_broker().presence(topic, members, [p](std::optional<broker::presence_summary> r) { p->set_value(std::move(r)); });
    if (f.wait_for(std::chrono::seconds(2)) != std::future_status::ready) return std::nullopt;
    return f.get();
  };

  // User ids mean the same person on two nodes only when they share one database: control
  // messages carry the store's identity, and a node ignores those from another store (per-node
  // SQLite behind one Redis: user 5 on node A is not user 5 on node B).
  store_id_ = store_.get_meta("store_id").value_or("");
  if (store_id_.empty()) {
    store_id_ = auth::new_token();
    store_.set_meta("store_id", store_id_);
  }
  control_ = std::make_shared<control_subscriber>(*this);
  asio::post(hub_.shard_context(0), [this] { hub_.subscribe(0, control_topic, control_.get()); });

  for (const auto& cap : tables_.capabilities())
    if (cap.on_start) cap.on_start(s);

  // Visits for the organiser's report, noted by the subscribe path (note_visit), stored in one
  // transaction per interval.
  every(cfg_.presence.visit_flush_ms, [this] { flush_visits(); });
}

void api::every(std::int64_t period_ms, std::function<void()> job) {
  auto p = std::make_shared<periodic>();
  p->timer = std::make_unique<asio::steady_timer>(hub_.shard_context(0));
  p->period = std::chrono::milliseconds(period_ms);
  p->job = std::move(job);
  {
    std::lock_guard lock(periodic_mutex_);
    periodic_.push_back(p);  // owned by the API: handlers hold a plain pointer
  }
  asio::post(hub_.shard_context(0), [this, raw = p.get()] { arm(raw); });
}

// Shard 0 only. The timer waits one period, then hands the job to the blocking pool unless the
// previous run is still going, and waits again.
void api::arm(periodic* p) {
  if (!p->timer || draining_) return;
  p->timer->expires_after(p->period);
  p->timer->async_wait([this, p](boost::system::error_code ec) {
    if (ec || draining_) return;
    if (!p->running.exchange(true)) {
      in_flight_.fetch_add(1);
      asio::post(*pool_, [this, p] {
        try {
          p->job();
        } catch (const store::store_error& e) {
          std::cerr << "fuar: periodic job: store error: " << e.what() << "\n";
        } catch (const std::exception& e) {
          std::cerr << "fuar: periodic job failed: " << e.what() << "\n";
        }
        p->running = false;
        in_flight_.fetch_sub(1);
      });
    }
    arm(p);
  });
}

void api::stop_periodic() {
  std::lock_guard lock(periodic_mutex_);
  for (auto& p : periodic_) p->timer.reset();  // the shards no longer run: nothing races this
}

void api::run_command(const std::shared_ptr<connection>& c, protocol::command& cmd, const command& row) {
  if (!admits(row.who, c->user().user_role)) {
    reply(c, cmd.id, error{error_code::forbidden, "this command is not available to your role", ""});
    return;
  }
  if (row.writes && draining_) {
    reply(c, cmd.id, error{error_code::unavailable, "the server is shutting down; retry on reconnect", ""});
    return;
  }
  if (row.on_shard) {
    shard_ctx ctx{*this, c, cmd.id, cmd.data};
    return row.on_shard(ctx);
  }
  auto handler = row.handler;
  std::string type(row.type);
  blocking(
      c->shard(),
      [this, handler, type, user = c->user(), data = std::move(cmd.data), conn_id = c->id()]() -> outcome {
        command_ctx ctx{*svc_, store_, cfg_, user, data, conn_id, util::unix_ms()};
        try {
          return handler(ctx);
        } catch (const failure& f) {
          return f.err;
        } catch (const store::store_error&) {
          throw;  // blocking() answers `unavailable` and logs it
        } catch (const std::exception& e) {
          std::cerr << "fuar: internal error in " << type << ": " << e.what() << "\n";
          return error{error_code::internal, "internal error", ""};
        }
      },
      [this, c, id = cmd.id](outcome r) { reply(c, id, r); });
}

void api::disconnected(const std::shared_ptr<connection>& c) {
  bool any = false;
  for (const auto& cap : tables_.capabilities()) any = any || cap.on_disconnect;
  if (!any) return;
  in_flight_.fetch_add(1);
  asio::post(*pool_, [this, user = c->user(), conn_id = c->id()] {
    for (const auto& cap : tables_.capabilities()) {
      if (!cap.on_disconnect) continue;
      try {
        cap.on_disconnect(*svc_, user, conn_id);
      } catch (const std::exception& e) {
        std::cerr << "fuar: " << cap.name << " disconnect hook failed: " << e.what() << "\n";
      }
    }
    in_flight_.fetch_sub(1);
  });
}

// ---- control topic ------------------------------------------------------------------------------

void api::close_user(std::int64_t user_id, std::uint16_t code, const std::string& reason) {
  close_user_local(user_id, code, reason);  // at once here, even if the broker is away
  hub_.get_broker().publish_ephemeral(
      control_topic, "close_user",
      dump({{"store", store_id_}, {"user_id", user_id}, {"code", code}, {"reason", reason}}));
}

void api::revoke(std::int64_t user_id, const std::string& topic, const std::string& reason) {
  revoke_local(user_id, topic, reason);
  hub_.get_broker().publish_ephemeral(
      control_topic, "revoke",
      dump({{"store", store_id_}, {"user_id", user_id}, {"topic", topic}, {"reason", reason}}));
}

void api::on_control(const std::string& event, const nlohmann::json& data) {
  if (data.value("store", std::string()) != store_id_) return;  // another database's users
  if (event == "close_user")
    close_user_local(data.at("user_id").get<std::int64_t>(), data.at("code").get<std::uint16_t>(),
                     data.at("reason").get<std::string>());
  else if (event == "revoke")
    revoke_local(data.at("user_id").get<std::int64_t>(), data.at("topic").get<std::string>(),
                 data.at("reason").get<std::string>());
}

std::vector<std::shared_ptr<connection>> api::connections_of(std::int64_t user_id) {
  std::vector<std::shared_ptr<connection>> out;
  std::lock_guard lock(registry_mutex_);
  for (auto& [hash, list] : by_session_)
    for (auto& w : list)
      if (auto p = w.lock(); p && p->user().id == user_id) out.push_back(p);
  return out;
}

void api::close_user_local(std::int64_t user_id, std::uint16_t code, const std::string& reason) {
  for (auto& c : connections_of(user_id))
    asio::post(hub_.shard_context(c->shard()), [c, code, reason] { c->close(code, reason); });
}

void api::revoke_local(std::int64_t user_id, const std::string& topic, const std::string& reason) {
  for (auto& c : connections_of(user_id))
    asio::post(hub_.shard_context(c->shard()), [this, c, topic, reason] {
      if (!c->is_open() || !c->find_subscription(topic)) return;
      drop_subscription(c, topic);
      c->send(std::make_shared<const std::string>(
          dump({{"topic", topic}, {"event", "subscription.revoked"}, {"data", {{"reason", reason}}}})));
    });
}

}  // namespace fuar::api

#include "server/api/api.hpp"
#include "server/contract/commands.hpp"

#include <chrono>
#include <iostream>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "server/contract/policy.hpp"
#include "server/contract/routes.hpp"
#include "server/people/visits.hpp"
#include "server/auth/password.hpp"
#include "server/auth/tokens.hpp"
#include "server/store/chat_store.hpp"
#include "server/util/clock.hpp"

namespace fuar::api {

namespace asio = boost::asio;
using protocol::error;
using protocol::error_code;

namespace {

std::shared_ptr<const std::string> shared(std::string s) {
  return std::make_shared<const std::string>(std::move(s));
}

}  // namespace

// --- api --------------------------------------------------------------------------------------

api::api(const app::config& cfg, const tables& t, store::store& st, hub::hub& h, app::metrics& m,
         std::string node_name)
    : cfg_(cfg), tables_(t), store_(st), hub_(h), metrics_(m), node_name_(std::move(node_name)),
      pool_(std::make_unique<asio::thread_pool>(std::size_t(cfg.store.pool_threads))),
      public_topics_(h.shard_count()),
      visits_(std::make_unique<people::visit_buffer>()) {
  auth::init_crypto();
  jobs_ = std::make_unique<asio::thread_pool>(std::size_t(cfg.uploads.extract_workers));
  init_domain();
}

std::string api::new_conn_id() {
  return node_name_ + "/" + std::to_string(next_conn_.fetch_add(1, std::memory_order_relaxed));
}

void api::blocking(std::size_t shard, std::function<outcome()> work, std::function<void(outcome)> done) {
  in_flight_.fetch_add(1);
  asio::post(*pool_, [this, shard, work = std::move(work), done = std::move(done)]() mutable {
    auto start = util::steady_us();
    outcome r;
    try {
      r = work();
    } catch (const store::store_error& e) {
      std::cerr << "fuar: store error: " << e.what() << "\n";
      r = error{error_code::unavailable, "the store is unavailable; try again", ""};
    } catch (const std::exception& e) {
      std::cerr << "fuar: internal error: " << e.what() << "\n";
      r = error{error_code::internal, "internal error", ""};
    }
    metrics_.store_latency.observe_us(util::steady_us() - start);
    asio::post(hub_.shard_context(shard), [this, done = std::move(done), r = std::move(r)]() mutable {
      done(std::move(r));
      in_flight_.fetch_sub(1);
    });
  });
}

void api::post(std::size_t shard, std::function<void()> fn) { asio::post(hub_.shard_context(shard), std::move(fn)); }

std::string api::metrics_text() { return metrics_.render(); }

void api::reply(const std::shared_ptr<connection>& c, const nlohmann::json& id, const outcome& r) {
  if (!c->is_open()) return;
  if (auto* e = std::get_if<error>(&r)) c->send(shared(protocol::make_error_reply(id, *e)));
  else c->send(shared(protocol::make_reply(id, std::get<nlohmann::json>(r))));
}

void api::authenticate(std::size_t shard, const std::string& token,
                       std::function<void(std::optional<store::user>, std::string, bool)> done) {
  if (token.empty()) {
    done(std::nullopt, {}, false);
    return;
  }
  auto hash = std::make_shared<std::string>(auth::token_hash(token));
  auto found = std::make_shared<std::optional<store::user>>();
  blocking(
      shard,
      [this, hash, found]() -> outcome {
        *found = store_.find_session_user(*hash, util::unix_ms() / 1000);
        // Nothing downstream needs the password hash; a live connection keeps the user for
        // its whole life, so do not carry it around.
        if (*found) std::string().swap((*found)->password_hash);
        return nlohmann::json();
      },
      [hash, found, done = std::move(done)](outcome r) {
        if (std::holds_alternative<error>(r)) done(std::nullopt, *hash, true);
        else done(std::move(*found), *hash, false);
      });
}

bool api::origin_allowed(const std::string& origin) const {
  if (origin.empty()) return false;
  for (const auto& o : cfg_.http.allowed_origins)
    if (o == origin) return true;
  for (const auto& o : own_origins_)
    if (o == origin) return true;
  return false;
}

void api::allow_own_origins(const std::string& host, unsigned short port) {
  auto p = std::to_string(port);
  own_origins_.push_back("http://localhost:" + p);
  own_origins_.push_back("http://127.0.0.1:" + p);
  own_origins_.push_back("http://[::1]:" + p);
  if (host != "0.0.0.0" && host != "::" && host != "127.0.0.1" && host != "localhost")
    own_origins_.push_back("http://" + host + ":" + p);
}

std::optional<app::reject_reason> api::admit(const store::user& u) {
  std::lock_guard lock(registry_mutex_);
  // A draining node takes no new sockets: they would only hold up the shutdown.
  if (draining_ || open_ >= cfg_.ws.max_connections) return app::reject_reason::node_full;
  auto& n = per_user_[u.id];
  if (n >= cfg_.ws.max_connections_per_user) {
    if (n == 0) per_user_.erase(u.id);
    return app::reject_reason::user_limit;
  }
  ++n;
  ++open_;
  return std::nullopt;
}

void api::on_open(const std::shared_ptr<connection>& c) {
  std::lock_guard lock(registry_mutex_);
  by_session_[c->token_hash()].push_back(c);
}

void api::on_close(const std::shared_ptr<connection>& c) {
  for (auto& s : c->subscriptions()) {
    hub_.unsubscribe(c->shard(), s.topic, c.get());
    hub_.get_broker().presence_remove(s.topic, c->id());
    hub_.presence_changed(s.topic);
  }
  c->subscriptions().clear();
  disconnected(c);
  std::lock_guard lock(registry_mutex_);
  --open_;
  if (auto it = per_user_.find(c->user().id); it != per_user_.end() && --it->second <= 0)
    per_user_.erase(it);
  if (auto it = by_session_.find(c->token_hash()); it != by_session_.end()) {
    std::erase_if(it->second, [&](const std::weak_ptr<connection>& w) {
      auto p = w.lock();
      return !p || p == c;
    });
    if (it->second.empty()) by_session_.erase(it);
  }
}

void api::close_session(const std::string& token_hash, std::uint16_t code, const std::string& reason) {
  std::vector<std::shared_ptr<connection>> targets;
  {
    std::lock_guard lock(registry_mutex_);
    if (auto it = by_session_.find(token_hash); it != by_session_.end())
      for (auto& w : it->second)
        if (auto p = w.lock()) targets.push_back(p);
  }
  for (auto& c : targets)
    asio::post(hub_.shard_context(c->shard()), [c, code, reason] { c->close(code, reason); });
}

void api::close_all(std::uint16_t code, const std::string& reason) {
  std::vector<std::shared_ptr<connection>> targets;
  {
    std::lock_guard lock(registry_mutex_);
    for (auto& [hash, list] : by_session_)
      for (auto& w : list)
        if (auto p = w.lock()) targets.push_back(p);
  }
  for (auto& c : targets)
    asio::post(hub_.shard_context(c->shard()), [c, code, reason] { c->close(code, reason); });
}

void api::begin_drain() { draining_ = true; }

void api::sweep_sessions() {
  asio::post(*pool_, [this] {
    try {
      if (int n = store_.delete_expired_sessions(util::unix_ms() / 1000); n > 0)
        std::cout << "fuar: removed " << n << " expired session(s)" << std::endl;
    } catch (const std::exception& e) {
      std::cerr << "fuar: session sweep failed: " << e.what() << "\n";
    }
  });
}

bool api::wait_idle(std::int64_t timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (in_flight_.load() > 0) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

void api::on_message(const std::shared_ptr<connection>& c, std::string_view text) {
  auto& counters = metrics_.shard(c->shard());
  counters.messages_in.fetch_add(1, std::memory_order_relaxed);
  counters.bytes_in.fetch_add(text.size(), std::memory_order_relaxed);

  // Every message costs a token, malformed ones too, before any parsing work is done.
  bool allowed = c->take_token(double(cfg_.ws.rate_per_s), double(cfg_.ws.rate_burst), util::steady_us());
  auto parsed = protocol::parse_command(text, std::size_t(cfg_.ws.max_json_depth));
  if (auto* f = std::get_if<protocol::parse_failure>(&parsed)) {
    reply(c, f->id, allowed ? f->err : error{error_code::rate_limited, "too many commands; slow down", "", 1});
    return;
  }
  auto& cmd = std::get<protocol::command>(parsed);
  if (!allowed) {
    reply(c, cmd.id, error{error_code::rate_limited, "too many commands; slow down", "", 1});
    return;
  }
  try {
    if (const auto* row = tables_.find_command(cmd.spec->type)) return run_command(c, cmd, *row);
    // The catalogue knows the type but no row does: a unit test prevents this.
    reply(c, cmd.id, error{error_code::internal, "command has no handler", ""});
  } catch (const std::exception& e) {
    // A handler bug must cost one reply, not the process.
    std::cerr << "fuar: internal error in " << cmd.spec->type << ": " << e.what() << "\n";
    reply(c, cmd.id, error{error_code::internal, "internal error", ""});
  }
}

bool api::known_public(std::size_t shard, const std::string& topic) {
  auto& publics = public_topics_[shard];
  auto it = publics.find(topic);
  return it != publics.end() && it->second > util::steady_us();
}

void api::remember_public(std::size_t shard, const std::string& topic) {
  auto& publics = public_topics_[shard];
  // Bounded: a shard remembers a few thousand topics at most (fairs and booths).
  if (publics.size() > 10000) publics.clear();
  publics[topic] = util::steady_us() + public_topic_ttl_us;
}

void api::open_subscription(const std::shared_ptr<connection>& c, const nlohmann::json& id,
                            const std::string& topic, const std::optional<broker::position>& since,
                            std::uint64_t generation) {
  hub_.subscribe(c->shard(), topic, c.get());
  auto& u = c->user();
  hub_.get_broker().presence_add(topic, c->id(), {u.id, u.name, std::string(store::to_string(u.user_role))});
  hub_.presence_changed(topic);
  hub_.get_broker().history(topic, since, [this, c, id, topic, asked = since.has_value(), generation](
                                              std::optional<broker::history_result> h) {
    asio::post(hub_.shard_context(c->shard()), [this, c, id, topic, asked, generation, h = std::move(h)]() mutable {
      finish_subscribe(c, id, topic, generation, asked, std::move(h));
    });
  });
}

void api::finish_subscribe(const std::shared_ptr<connection>& c, const nlohmann::json& id,
                           const std::string& topic, std::uint64_t generation, bool asked_since,
                           std::optional<broker::history_result> h) {
  if (!c->is_open()) return;
  auto* s = c->find_subscription(topic, generation);
  if (!s) {
    // Unsubscribed meanwhile: the unsubscribe already undid the hub and presence entries.
    reply(c, id, error{error_code::not_found, "unsubscribed before the subscription completed", "data.topic"});
    return;
  }
  if (!h) {
    drop_subscription(c, topic);
    reply(c, id, error{error_code::unavailable, "the broker is unavailable; try again", ""});
    return;
  }
  // A replay larger than half the outbound queue would only get the client closed as slow
  // and send it round the same loop on reconnect: tell it to reload a snapshot instead.
  std::size_t replay_bytes = 0;
  for (const auto& p : h->publications) replay_bytes += p.frame->size() + 1;
  if (replay_bytes > std::size_t(cfg_.ws.max_queue_bytes) / 2) {
    h->recovered = false;
    h->publications.clear();
  }
  // The reply carries the replayed pushes, spliced in as already-serialised frames.
  nlohmann::json head{{"topic", topic}, {"epoch", h->top.epoch}, {"offset", h->top.offset}};
  if (asked_since) head["recovered"] = h->recovered;
  std::string data = head.dump();
  data.pop_back();  // reopen the object to append "publications"
  data += R"(,"publications":[)";
  bool first = true;
  for (const auto& p : h->publications) {
    if (!first) data += ',';
    data += *p.frame;
    first = false;
  }
  data += "]}";
  std::string frame = R"({"id":)" + id.dump() + R"(,"ok":true,"data":)" + data + "}";
  // The subscription succeeds: a visit when a jobseeker enters a fair's hall or a booth. Both
  // ways in (the cached public-topic fast path and the store check) end here; noted before the
  // reply, so a client holding the reply knows the next flush includes it.
  if (c->user().user_role == store::role::jobseeker) note_visit(c->user(), topic);
  c->send(shared(std::move(frame)));

  s->last_offset = h->top.offset;
  s->pending = false;
  auto held = std::move(s->held);
  s->held.clear();
  for (const auto& p : held) c->deliver(topic, p);  // drops what the history already had
}

void api::note_visit(const store::user& u, const std::string& topic) {
  auto ref = policy::parse_topic(topic);
  if (!ref || (ref->kind != policy::topic_kind::fair && ref->kind != policy::topic_kind::booth)) return;
  auto where = ref->kind == policy::topic_kind::fair ? people::visit_buffer::place::fair
                                                     : people::visit_buffer::place::booth;
  // In memory only: the store sees it at the next flush_visits, never on this path.
  if (!visits_->add(where, ref->id, u.id, util::unix_ms() / 1000))
    metrics_.visits_dropped.fetch_add(1, std::memory_order_relaxed);
}

bool api::flush_visits() {
  auto batch = visits_->take();
  if (batch.empty()) return true;
  try {
    store_.figures().record_visits(batch);
    visits_->mark_recorded(batch);  // today's repeats are skipped from now on
    return true;
  } catch (const std::exception& e) {
    visits_->restore(batch);
    std::cerr << "fuar: storing " << batch.size() << " visit(s) failed, kept for the next try: " << e.what() << "\n";
    return false;
  }
}

void api::drop_subscription(const std::shared_ptr<connection>& c, const std::string& topic) {
  hub_.unsubscribe(c->shard(), topic, c.get());
  hub_.get_broker().presence_remove(topic, c->id());
  hub_.presence_changed(topic);
  c->remove_subscription(topic);
}

}  // namespace fuar::api

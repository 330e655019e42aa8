#include "server/api/api.hpp"
#include "server/api/commands.hpp"

#include <chrono>
#include <iostream>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "server/api/policy.hpp"
#include "server/api/routes.hpp"
#include "server/booth/json.hpp"
#include "server/chat/guard.hpp"
#include "server/fair/status.hpp"
#include "server/people/visits.hpp"
#include "server/auth/password.hpp"
#include "server/auth/tokens.hpp"
#include "server/store/chat_store.hpp"

namespace fuar::api {

namespace asio = boost::asio;
using protocol::error;
using protocol::error_code;

namespace {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
std::int64_t steady_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

std::shared_ptr<const std::string> shared(std::string s) {
  return std::make_shared<const std::string>(std::move(s));
}

}  // namespace

// --- connection -------------------------------------------------------------------------------

void connection::deliver(const std::string& topic, const broker::publication& pub) {
  auto* s = find_subscription(topic);
  if (!s) return;
  if (pub.offset == -2) {
    // The topic's history was lost (new epoch): offsets start again from 1. A pending
    // subscription handles it in order with what it holds.
    if (s->pending) return s->held.push_back(pub);
    s->last_offset = 0;
    send(pub.frame);
    return;
  }
  if (pub.offset < 0) {  // ephemeral: no order to keep, nothing to hold
    if (!s->pending) send(pub.frame);
    return;
  }
  if (s->pending) {
    s->held.push_back(pub);
    return;
  }
  if (pub.offset <= s->last_offset) return;  // already delivered (history raced the live push)
  s->last_offset = pub.offset;
  send(pub.frame);
}

subscription* connection::find_subscription(const std::string& topic) {
  for (auto& s : subs_)
    if (s.topic == topic) return &s;
  return nullptr;
}

subscription* connection::find_subscription(const std::string& topic, std::uint64_t generation) {
  auto* s = find_subscription(topic);
  return s && s->generation == generation ? s : nullptr;
}

subscription& connection::add_subscription(const std::string& topic) {
  subscription s;
  s.topic = topic;
  s.generation = ++next_generation_;
  subs_.push_back(std::move(s));
  return subs_.back();
}

void connection::remove_subscription(const std::string& topic) {
  std::erase_if(subs_, [&](const subscription& s) { return s.topic == topic; });
}

bool connection::take_token(double rate, double burst, std::int64_t now_us) {
  if (tokens_ < 0) {
    tokens_ = burst;
    refilled_us_ = now_us;
  }
  tokens_ = std::min(burst, tokens_ + double(now_us - refilled_us_) * rate / 1e6);
  refilled_us_ = now_us;
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

// --- JSON shapes ------------------------------------------------------------------------------

nlohmann::json user_json(const store::user& u) {
  return {{"id", u.id}, {"email", u.email}, {"name", u.name}, {"role", store::to_string(u.user_role)}};
}

// The public shapes come from their capabilities: the fair's status is the effective one at
// this moment (fair/status.hpp), the booth carries its profile (booth/json.hpp).
nlohmann::json fair_json(const store::fair& f) { return fair::fair_json(f, now_ms() / 1000); }

nlohmann::json booth_json(const store::booth& b) { return booth::booth_json(b); }

nlohmann::json message_json(const store::chat_message& m) {
  return {{"id", m.id},
          {"booth_id", m.booth_id},
          {"user", {{"id", m.user_id}, {"name", m.user_name}, {"role", store::to_string(m.user_role)}}},
          {"text", m.text},
          {"sent_at_ms", m.sent_at_ms}};
}

// --- api --------------------------------------------------------------------------------------

const api::command_row api::command_rows[] = {
    {"hello", &api::cmd_hello},
    {"ping", &api::cmd_ping},
    {"subscribe", &api::cmd_subscribe},
    {"unsubscribe", &api::cmd_unsubscribe},
    {"presence.get", &api::cmd_presence_get},
    {"chat.send", &api::cmd_chat_send},
    {"chat.history", &api::cmd_chat_history},
};

std::vector<std::string_view> api::handled_types() {
  // In catalogue order: the core rows above, then the live capabilities' command table.
  std::vector<std::string_view> out;
  for (const auto& spec : protocol::commands()) {
    bool core = false;
    for (const auto& r : command_rows) core = core || r.type == spec.type;
    if (core || find_command(spec.type)) out.push_back(spec.type);
  }
  return out;
}

api::api(const app::config& cfg, store::store& st, hub::hub& h, app::metrics& m, std::string node_name)
    : cfg_(cfg), store_(st), hub_(h), metrics_(m), node_name_(std::move(node_name)),
      pool_(std::make_unique<asio::thread_pool>(std::size_t(cfg.store.pool_threads))),
      account_throttle_(std::size_t(cfg.auth.login_max_failures_per_account),
                        std::chrono::seconds(cfg.auth.login_window_s)),
      ip_throttle_(std::size_t(cfg.auth.login_max_failures_per_ip),
                   std::chrono::seconds(cfg.auth.login_window_s)),
      register_throttle_(std::size_t(cfg.auth.registrations_per_ip), std::chrono::seconds(cfg.auth.login_window_s)),
      public_topics_(h.shard_count()),
      visits_(std::make_unique<people::visit_buffer>()) {
  auth::init_crypto();
  jobs_ = std::make_unique<asio::thread_pool>(std::size_t(cfg.uploads.extract_workers));
  init_domain();
  dummy_hash_ = auth::hash_password(auth::random_password(24),
                                    cfg.auth.password_cost == "minimal" ? auth::minimal_cost()
                                                                        : auth::interactive_cost());
}

std::string api::new_conn_id() {
  return node_name_ + "/" + std::to_string(next_conn_.fetch_add(1, std::memory_order_relaxed));
}

void api::blocking(std::size_t shard, std::function<result()> work, std::function<void(result)> done) {
  in_flight_.fetch_add(1);
  asio::post(*pool_, [this, shard, work = std::move(work), done = std::move(done)]() mutable {
    auto start = steady_us();
    result r;
    try {
      r = work();
    } catch (const store::store_error& e) {
      std::cerr << "fuar: store error: " << e.what() << "\n";
      r = error{error_code::unavailable, "the store is unavailable; try again", ""};
    } catch (const std::exception& e) {
      std::cerr << "fuar: internal error: " << e.what() << "\n";
      r = error{error_code::internal, "internal error", ""};
    }
    metrics_.store_latency.observe_us(steady_us() - start);
    asio::post(hub_.shard_context(shard), [this, done = std::move(done), r = std::move(r)]() mutable {
      done(std::move(r));
      in_flight_.fetch_sub(1);
    });
  });
}

void api::reply(const std::shared_ptr<connection>& c, const nlohmann::json& id, const result& r) {
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
      [this, hash, found]() -> result {
        *found = store_.find_session_user(*hash, now_ms() / 1000);
        // Nothing downstream needs the password hash; a live connection keeps the user for
        // its whole life, so do not carry it around.
        if (*found) std::string().swap((*found)->password_hash);
        return nlohmann::json();
      },
      [hash, found, done = std::move(done)](result r) {
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
      if (int n = store_.delete_expired_sessions(now_ms() / 1000); n > 0)
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
  bool allowed = c->take_token(double(cfg_.ws.rate_per_s), double(cfg_.ws.rate_burst), steady_us());
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
    for (const auto& row : command_rows)
      if (row.type == cmd.spec->type) return (this->*row.handler)(c, cmd);
    if (const auto* row = find_command(cmd.spec->type)) return run_command(c, cmd, *row);
    // The catalogue knows the type but no handler does: a unit test prevents this.
    reply(c, cmd.id, error{error_code::internal, "command has no handler", ""});
  } catch (const std::exception& e) {
    // A handler bug must cost one reply, not the process.
    std::cerr << "fuar: internal error in " << cmd.spec->type << ": " << e.what() << "\n";
    reply(c, cmd.id, error{error_code::internal, "internal error", ""});
  }
}

void api::cmd_hello(const std::shared_ptr<connection>& c, protocol::command& cmd) {
  reply(c, cmd.id,
        nlohmann::json{{"user", user_json(c->user())},
                       {"node", node_name_},
                       {"server_time_ms", now_ms()},
                       {"limits",
                        {{"max_message_bytes", cfg_.ws.max_message_bytes},
                         {"rate_per_s", cfg_.ws.rate_per_s}}}});
}

void api::cmd_ping(const std::shared_ptr<connection>& c, protocol::command& cmd) {
  reply(c, cmd.id, nlohmann::json{{"server_time_ms", now_ms()}});
}

void api::cmd_subscribe(const std::shared_ptr<connection>& c, protocol::command& cmd) {
  std::string topic = cmd.data["topic"];
  auto ref = policy::parse_topic(topic);
  if (!ref) {
    reply(c, cmd.id, error{error_code::invalid, "topic: unknown topic (use fair:{id}, booth:{id}, user:{id}, staff:{booth id} or room:{id})", "data.topic"});
    return;
  }
  if (c->find_subscription(topic)) {
    reply(c, cmd.id, error{error_code::conflict, "already subscribed to " + topic, "data.topic"});
    return;
  }
  std::optional<broker::position> since;
  if (cmd.data.contains("since"))
    since = broker::position{cmd.data["since"]["epoch"], cmd.data["since"]["offset"]};

  // Subscribe locally before reading history, holding live pushes meanwhile: whatever is
  // published between the two is then either in the history or among the held pushes.
  auto generation = c->add_subscription(topic).generation;
  auto& publics = public_topics_[c->shard()];
  // Users with a fair-wide ban anywhere (server/chat) always take the store check.
  if (auto it = publics.find(topic);
      it != publics.end() && it->second > steady_us() && !chat::banned().contains(c->user().id)) {
    // Known to be visible to every signed-in user: no store round trip (join storms).
    return start_subscription(c, cmd.id, topic, since, generation);
  }
  blocking(
      c->shard(),
      [this, user = c->user(), ref = *ref]() -> result {
        if (auto e = policy::can_subscribe(store_, user, ref)) return *e;
        return nlohmann::json(policy::is_public(store_, ref));
      },
      [this, c, id = cmd.id, topic, since, generation](result r) {
        if (!c->is_open()) return;
        if (!c->find_subscription(topic, generation)) {
          reply(c, id, error{error_code::not_found, "unsubscribed before the subscription completed", "data.topic"});
          return;
        }
        if (auto* e = std::get_if<error>(&r)) {
          c->remove_subscription(topic);  // nothing else was registered yet
          reply(c, id, *e);
          return;
        }
        auto& publics = public_topics_[c->shard()];
        if (std::get<nlohmann::json>(r).get<bool>()) {
          // Bounded: a shard remembers a few thousand topics at most (fairs and booths).
          if (publics.size() > 10000) publics.clear();
          publics[topic] = steady_us() + public_topic_ttl_us;
        }
        start_subscription(c, id, topic, since, generation);
      });
}

void api::start_subscription(const std::shared_ptr<connection>& c, const nlohmann::json& id,
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
  if (!visits_->add(where, ref->id, u.id, now_ms() / 1000))
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

void api::cmd_unsubscribe(const std::shared_ptr<connection>& c, protocol::command& cmd) {
  std::string topic = cmd.data["topic"];
  auto* s = c->find_subscription(topic);
  if (!s) {
    reply(c, cmd.id, error{error_code::not_found, "not subscribed to " + topic, "data.topic"});
    return;
  }
  drop_subscription(c, topic);
  reply(c, cmd.id, nlohmann::json::object());
}

void api::cmd_presence_get(const std::shared_ptr<connection>& c, protocol::command& cmd) {
  std::string topic = cmd.data["topic"];
  auto* s = c->find_subscription(topic);
  if (!s || s->pending) {
    reply(c, cmd.id, error{error_code::forbidden, "subscribe to " + topic + " first", "data.topic"});
    return;
  }
  auto ref = *policy::parse_topic(topic);
  blocking(
      c->shard(),
      [this, user = c->user(), ref]() -> result {
        return nlohmann::json(policy::can_see_members(store_, user, ref));
      },
      [this, c, id = cmd.id, topic](result r) {
        if (auto* e = std::get_if<error>(&r)) return reply(c, id, *e);
        bool members = std::get<nlohmann::json>(r).get<bool>();
        hub_.get_broker().presence(topic, members, [this, c, id, members](std::optional<broker::presence_summary> p) {
          asio::post(hub_.shard_context(c->shard()), [this, c, id, members, p = std::move(p)] {
            if (!p) return reply(c, id, error{error_code::unavailable, "the broker is unavailable; try again", ""});
            nlohmann::json out{{"count", p->count}, {"by_role", p->by_role}};
            for (const char* role : {"jobseeker", "employer", "organiser"})
              if (!out["by_role"].contains(role)) out["by_role"][role] = 0;
            if (members) {
              auto& list = out["members"] = nlohmann::json::array();
              for (const auto& m : p->members)
                list.push_back({{"user_id", m.user_id}, {"name", m.name}, {"role", m.role}});
            }
            reply(c, id, out);
          });
        });
      });
}

void api::cmd_chat_send(const std::shared_ptr<connection>& c, protocol::command& cmd) {
  if (draining_) {
    reply(c, cmd.id, error{error_code::unavailable, "the server is shutting down; retry on reconnect", ""});
    return;
  }
  std::int64_t booth_id = cmd.data["booth_id"];
  std::string text(protocol::trim(cmd.data["text"].get_ref<const std::string&>()));
  std::string nonce = cmd.data.value("nonce", "");
  blocking(
      c->shard(),
      [this, user = c->user(), booth_id, text = std::move(text), nonce = std::move(nonce)]() -> result {
        if (auto e = policy::can_chat(store_, user, booth_id)) return *e;
        // Fair-wide mute and the per-user message rate (public and private chat together).
        if (auto e = chat::before_send(store_, cfg_, user, booth_id, now_ms())) return *e;
        // Commit and publish under the booth's lock stripe, so offsets follow commit order
        // (live pushes and chat.history agree on the order of messages).
        std::lock_guard order(publish_order_[std::size_t(booth_id) % publish_order_.size()]);
        auto ins = store_.chat().add_chat_message(booth_id, user.id, text, nonce, now_ms());
        auto msg = message_json(ins.message);
        // Committed: now publish. A retry with the same nonce publishes nothing new.
        if (ins.created)
          hub_.get_broker().publish("booth:" + std::to_string(booth_id), "chat.message", msg.dump(), nullptr);
        return nlohmann::json{{"message", std::move(msg)}};
      },
      [this, c, id = cmd.id](result r) { reply(c, id, r); });
}

void api::cmd_chat_history(const std::shared_ptr<connection>& c, protocol::command& cmd) {
  std::int64_t booth_id = cmd.data["booth_id"];
  std::int64_t before = cmd.data.value("before", std::int64_t(0));
  int limit = int(cmd.data.value("limit", std::int64_t(50)));
  blocking(
      c->shard(),
      [this, user = c->user(), booth_id, before, limit]() -> result {
        if (auto e = policy::can_read_booth(store_, user, booth_id)) return *e;
        // One extra row tells whether an older page exists.
        auto rows = store_.chat().chat_history(booth_id, before, limit + 1);
        bool has_more = int(rows.size()) > limit;
        auto list = nlohmann::json::array();
        for (std::size_t i = has_more ? 1 : 0; i < rows.size(); ++i) list.push_back(message_json(rows[i]));
        return nlohmann::json{{"messages", std::move(list)}, {"has_more", has_more}};
      },
      [this, c, id = cmd.id](result r) { reply(c, id, r); });
}

}  // namespace fuar::api

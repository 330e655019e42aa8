#include "server/broker/redis_broker.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <iostream>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <hiredis/hiredis.h>
#include <nlohmann/json.hpp>

#include "server/broker/clock.hpp"
#include "server/broker/redis_conn.hpp"

namespace fuar::broker {
namespace {

using detail::random_epoch;

namespace asio = boost::asio;

// KEYS: meta, stream. ARGV: channel, frame head (up to the offset), frame tail (after it),
// history size, stream ttl (s), meta ttl (s), epoch to use if the topic has none, now (ms).
constexpr const char* publish_script = R"lua(
local epoch = redis.call('HGET', KEYS[1], 'e')
if not epoch then
  epoch = ARGV[7]
  redis.call('HSET', KEYS[1], 'e', epoch, 'o', 0)
  redis.call('DEL', KEYS[2])
end
local off = redis.call('HINCRBY', KEYS[1], 'o', 1)
local frame = ARGV[2] .. off .. ARGV[3]
if tonumber(ARGV[4]) > 0 then
  redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[4], off .. '-0', 't', ARGV[8], 'f', frame)
  redis.call('EXPIRE', KEYS[2], ARGV[5])
end
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('PUBLISH', ARGV[1], off .. ' ' .. epoch .. ' ' .. frame)
return {epoch, off}
)lua";

// KEYS: meta, stream. ARGV: epoch to use if none, since offset (-1: none), meta ttl (s).
// Returns {epoch, top, entries-after-since or {}}.
constexpr const char* history_script = R"lua(
local epoch = redis.call('HGET', KEYS[1], 'e')
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', KEYS[1], 'e', epoch, 'o', 0)
  redis.call('DEL', KEYS[2])
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
local top = tonumber(redis.call('HGET', KEYS[1], 'o'))
local since = tonumber(ARGV[2])
if since < 0 or since >= top then return {epoch, top, {}} end
return {epoch, top, redis.call('XRANGE', KEYS[2], (since + 1) .. '-0', '+')}
)lua";

// KEYS: meta, stream. ARGV: channel, new epoch, reset frame, meta ttl (s).
constexpr const char* reset_script = R"lua(
redis.call('HSET', KEYS[1], 'e', ARGV[2], 'o', 0)
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('DEL', KEYS[2])
redis.call('PUBLISH', ARGV[1], '-2 ' .. ARGV[2] .. ' ' .. ARGV[3])
return 1
)lua";

// KEYS: presence hash. ARGV: now (ms), "1" to list members. Drops expired entries (a node that
// died stops refreshing its own) and counts distinct users.
constexpr const char* presence_script = R"lua(
local now = tonumber(ARGV[1])
local all = redis.call('HGETALL', KEYS[1])
local seen, roles, members, stale = {}, {}, {}, {}
local count = 0
for i = 1, #all, 2 do
  local exp, uid, role, name = string.match(all[i + 1], '^(%d+)\t(%d+)\t([^\t]*)\t(.*)$')
  if exp and tonumber(exp) >= now then
    if not seen[uid] then
      seen[uid] = true
      count = count + 1
      roles[role] = (roles[role] or 0) + 1
      if ARGV[2] == '1' then
        members[#members + 1] = uid
        members[#members + 1] = role
        members[#members + 1] = name
      end
    end
  else
    stale[#stale + 1] = all[i]
  end
end
for i = 1, #stale, 500 do
  redis.call('HDEL', KEYS[1], unpack(stale, i, math.min(i + 499, #stale)))
end
local flat = {}
for r, n in pairs(roles) do
  flat[#flat + 1] = r
  flat[#flat + 1] = n
end
return {count, flat, members}
)lua";

// KEYS: presence hash. ARGV: node prefix ("node|"), key ttl (ms), then field/value pairs.
// Replaces this node's entries with the given ones (after a reconnect).
constexpr const char* presence_sync_script = R"lua(
local fields = redis.call('HKEYS', KEYS[1])
local mine = {}
for _, f in ipairs(fields) do
  if string.sub(f, 1, #ARGV[1]) == ARGV[1] then mine[#mine + 1] = f end
end
for i = 1, #mine, 500 do
  redis.call('HDEL', KEYS[1], unpack(mine, i, math.min(i + 499, #mine)))
end
for i = 3, #ARGV, 1000 do
  redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
end
if #ARGV > 2 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
)lua";

constexpr std::int64_t meta_ttl_s = 86400;

std::string reply_string(const redisReply* r) {
  if (!r) return {};
  if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS) return std::string(r->str, r->len);
  if (r->type == REDIS_REPLY_INTEGER) return std::to_string(r->integer);
  return {};
}

std::int64_t reply_int(const redisReply* r) {
  if (!r) return 0;
  if (r->type == REDIS_REPLY_INTEGER) return r->integer;
  if (r->type == REDIS_REPLY_STRING) return std::strtoll(r->str, nullptr, 10);
  return 0;
}

struct frame_parts {
  std::string head, tail;  // the frame is head + offset + tail
};

frame_parts split_frame(const std::string& topic, const std::string& event, const std::string& data_json) {
  frame_parts p;
  p.head = R"({"topic":)" + nlohmann::json(topic).dump() + R"(,"offset":)";
  p.tail = R"(,"event":)" + nlohmann::json(event).dump() + R"(,"data":)" + data_json + "}";
  return p;
}

std::string ephemeral_frame(const std::string& topic, const std::string& event, const std::string& data_json) {
  return R"({"topic":)" + nlohmann::json(topic).dump() + R"(,"event":)" + nlohmann::json(event).dump() +
         R"(,"data":)" + data_json + "}";
}

std::string reset_frame(const std::string& topic, const std::string& epoch) {
  return ephemeral_frame(topic, "subscription.reset", nlohmann::json{{"epoch", epoch}}.dump());
}

class redis_broker final : public broker {
public:
  explicit redis_broker(const redis_options& o)
      : opts_(o),
        work_(asio::make_work_guard(ioc_)),
        cmd_(ioc_, o.host, o.port, [this](bool up) { on_cmd_state(up); }),
        sub_(ioc_, o.host, o.port, [this](bool up) { on_sub_state(up); }),
        cmd_retry_(ioc_), sub_retry_(ioc_), refresh_(ioc_) {
    sub_.set_message_handler([this](const std::string& ch, const std::string& payload) { on_message(ch, payload); });
    sub_.set_subscribed_handler([this](const std::string& ch) { on_subscribed(ch); });
    thread_ = std::thread([this] { ioc_.run(); });
    auto ready = first_ready_.get_future();
    asio::post(ioc_, [this] {
      cmd_.connect(opts_.connect_timeout_ms);
      sub_.connect(opts_.connect_timeout_ms);
      schedule_refresh();
    });
    // Start-up waits (bounded) for Redis, so the node begins connected when Redis is there;
    // without Redis it starts anyway, degraded, and keeps retrying.
    if (ready.wait_for(std::chrono::milliseconds(opts_.connect_timeout_ms + 500)) != std::future_status::ready)
      std::cerr << "fuar: redis not reachable at start-up; serving this node's clients only until it is\n";
  }

  ~redis_broker() override {
    asio::post(ioc_, [this] {
      stopping_ = true;
      for (auto& [t, ts] : topics_)
        for (auto& w : ts.waiters) w->set_value();
      cmd_retry_.cancel();
      sub_retry_.cancel();
      refresh_.cancel();
      cmd_.disconnect();
      sub_.disconnect();
      work_.reset();
    });
    thread_.join();
  }

  void set_delivery_handler(delivery_handler h) override { handler_ = std::move(h); }

  // Returns once Redis has confirmed the SUBSCRIBE (bounded by the connect timeout; at once
  // when Redis is away), so every publication made after it returns reaches this node. It runs
  // for a topic's first subscriber on this node only, so the wait is rare and short (one round
  // trip on loopback).
  void subscribe(const std::string& topic) override {
    auto confirmed = std::make_shared<std::promise<void>>();
    auto done = confirmed->get_future();
    asio::post(ioc_, [this, topic, confirmed] {
      auto [it, added] = topics_.try_emplace(topic);
      if (!added || !sub_.connected()) return confirmed->set_value();
      it->second.waiters.push_back(confirmed);
      // Until Redis confirms the SUBSCRIBE, publications may be missed: the topic recovers
      // from its stream once the confirmation arrives (on_subscribed).
      it->second.recovering = true;
      // Where the topic stands now. The reply precedes, on this pipelined connection, every
      // later publish from this node, so all of those are read back by the gap read.
      cmd_.command({"HMGET", meta_key(topic), "e", "o"}, [this, topic](redisReply* r) {
        auto it = topics_.find(topic);
        if (it == topics_.end() || !r || r->type != REDIS_REPLY_ARRAY || r->elements != 2) return;
        auto& ts = it->second;
        if (!ts.epoch.empty() || ts.baseline) return;
        ts.baseline = true;
        if (r->element[0]->type == REDIS_REPLY_STRING) {
          ts.epoch = reply_string(r->element[0]);
          ts.last = reply_int(r->element[1]);
        }  // else: never published; whatever the gap read finds is new (from offset 0)
      });
      queue_subscribe(topic);
    });
    done.wait_for(std::chrono::milliseconds(opts_.connect_timeout_ms));
  }

  void unsubscribe(const std::string& topic) override {
    asio::post(ioc_, [this, topic] {
      auto it = topics_.find(topic);
      if (it == topics_.end()) return;
      for (auto& w : it->second.waiters) w->set_value();
      topics_.erase(it);
      if (sub_.connected()) sub_.subscribe_command({"UNSUBSCRIBE", channel(topic)});
    });
  }

  void publish(const std::string& topic, const std::string& event, const std::string& data_json,
               std::function<void(std::optional<position>)> done) override {
    asio::post(ioc_, [this, topic, event, data_json, done = std::move(done)]() mutable {
      auto parts = split_frame(topic, event, data_json);
      std::vector<std::string> args{"EVAL", publish_script, "2", meta_key(topic), stream_key(topic),
                                    channel(topic), parts.head, parts.tail, std::to_string(opts_.history_size),
                                    std::to_string(std::max<std::int64_t>(1, opts_.history_ttl_ms / 1000)),
                                    std::to_string(meta_ttl_s), random_epoch(), std::to_string(util::unix_ms())};
      bool sent = cmd_.command(args, [this, topic, event, data_json, done](redisReply* r) {
        if (r && r->type == REDIS_REPLY_ARRAY && r->elements == 2) {
          if (done) done(position{reply_string(r->element[0]), reply_int(r->element[1])});
          return;
        }
        if (r && r->type == REDIS_REPLY_ERROR) std::cerr << "fuar: redis publish: " << reply_string(r) << "\n";
        publish_locally(topic, event, data_json);
        if (done) done(std::nullopt);
      });
      if (!sent) {
        publish_locally(topic, event, data_json);
        if (done) done(std::nullopt);
      }
    });
  }

  void publish_ephemeral(const std::string& topic, const std::string& event, const std::string& data_json) override {
    asio::post(ioc_, [this, topic, event, data_json] {
      auto frame = ephemeral_frame(topic, event, data_json);
      if (!cmd_.command({"PUBLISH", channel(topic), "-1 - " + frame}, nullptr)) deliver_local(topic, -1, frame);
    });
  }

  void history(const std::string& topic, const std::optional<position>& since,
               std::function<void(std::optional<history_result>)> done) override {
    asio::post(ioc_, [this, topic, since, done = std::move(done)]() mutable {
      std::vector<std::string> args{"EVAL", history_script, "2", meta_key(topic), stream_key(topic), random_epoch(),
                                    std::to_string(since ? since->offset : -1), std::to_string(meta_ttl_s)};
      bool sent = cmd_.command(args, [this, topic, since, done](redisReply* r) {
        auto h = parse_history(r, since);
        if (h) {
          // The node learns the topic's epoch here too, to notice a change on the next push.
          if (auto it = topics_.find(topic); it != topics_.end() && it->second.epoch.empty()) {
            it->second.epoch = h->top.epoch;
            it->second.last = std::max(it->second.last, h->top.offset);
          }
        }
        done(std::move(h));
      });
      if (!sent) done(std::nullopt);
    });
  }

  void presence_add(const std::string& topic, const std::string& conn_id, const presence_entry& e) override {
    asio::post(ioc_, [this, topic, conn_id, e] {
      local_presence_[topic][conn_id] = e;
      if (cmd_.connected()) {
        cmd_.command({"HSET", presence_key(topic), presence_field(conn_id), presence_value(e)}, nullptr);
        cmd_.command({"PEXPIRE", presence_key(topic), std::to_string(opts_.presence_ttl_ms * 2)}, nullptr);
      }
    });
  }

  void presence_remove(const std::string& topic, const std::string& conn_id) override {
    asio::post(ioc_, [this, topic, conn_id] {
      auto it = local_presence_.find(topic);
      if (it == local_presence_.end()) return;
      it->second.erase(conn_id);
      if (it->second.empty()) local_presence_.erase(it);
      if (cmd_.connected()) cmd_.command({"HDEL", presence_key(topic), presence_field(conn_id)}, nullptr);
    });
  }

  void presence(const std::string& topic, bool with_members,
                std::function<void(std::optional<presence_summary>)> done) override {
    asio::post(ioc_, [this, topic, with_members, done = std::move(done)]() mutable {
      bool sent = cmd_.command({"EVAL", presence_script, "1", presence_key(topic), std::to_string(util::unix_ms()),
                                with_members ? "1" : "0"},
                               [this, topic, with_members, done](redisReply* r) {
                                 if (r && r->type == REDIS_REPLY_ARRAY && r->elements == 3) {
                                   presence_summary s;
                                   s.count = reply_int(r->element[0]);
                                   auto* roles = r->element[1];
                                   for (std::size_t i = 0; i + 1 < roles->elements; i += 2)
                                     s.by_role[reply_string(roles->element[i])] = reply_int(roles->element[i + 1]);
                                   auto* m = r->element[2];
                                   for (std::size_t i = 0; i + 2 < m->elements; i += 3)
                                     s.members.push_back({reply_int(m->element[i]), reply_string(m->element[i + 2]),
                                                          reply_string(m->element[i + 1])});
                                   return done(std::move(s));
                                 }
                                 done(local_summary(topic, with_members));
                               });
      // Degraded: this node's own view is better than no answer.
      if (!sent) done(local_summary(topic, with_members));
    });
  }

  health state() override {
    bool c = cmd_up_.load(), s = sub_up_.load();
    return c && s ? health::ok : health::degraded;
  }

private:
  struct topic_state {
    std::string epoch;   // as last seen on this node ("" before the first sight)
    std::int64_t last = 0;
    bool recovering = false;
    bool baseline = false;  // the position at subscribe time is known (maybe "never published")
    std::vector<std::shared_ptr<std::promise<void>>> waiters;  // subscribe() calls awaiting confirmation
    std::vector<std::tuple<std::int64_t, std::string, std::string>> held;  // offset, epoch, frame
  };

  std::string meta_key(const std::string& t) const { return opts_.prefix + "{" + t + "}:m"; }
  std::string stream_key(const std::string& t) const { return opts_.prefix + "{" + t + "}:s"; }
  std::string presence_key(const std::string& t) const { return opts_.prefix + "{" + t + "}:p"; }
  std::string channel(const std::string& t) const { return opts_.prefix + "{" + t + "}"; }
  std::string presence_field(const std::string& conn) const { return opts_.node_id + "|" + conn; }
  std::string presence_value(const presence_entry& e) const {
    return std::to_string(util::unix_ms() + opts_.presence_ttl_ms) + "\t" + std::to_string(e.user_id) + "\t" + e.role +
           "\t" + e.name;
  }
  std::optional<std::string> topic_of(const std::string& ch) const {
    auto pre = opts_.prefix + "{";
    if (ch.size() < pre.size() + 1 || ch.compare(0, pre.size(), pre) != 0 || ch.back() != '}') return std::nullopt;
    return ch.substr(pre.size(), ch.size() - pre.size() - 1);
  }

  std::optional<history_result> parse_history(redisReply* r, const std::optional<position>& since) {
    if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 3) return std::nullopt;
    history_result h;
    h.top = {reply_string(r->element[0]), reply_int(r->element[1])};
    if (!since || since->epoch != h.top.epoch || since->offset > h.top.offset) return h;
    auto* entries = r->element[2];
    std::int64_t expect = since->offset + 1;
    std::int64_t oldest_ok = util::unix_ms() - opts_.history_ttl_ms;
    for (std::size_t i = 0; i < entries->elements; ++i) {
      auto* e = entries->element[i];
      if (e->type != REDIS_REPLY_ARRAY || e->elements != 2) return h;
      std::int64_t off = std::strtoll(e->element[0]->str, nullptr, 10);
      if (off <= since->offset) continue;  // read from an older position than we now know
      std::string frame;
      std::int64_t t = 0;
      auto* fields = e->element[1];
      for (std::size_t k = 0; k + 1 < fields->elements; k += 2) {
        auto name = reply_string(fields->element[k]);
        if (name == "f") frame = reply_string(fields->element[k + 1]);
        if (name == "t") t = reply_int(fields->element[k + 1]);
      }
      if (off != expect || t <= oldest_ok) {  // a hole, or age >= ttl: not a complete replay
        h.publications.clear();
        return h;
      }
      h.publications.push_back({off, std::make_shared<const std::string>(std::move(frame)), 0});
      ++expect;
    }
    if (expect != h.top.offset + 1) {
      h.publications.clear();
      return h;
    }
    h.recovered = true;
    return h;
  }

  presence_summary local_summary(const std::string& topic, bool with_members) {
    presence_summary s;
    auto it = local_presence_.find(topic);
    if (it == local_presence_.end()) return s;
    std::unordered_set<std::int64_t> seen;
    for (const auto& [conn, e] : it->second) {
      if (!seen.insert(e.user_id).second) continue;
      ++s.count;
      ++s.by_role[e.role];
      if (with_members) s.members.push_back(e);
    }
    return s;
  }

  void deliver_local(const std::string& topic, std::int64_t offset, const std::string& frame) {
    if (!handler_ || !topics_.contains(topic)) return;
    handler_(topic, publication{offset, std::make_shared<const std::string>(frame), util::unix_us()});
  }

  // Redis is unreachable: this node's subscribers still see the message (ephemeral, as it has
  // no offset), and the topic gets a new epoch once Redis is back.
  void publish_locally(const std::string& topic, const std::string& event, const std::string& data_json) {
    deliver_local(topic, -1, ephemeral_frame(topic, event, data_json));
    published_while_down_.insert(topic);
  }

  void reset_topic(const std::string& topic, topic_state& ts, const std::string& epoch, std::int64_t top) {
    ts.epoch = epoch;
    ts.last = top;
    deliver_local(topic, -2, reset_frame(topic, epoch));
  }

  void on_message(const std::string& ch, const std::string& payload) {
    auto topic = topic_of(ch);
    if (!topic) return;
    auto it = topics_.find(*topic);
    if (it == topics_.end()) return;
    auto sp1 = payload.find(' ');
    auto sp2 = sp1 == std::string::npos ? sp1 : payload.find(' ', sp1 + 1);
    if (sp2 == std::string::npos) return;
    std::int64_t off = std::strtoll(payload.c_str(), nullptr, 10);
    std::string epoch = payload.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string frame = payload.substr(sp2 + 1);
    auto& ts = it->second;
    if (off == -1) return deliver_local(*topic, -1, frame);
    if (ts.recovering) {
      // Bounded: a topic that floods during recovery is reset instead of buffered.
      if (ts.held.size() < 10000) ts.held.emplace_back(off, std::move(epoch), std::move(frame));
      return;
    }
    process(*topic, ts, off, epoch, frame);
  }

  void on_subscribed(const std::string& ch) {
    auto topic = topic_of(ch);
    if (!topic) return;
    auto it = topics_.find(*topic);
    if (it == topics_.end()) return;
    it->second.recovering = true;
    recover(*topic);  // sent before the waiters' later publishes: it sees only the past
    for (auto& w : it->second.waiters) w->set_value();
    it->second.waiters.clear();
  }

  void process(const std::string& topic, topic_state& ts, std::int64_t off, const std::string& epoch,
               const std::string& frame) {
    if (off == -2) return reset_topic(topic, ts, epoch, 0);
    if (!ts.epoch.empty() && epoch == ts.epoch && ts.last > 0 && off > ts.last + 1 && !ts.recovering) {
      // A hole (e.g. published while our SUBSCRIBE was taking effect): read it from the stream.
      ts.recovering = true;
      ts.held.emplace_back(off, epoch, frame);
      return recover(topic);
    }
    if (!ts.epoch.empty() && epoch != ts.epoch) reset_topic(topic, ts, epoch, off - 1);
    if (ts.epoch.empty()) ts.epoch = epoch;
    if (off <= ts.last) return;  // already delivered
    ts.last = off;
    deliver_local(topic, off, frame);
  }

  // After the subscriber connection returns: read each topic's gap from its stream, in order,
  // then release what arrived meanwhile.
  void recover(const std::string& topic) {
    auto it = topics_.find(topic);
    if (it == topics_.end() || !it->second.recovering) return;
    auto since = it->second.last;
    bool sent = cmd_.command({"EVAL", history_script, "2", meta_key(topic), stream_key(topic), random_epoch(),
                              std::to_string(since), std::to_string(meta_ttl_s)},
                             [this, topic](redisReply* r) {
                               auto it = topics_.find(topic);
                               if (it == topics_.end()) return;
                               auto& ts = it->second;
                               std::optional<position> since;
                               if (!ts.epoch.empty()) since = position{ts.epoch, ts.last};
                               else if (ts.baseline && r && r->type == REDIS_REPLY_ARRAY && r->elements == 3)
                                 since = position{reply_string(r->element[0]), 0};  // all of it is new
                               auto h = parse_history(r, since);
                               if (!h) return;  // the command connection dropped too: retried on reconnect
                               if (since && !h->recovered) reset_topic(topic, ts, h->top.epoch, h->top.offset);
                               if (ts.epoch.empty()) ts.epoch = h->top.epoch;
                               for (auto& p : h->publications) process(topic, ts, p.offset, h->top.epoch, *p.frame);
                               if (ts.epoch.empty()) {
                                 ts.epoch = h->top.epoch;
                                 ts.last = h->top.offset;
                               }
                               ts.recovering = false;
                               auto held = std::move(ts.held);
                               ts.held.clear();
                               for (auto& [off, epoch, frame] : held) {
                                 if (off == -1) deliver_local(topic, -1, frame);
                                 else process(topic, ts, off, epoch, frame);
                               }
                             });
    if (!sent) return;  // retried when the command connection returns
  }

  void queue_subscribe(const std::string& topic) {
    pending_subs_.push_back(topic);
    if (pending_subs_.size() == 1) asio::post(ioc_, [this] { flush_subscribes(); });
  }

  void flush_subscribes() {
    // One SUBSCRIBE per batch of topics, not one per topic.
    while (!pending_subs_.empty() && sub_.connected()) {
      std::vector<std::string> args{"SUBSCRIBE"};
      while (!pending_subs_.empty() && args.size() <= opts_.subscribe_batch) {
        if (topics_.contains(pending_subs_.back())) args.push_back(channel(pending_subs_.back()));
        pending_subs_.pop_back();
      }
      if (args.size() > 1) sub_.subscribe_command(args);
    }
  }

  void signal_ready() {
    if (!ready_signalled_ && cmd_up_ && sub_up_) {
      ready_signalled_ = true;
      first_ready_.set_value();
    }
  }

  void on_sub_state(bool up) {
    sub_up_ = up;
    signal_ready();
    if (stopping_) return;
    if (!up) {
      for (auto& [t, ts] : topics_) {
        ts.recovering = true;
        for (auto& w : ts.waiters) w->set_value();
        ts.waiters.clear();
      }
      return retry(sub_, sub_retry_, sub_attempts_);
    }
    sub_attempts_ = 0;
    // Re-subscribe in batches; each confirmation triggers that topic's gap read.
    pending_subs_.clear();
    for (auto& [t, ts] : topics_) pending_subs_.push_back(t);
    flush_subscribes();
  }

  void on_cmd_state(bool up) {
    cmd_up_ = up;
    signal_ready();
    if (stopping_) return;
    if (!up) return retry(cmd_, cmd_retry_, cmd_attempts_);
    cmd_attempts_ = 0;
    // Presence: this node's entries are re-written as they are now.
    for (auto& [topic, conns] : local_presence_) sync_presence(topic, conns);
    // Topics published only locally while Redis was away get a new epoch everywhere.
    for (const auto& topic : published_while_down_) {
      auto epoch = random_epoch();
      cmd_.command({"EVAL", reset_script, "2", meta_key(topic), stream_key(topic), channel(topic), epoch,
                    reset_frame(topic, epoch), std::to_string(meta_ttl_s)},
                   nullptr);
    }
    published_while_down_.clear();
    // Gap reads that could not be sent while the command connection was down.
    if (sub_.connected())
      for (auto& [topic, ts] : topics_)
        if (ts.recovering) recover(topic);
  }

  void sync_presence(const std::string& topic, const std::unordered_map<std::string, presence_entry>& conns) {
    std::vector<std::string> args{"EVAL", presence_sync_script, "1", presence_key(topic), opts_.node_id + "|",
                                  std::to_string(opts_.presence_ttl_ms * 2)};
    for (const auto& [conn, e] : conns) {
      args.push_back(presence_field(conn));
      args.push_back(presence_value(e));
    }
    cmd_.command(args, nullptr);
  }

  void schedule_refresh() {
    refresh_.expires_after(std::chrono::milliseconds(opts_.presence_refresh_ms));
    refresh_.async_wait([this](boost::system::error_code ec) {
      if (ec || stopping_) return;
      if (cmd_.connected())
        for (auto& [topic, conns] : local_presence_) {
          // HSET in chunks keeps each command small while refreshing every entry's expiry.
          std::vector<std::string> args{"HSET", presence_key(topic)};
          for (const auto& [conn, e] : conns) {
            args.push_back(presence_field(conn));
            args.push_back(presence_value(e));
            if (args.size() >= 1002) {
              cmd_.command(args, nullptr);
              args.resize(2);
            }
          }
          if (args.size() > 2) cmd_.command(args, nullptr);
          cmd_.command({"PEXPIRE", presence_key(topic), std::to_string(opts_.presence_ttl_ms * 2)}, nullptr);
        }
      schedule_refresh();
    });
  }

  // Reconnect with exponential backoff and full jitter, capped at reconnect_max_ms.
  void retry(redis_conn& conn, asio::steady_timer& timer, int& attempts) {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    std::int64_t cap = std::min<std::int64_t>(opts_.reconnect_max_ms, 100LL << std::min(attempts, 10));
    ++attempts;
    auto delay = std::uniform_int_distribution<std::int64_t>(cap / 2, cap)(rng);
    if (attempts == 1) std::cerr << "fuar: redis " << opts_.host << ":" << opts_.port << " unreachable; retrying\n";
    timer.expires_after(std::chrono::milliseconds(delay));
    timer.async_wait([this, &conn](boost::system::error_code ec) {
      if (!ec && !stopping_) conn.connect(opts_.connect_timeout_ms);
    });
  }

  redis_options opts_;
  asio::io_context ioc_{1};
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  redis_conn cmd_;
  redis_conn sub_;
  asio::steady_timer cmd_retry_, sub_retry_, refresh_;
  std::thread thread_;
  delivery_handler handler_;
  bool stopping_ = false;
  std::promise<void> first_ready_;
  bool ready_signalled_ = false;
  int cmd_attempts_ = 0, sub_attempts_ = 0;
  std::atomic<bool> cmd_up_{false}, sub_up_{false};
  std::unordered_map<std::string, topic_state> topics_;
  std::vector<std::string> pending_subs_;
  std::unordered_map<std::string, std::unordered_map<std::string, presence_entry>> local_presence_;
  std::unordered_set<std::string> published_while_down_;
};

}  // namespace

std::unique_ptr<broker> make_redis_broker(const redis_options& opts) {
  return std::make_unique<redis_broker>(opts);
}

}  // namespace fuar::broker

// Unit tests for fuar::hub: per-shard subscriber tables, fan-out of one shared frame, the
// node-level broker subscription, swap-remove, and throttled presence pushes. The two shards
// are io_contexts polled on the test thread: no threads, no sleeps.
#include "server/hub/hub.hpp"

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace fuar;
using json = nlohmann::json;
namespace bk = fuar::broker;

// Records every delivery: topic, offset and the address of the shared frame.
struct fake_subscriber final : hub::subscriber {
  struct delivery {
    std::string topic;
    std::int64_t offset;
    const std::string* frame;
    std::shared_ptr<const std::string> keep;  // keeps the frame alive so addresses stay unique
  };
  std::vector<delivery> got;

  void deliver(const std::string& topic, const bk::publication& pub) override {
    got.push_back({topic, pub.offset, pub.frame.get(), pub.frame});
  }
};

// Forwards to a memory broker and counts node-level subscriptions and broker deliveries, so the
// tests can see what the hub asks of the broker.
class counting_broker final : public bk::broker {
public:
  counting_broker() : inner_(bk::make_memory_broker({})) {}

  void set_delivery_handler(bk::delivery_handler h) override {
    inner_->set_delivery_handler([this, h = std::move(h)](const std::string& t, const bk::publication& p) {
      ++deliveries;
      h(t, p);
    });
  }
  void subscribe(const std::string& topic) override {
    ++subscribes;
    active.insert(topic);
    inner_->subscribe(topic);
  }
  void unsubscribe(const std::string& topic) override {
    ++unsubscribes;
    active.erase(topic);
    inner_->unsubscribe(topic);
  }
  void publish(const std::string& topic, const std::string& event, const std::string& data_json,
               std::function<void(std::optional<bk::position>)> done) override {
    inner_->publish(topic, event, data_json, std::move(done));
  }
  void publish_ephemeral(const std::string& topic, const std::string& event,
                         const std::string& data_json) override {
    ++ephemeral_publishes;
    inner_->publish_ephemeral(topic, event, data_json);
  }
  void history(const std::string& topic, const std::optional<bk::position>& since,
               std::function<void(std::optional<bk::history_result>)> done) override {
    inner_->history(topic, since, std::move(done));
  }
  void presence_add(const std::string& topic, const std::string& conn_id,
                    const bk::presence_entry& e) override {
    inner_->presence_add(topic, conn_id, e);
  }
  void presence_remove(const std::string& topic, const std::string& conn_id) override {
    inner_->presence_remove(topic, conn_id);
  }
  void presence(const std::string& topic, bool with_members,
                std::function<void(std::optional<bk::presence_summary>)> done) override {
    inner_->presence(topic, with_members, std::move(done));
  }
  bk::health state() override { return inner_->state(); }

  int subscribes = 0, unsubscribes = 0, ephemeral_publishes = 0;
  std::atomic<int> deliveries{0};
  std::set<std::string> active;

private:
  std::unique_ptr<bk::broker> inner_;
};

// Runs every ready handler of `ctx`; returns how many ran. restart() first because poll()
// leaves the context stopped once it runs out of work.
std::size_t drain(boost::asio::io_context& ctx) {
  ctx.restart();
  return ctx.poll();
}

struct fixture {
  counting_broker spy;  // declared first: outlives the hub, which points at it
  boost::asio::io_context shard0, shard1;
  hub::hub h{spy, {&shard0, &shard1}};

  std::size_t drain_all() { return drain(shard0) + drain(shard1); }

  bk::position publish(const std::string& topic, const json& data) {
    std::optional<bk::position> pos;
    spy.publish(topic, "chat.message", data.dump(), [&](std::optional<bk::position> p) { pos = p; });
    REQUIRE(pos.has_value());  // the memory broker answers inline
    return *pos;
  }
};

struct counting_observer final : hub::fanout_observer {
  struct call {
    std::size_t shard, recipients;
  };
  std::vector<call> calls;
  void on_fanout(std::size_t shard, std::size_t recipients, std::int64_t) override {
    calls.push_back({shard, recipients});
  }
};

}  // namespace

TEST_CASE("hub: a publication reaches subscribers on both shards", "[hub]") {
  fixture f;
  REQUIRE(f.h.shard_count() == 2);
  CHECK(&f.h.shard_context(0) == &f.shard0);
  CHECK(&f.h.shard_context(1) == &f.shard1);
  CHECK(&f.h.get_broker() == &f.spy);

  fake_subscriber a, b;
  f.h.subscribe(0, "booth:1", &a);
  f.h.subscribe(1, "booth:1", &b);
  CHECK(f.h.local_subscribers(0, "booth:1") == 1);
  CHECK(f.h.local_subscribers(1, "booth:1") == 1);

  f.publish("booth:1", {{"text", "merhaba"}});
  // Delivery runs on the shard's own context, not inside the broker's call.
  CHECK(a.got.empty());
  CHECK(b.got.empty());
  drain(f.shard0);
  REQUIRE(a.got.size() == 1);
  CHECK(b.got.empty());
  drain(f.shard1);
  REQUIRE(b.got.size() == 1);

  for (auto* s : {&a, &b}) {
    CHECK(s->got[0].topic == "booth:1");
    CHECK(s->got[0].offset == 1);
    auto frame = json::parse(*s->got[0].frame);
    CHECK(frame == json{{"topic", "booth:1"}, {"offset", 1}, {"event", "chat.message"}, {"data", {{"text", "merhaba"}}}});
  }
}

TEST_CASE("hub: every subscriber gets the same frame object", "[hub]") {
  fixture f;
  std::vector<std::unique_ptr<fake_subscriber>> subs;
  for (int i = 0; i < 6; ++i) {
    subs.push_back(std::make_unique<fake_subscriber>());
    f.h.subscribe(std::size_t(i % 2), "fair:1", subs.back().get());
  }
  f.publish("fair:1", {{"n", 1}});
  f.publish("fair:1", {{"n", 2}});
  f.drain_all();

  std::set<const std::string*> first, second;
  for (const auto& s : subs) {
    REQUIRE(s->got.size() == 2);
    CHECK(s->got[0].offset == 1);
    CHECK(s->got[1].offset == 2);
    first.insert(s->got[0].frame);
    second.insert(s->got[1].frame);
  }
  // Serialised once per publication, shared by all six subscribers on both shards.
  CHECK(first.size() == 1);
  CHECK(second.size() == 1);
  CHECK(*first.begin() != *second.begin());
}

TEST_CASE("hub: subscribing twice is a no-op, unsubscribe stops delivery", "[hub]") {
  fixture f;
  fake_subscriber a, b;
  f.h.subscribe(0, "booth:2", &a);
  f.h.subscribe(0, "booth:2", &a);
  f.h.subscribe(0, "booth:2", &b);
  CHECK(f.h.local_subscribers(0, "booth:2") == 2);

  f.publish("booth:2", {{"n", 1}});
  f.drain_all();
  CHECK(a.got.size() == 1);
  CHECK(b.got.size() == 1);

  f.h.unsubscribe(0, "booth:2", &a);
  CHECK(f.h.local_subscribers(0, "booth:2") == 1);
  f.publish("booth:2", {{"n", 2}});
  f.drain_all();
  CHECK(a.got.size() == 1);
  REQUIRE(b.got.size() == 2);
  CHECK(b.got[1].offset == 2);

  // Unsubscribing what is not subscribed is harmless.
  f.h.unsubscribe(0, "booth:2", &a);
  f.h.unsubscribe(1, "booth:2", &a);
  f.h.unsubscribe(0, "booth:404", &a);
  CHECK(f.h.local_subscribers(0, "booth:2") == 1);
}

TEST_CASE("hub: a subscriber sees only its topics", "[hub]") {
  fixture f;
  fake_subscriber a, b;
  f.h.subscribe(0, "booth:1", &a);
  f.h.subscribe(0, "booth:2", &b);
  f.publish("booth:1", {{"n", 1}});
  f.publish("booth:3", {{"n", 1}});  // nobody here
  f.drain_all();
  REQUIRE(a.got.size() == 1);
  CHECK(a.got[0].topic == "booth:1");
  CHECK(b.got.empty());
}

TEST_CASE("hub: the broker subscription is per node, reference counted across shards", "[hub]") {
  fixture f;
  fake_subscriber a, b;
  f.h.subscribe(0, "booth:5", &a);
  f.h.subscribe(1, "booth:5", &b);
  CHECK(f.spy.subscribes == 1);  // one node-level subscription for both shards
  CHECK(f.spy.active.contains("booth:5"));

  f.h.unsubscribe(0, "booth:5", &a);
  CHECK(f.spy.unsubscribes == 0);
  f.publish("booth:5", {{"n", 1}});
  f.drain_all();
  CHECK(a.got.empty());
  REQUIRE(b.got.size() == 1);
  CHECK(b.got[0].offset == 1);

  f.h.unsubscribe(1, "booth:5", &b);
  CHECK(f.spy.unsubscribes == 1);
  CHECK_FALSE(f.spy.active.contains("booth:5"));

  // The broker no longer delivers: nothing is posted to the shards and nobody receives.
  const int before = f.spy.deliveries.load();
  f.publish("booth:5", {{"n", 2}});
  CHECK(f.spy.deliveries.load() == before);
  CHECK(f.drain_all() == 0);
  CHECK(a.got.empty());
  CHECK(b.got.size() == 1);

  // A new subscriber subscribes the node again.
  f.h.subscribe(1, "booth:5", &b);
  CHECK(f.spy.subscribes == 2);
  f.publish("booth:5", {{"n", 3}});
  f.drain_all();
  REQUIRE(b.got.size() == 2);
  CHECK(b.got[1].offset == 3);
}

TEST_CASE("hub: swap-remove keeps the remaining subscribers", "[hub]") {
  fixture f;
  constexpr std::size_t n = 1000;
  std::vector<std::unique_ptr<fake_subscriber>> subs;
  for (std::size_t i = 0; i < n; ++i) {
    subs.push_back(std::make_unique<fake_subscriber>());
    f.h.subscribe(0, "fair:9", subs.back().get());
  }
  REQUIRE(f.h.local_subscribers(0, "fair:9") == n);
  for (std::size_t i = 0; i < n; i += 2) f.h.unsubscribe(0, "fair:9", subs[i].get());
  CHECK(f.h.local_subscribers(0, "fair:9") == n / 2);
  CHECK(f.spy.unsubscribes == 0);

  f.publish("fair:9", {{"n", 1}});
  f.drain_all();
  std::size_t receivers = 0;
  for (std::size_t i = 0; i < n; ++i) {
    CAPTURE(i);
    if (i % 2 == 0) {
      CHECK(subs[i]->got.empty());
    } else {
      CHECK(subs[i]->got.size() == 1);
      receivers += subs[i]->got.size();
    }
  }
  CHECK(receivers == n / 2);

  // Removing the rest, last first then from the front, empties the topic.
  for (std::size_t i = n - 1; i >= n / 2 && i % 2 == 1; i -= 2) f.h.unsubscribe(0, "fair:9", subs[i].get());
  for (std::size_t i = 1; i < n / 2; i += 2) f.h.unsubscribe(0, "fair:9", subs[i].get());
  CHECK(f.h.local_subscribers(0, "fair:9") == 0);
  CHECK(f.spy.unsubscribes == 1);
}

TEST_CASE("hub: presence changes are flushed as one ephemeral push per dirty topic", "[hub][presence]") {
  fixture f;
  fake_subscriber a, b;
  f.h.subscribe(0, "fair:1", &a);
  f.h.subscribe(1, "booth:3", &b);
  f.spy.presence_add("fair:1", "c1", {7, "Ayşe", "jobseeker"});
  f.spy.presence_add("fair:1", "c2", {7, "Ayşe", "jobseeker"});  // same user, second socket
  f.spy.presence_add("fair:1", "c3", {8, "Emre", "employer"});
  f.spy.presence_add("booth:3", "c4", {9, "Org", "organiser"});

  f.h.presence_changed("fair:1");
  f.h.presence_changed("fair:1");
  f.h.presence_changed("booth:3");
  f.drain_all();
  CHECK(a.got.empty());  // nothing before the flush
  CHECK(f.spy.ephemeral_publishes == 0);

  f.h.flush_presence();
  f.drain_all();
  CHECK(f.spy.ephemeral_publishes == 2);
  REQUIRE(a.got.size() == 1);
  CHECK(a.got[0].offset == -1);
  auto push = json::parse(*a.got[0].frame);
  CHECK(push == json{{"topic", "fair:1"},
                     {"event", "presence"},
                     {"data", {{"count", 2}, {"by_role", {{"jobseeker", 1}, {"employer", 1}, {"organiser", 0}}}}}});

  REQUIRE(b.got.size() == 1);
  auto booth_push = json::parse(*b.got[0].frame);
  CHECK(booth_push["topic"] == "booth:3");
  CHECK_FALSE(booth_push.contains("offset"));
  CHECK(booth_push["data"] == json{{"count", 1}, {"by_role", {{"jobseeker", 0}, {"employer", 0}, {"organiser", 1}}}});

  // A second flush with nothing marked publishes nothing.
  f.h.flush_presence();
  f.drain_all();
  CHECK(f.spy.ephemeral_publishes == 2);
  CHECK(a.got.size() == 1);
  CHECK(b.got.size() == 1);

  // A presence push is ephemeral: the topic's history offset is untouched.
  std::optional<bk::history_result> h;
  f.spy.history("fair:1", std::nullopt, [&](std::optional<bk::history_result> r) { h = std::move(r); });
  REQUIRE(h.has_value());
  CHECK(h->top.offset == 0);
}

TEST_CASE("hub: the fan-out observer is told the shard and the recipient count", "[hub]") {
  counting_broker spy;
  boost::asio::io_context shard0, shard1;
  counting_observer obs;
  hub::hub h{spy, {&shard0, &shard1}, &obs};
  fake_subscriber a, b, c;
  h.subscribe(0, "booth:1", &a);
  h.subscribe(0, "booth:1", &b);
  h.subscribe(1, "booth:1", &c);
  spy.publish("booth:1", "chat.message", "{}", nullptr);
  drain(shard0);
  drain(shard1);
  REQUIRE(obs.calls.size() == 2);
  CHECK(obs.calls[0].shard == 0);
  CHECK(obs.calls[0].recipients == 2);
  CHECK(obs.calls[1].shard == 1);
  CHECK(obs.calls[1].recipients == 1);
}

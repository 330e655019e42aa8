// Conformance suite for fuar::broker::broker: the guarantees stated in broker.hpp, written
// against the interface only. Every implementation is listed in implementations() with a
// factory; each TEST_CASE runs once per implementation in its own DYNAMIC_SECTION. To add the
// Redis broker, append {"redis", ...} there.
//
// Callbacks and deliveries may be asynchronous in other implementations, so every result is
// awaited through a std::future with a generous deadline, and a timeout fails the test.
#include "server/broker/broker.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace fuar::broker;
using json = nlohmann::json;

// A deadline for a result that should arrive at once; long enough for a loaded CI machine.
constexpr auto patience = std::chrono::seconds(20);

struct options {
  std::size_t history_size = 300;
  std::int64_t history_ttl_ms = 300000;
};

struct implementation {
  std::string name;
  std::function<std::unique_ptr<broker>(const options&)> make;
};

std::vector<implementation> implementations() {
  return {
      {"memory",
       [](const options& o) {
         return make_memory_broker(memory_options{o.history_size, o.history_ttl_ms});
       }},
  };
}

// Topic names are unique per test run so that an implementation with shared state (Redis)
// never sees a previous run's history.
std::string fresh_topic(const std::string& base) {
  static std::atomic<int> n{0};
  static const std::string run = std::to_string(
      std::chrono::steady_clock::now().time_since_epoch().count());
  return base + ":" + run + ":" + std::to_string(++n);
}

template <class T>
T await(std::future<T>& f, const char* what) {
  if (f.wait_for(patience) != std::future_status::ready)
    FAIL("timed out waiting for " << what);
  return f.get();
}

position publish(broker& b, const std::string& topic, const std::string& event, const std::string& data) {
  auto p = std::make_shared<std::promise<std::optional<position>>>();
  auto f = p->get_future();
  b.publish(topic, event, data, [p](std::optional<position> pos) { p->set_value(std::move(pos)); });
  auto pos = await(f, "publish");
  REQUIRE(pos.has_value());
  return *pos;
}

history_result history(broker& b, const std::string& topic, const std::optional<position>& since) {
  auto p = std::make_shared<std::promise<std::optional<history_result>>>();
  auto f = p->get_future();
  b.history(topic, since, [p](std::optional<history_result> r) { p->set_value(std::move(r)); });
  auto r = await(f, "history");
  REQUIRE(r.has_value());
  return std::move(*r);
}

presence_summary presence(broker& b, const std::string& topic, bool with_members) {
  auto p = std::make_shared<std::promise<std::optional<presence_summary>>>();
  auto f = p->get_future();
  b.presence(topic, with_members, [p](std::optional<presence_summary> s) { p->set_value(std::move(s)); });
  auto s = await(f, "presence");
  REQUIRE(s.has_value());
  return std::move(*s);
}

std::vector<std::int64_t> offsets_of(const std::vector<publication>& pubs) {
  std::vector<std::int64_t> out;
  for (const auto& p : pubs) out.push_back(p.offset);
  return out;
}

std::vector<std::int64_t> range(std::int64_t from, std::int64_t to) {
  std::vector<std::int64_t> out;
  for (auto i = from; i <= to; ++i) out.push_back(i);
  return out;
}

// Records what the delivery handler sees. wait_until(n) returns once n deliveries have arrived
// (through a promise set by the handler), failing after `patience`.
class recorder {
public:
  struct delivery {
    std::string topic;
    publication pub;
  };

  delivery_handler handler() {
    return [this](const std::string& topic, const publication& pub) {
      std::lock_guard lock(mutex_);
      seen_.push_back({topic, pub});
      if (waiter_ && seen_.size() >= want_) {
        waiter_->set_value();
        waiter_.reset();
      }
    };
  }

  void wait_until(std::size_t n) {
    std::future<void> f;
    {
      std::lock_guard lock(mutex_);
      if (seen_.size() >= n) return;
      want_ = n;
      waiter_.emplace();
      f = waiter_->get_future();
    }
    if (f.wait_for(patience) != std::future_status::ready)
      FAIL("timed out waiting for " << n << " deliveries, have " << size());
  }

  std::vector<delivery> all() {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return seen_.size();
  }
  std::vector<delivery> of(const std::string& topic) {
    std::vector<delivery> out;
    for (auto& d : all())
      if (d.topic == topic) out.push_back(d);
    return out;
  }

private:
  std::mutex mutex_;
  std::vector<delivery> seen_;
  std::size_t want_ = 0;
  std::optional<std::promise<void>> waiter_;
};

// Checks that `pub` carries a complete push frame for `topic`, `event`, `data`.
void check_frame(const std::string& topic, const publication& pub, const std::string& event, const json& data) {
  REQUIRE(pub.frame != nullptr);
  auto j = json::parse(*pub.frame, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  CHECK(j["topic"] == topic);
  CHECK(j["event"] == event);
  CHECK(j["data"] == data);
  if (pub.offset >= 0) {
    REQUIRE(j.contains("offset"));
    CHECK(j["offset"] == pub.offset);
    CHECK(j.size() == 4);
  } else {
    CHECK_FALSE(j.contains("offset"));
    CHECK(j.size() == 3);
  }
}

}  // namespace

TEST_CASE("broker conformance: offsets start at 1 and grow by one within an epoch", "[broker]") {
  for (const auto& impl : implementations()) {
    DYNAMIC_SECTION(impl.name) {
      auto b = impl.make({});
      const auto t = fresh_topic("booth");
      const auto other = fresh_topic("booth");
      auto p1 = publish(*b, t, "chat.message", R"({"n":1})");
      CHECK(p1.offset == 1);
      CHECK_FALSE(p1.epoch.empty());
      for (std::int64_t i = 2; i <= 10; ++i) {
        auto p = publish(*b, t, "chat.message", R"({"n":)" + std::to_string(i) + "}");
        CHECK(p.offset == i);
        CHECK(p.epoch == p1.epoch);
      }
      // Each topic counts on its own.
      CHECK(publish(*b, other, "chat.message", "{}").offset == 1);
      CHECK(publish(*b, t, "chat.message", "{}").offset == 11);
    }
  }
}

TEST_CASE("broker conformance: delivery of subscribed topics only, in order, complete frames", "[broker]") {
  for (const auto& impl : implementations()) {
    DYNAMIC_SECTION(impl.name) {
      recorder rec;  // outlives the broker, whose handler points at it
      auto b = impl.make({});
      b->set_delivery_handler(rec.handler());
      const auto yes = fresh_topic("booth"), no = fresh_topic("booth");
      b->subscribe(yes);
      for (int i = 1; i <= 20; ++i) {
        publish(*b, yes, "chat.message", json{{"n", i}, {"text", "ş \"q\""}}.dump());
        publish(*b, no, "chat.message", json{{"n", i}}.dump());
      }
      rec.wait_until(20);
      auto got = rec.all();
      REQUIRE(got.size() == 20);
      for (std::size_t i = 0; i < got.size(); ++i) {
        CAPTURE(i);
        CHECK(got[i].topic == yes);
        CHECK(got[i].pub.offset == std::int64_t(i + 1));
        check_frame(yes, got[i].pub, "chat.message", json{{"n", i + 1}, {"text", "ş \"q\""}});
      }
      CHECK(rec.of(no).empty());
    }
  }
}

TEST_CASE("broker conformance: unsubscribe stops delivery", "[broker]") {
  for (const auto& impl : implementations()) {
    DYNAMIC_SECTION(impl.name) {
      recorder rec;  // outlives the broker, whose handler points at it
      auto b = impl.make({});
      b->set_delivery_handler(rec.handler());
      const auto t = fresh_topic("fair"), marker = fresh_topic("fair");
      b->subscribe(t);
      publish(*b, t, "chat.message", R"({"n":1})");
      rec.wait_until(1);
      b->unsubscribe(t);
      publish(*b, t, "chat.message", R"({"n":2})");
      // A later delivery on another subscribed topic shows the broker has caught up.
      b->subscribe(marker);
      publish(*b, marker, "chat.message", "{}");
      rec.wait_until(2);
      auto got = rec.of(t);
      REQUIRE(got.size() == 1);
      CHECK(got[0].pub.offset == 1);
      CHECK(rec.of(marker).size() == 1);
      // The unsubscribed publication still went into history.
      CHECK(history(*b, t, std::nullopt).top.offset == 2);
    }
  }
}

TEST_CASE("broker conformance: ephemeral publications have offset -1 and no history", "[broker]") {
  for (const auto& impl : implementations()) {
    DYNAMIC_SECTION(impl.name) {
      recorder rec;  // outlives the broker, whose handler points at it
      auto b = impl.make({});
      b->set_delivery_handler(rec.handler());
      const auto t = fresh_topic("fair");
      b->subscribe(t);
      auto p1 = publish(*b, t, "chat.message", R"({"n":1})");
      const json count{{"count", 3}, {"by_role", {{"jobseeker", 3}}}};
      b->publish_ephemeral(t, "presence", count.dump());
      auto p2 = publish(*b, t, "chat.message", R"({"n":2})");
      rec.wait_until(3);
      auto got = rec.of(t);
      REQUIRE(got.size() == 3);
      CHECK(got[0].pub.offset == 1);
      CHECK(got[1].pub.offset == -1);
      check_frame(t, got[1].pub, "presence", count);
      CHECK(got[2].pub.offset == 2);
      // The ephemeral push took no offset and is not replayed.
      CHECK(p2.offset == p1.offset + 1);
      auto h = history(*b, t, position{p1.epoch, 0});
      CHECK(h.recovered);
      CHECK(offsets_of(h.publications) == std::vector<std::int64_t>{1, 2});
      CHECK(h.top == p2);
    }
  }
}

TEST_CASE("broker conformance: ephemeral publications reach subscribed topics only", "[broker]") {
  for (const auto& impl : implementations()) {
    DYNAMIC_SECTION(impl.name) {
      recorder rec;  // outlives the broker, whose handler points at it
      auto b = impl.make({});
      b->set_delivery_handler(rec.handler());
      const auto yes = fresh_topic("fair"), no = fresh_topic("fair");
      b->subscribe(yes);
      b->publish_ephemeral(no, "presence", R"({"count":1})");
      b->publish_ephemeral(yes, "presence", R"({"count":2})");
      rec.wait_until(1);
      auto got = rec.all();
      REQUIRE(got.size() == 1);
      CHECK(got[0].topic == yes);
      check_frame(yes, got[0].pub, "presence", json{{"count", 2}});
      // An ephemeral publish on a topic without history leaves it at offset 0.
      CHECK(history(*b, no, std::nullopt).top.offset == 0);
    }
  }
}

TEST_CASE("broker conformance: history and recovery", "[broker]") {
  for (const auto& impl : implementations()) {
    DYNAMIC_SECTION(impl.name) {
      auto b = impl.make({});
      const auto t = fresh_topic("booth");
      position top;
      for (int i = 1; i <= 5; ++i) top = publish(*b, t, "chat.message", json{{"n", i}}.dump());
      REQUIRE(top.offset == 5);

      SECTION("no since: recovered false, top is current") {
        auto h = history(*b, t, std::nullopt);
        CHECK_FALSE(h.recovered);
        CHECK(h.top == top);
        CHECK(h.publications.empty());
      }
      SECTION("since = top: recovered, nothing missing") {
        auto h = history(*b, t, top);
        CHECK(h.recovered);
        CHECK(h.publications.empty());
        CHECK(h.top == top);
      }
      SECTION("since in the middle: exactly the later publications, in order") {
        auto h = history(*b, t, position{top.epoch, 2});
        CHECK(h.recovered);
        REQUIRE(offsets_of(h.publications) == std::vector<std::int64_t>{3, 4, 5});
        for (const auto& p : h.publications) check_frame(t, p, "chat.message", json{{"n", p.offset}});
        CHECK(h.top == top);
      }
      SECTION("since 0: everything") {
        auto h = history(*b, t, position{top.epoch, 0});
        CHECK(h.recovered);
        CHECK(offsets_of(h.publications) == range(1, 5));
      }
      SECTION("a wrong epoch is not recovered") {
        auto h = history(*b, t, position{top.epoch + "x", 2});
        CHECK_FALSE(h.recovered);
        CHECK(h.top == top);
      }
      SECTION("since beyond the top is not recovered") {
        auto h = history(*b, t, position{top.epoch, 6});
        CHECK_FALSE(h.recovered);
        CHECK(h.top == top);
      }
    }
  }
}

TEST_CASE("broker conformance: a topic never published to", "[broker]") {
  for (const auto& impl : implementations()) {
    DYNAMIC_SECTION(impl.name) {
      auto b = impl.make({});
      const auto t = fresh_topic("booth");
      auto h = history(*b, t, std::nullopt);
      CHECK_FALSE(h.recovered);
      CHECK(h.top.offset == 0);
      CHECK_FALSE(h.top.epoch.empty());
      // Its epoch is stable, and the first publish continues it.
      auto again = history(*b, t, h.top);
      CHECK(again.recovered);
      CHECK(again.publications.empty());
      auto p = publish(*b, t, "chat.message", "{}");
      CHECK(p == position{h.top.epoch, 1});
    }
  }
}

TEST_CASE("broker conformance: history keeps the last history_size publications", "[broker]") {
  for (const auto& impl : implementations()) {
    DYNAMIC_SECTION(impl.name) {
      options o;
      o.history_size = 5;
      auto b = impl.make(o);
      const auto t = fresh_topic("booth");
      position top;
      for (int i = 1; i <= 10; ++i) top = publish(*b, t, "chat.message", json{{"n", i}}.dump());
      REQUIRE(top.offset == 10);

      auto lost = history(*b, t, position{top.epoch, 4});  // offset 5 is gone
      CHECK_FALSE(lost.recovered);
      CHECK(lost.top == top);

      auto kept = history(*b, t, position{top.epoch, 5});
      CHECK(kept.recovered);
      CHECK(offsets_of(kept.publications) == range(6, 10));
      for (const auto& p : kept.publications) check_frame(t, p, "chat.message", json{{"n", p.offset}});

      CHECK_FALSE(history(*b, t, position{top.epoch, 0}).recovered);
    }
  }
}

// history_ttl_ms = 0 keeps nothing older than "now". Whether an item published in the same
// clock tick as the history call is still there is up to the implementation, so the test never
// asserts on the first call alone. It checks (1) on every call, that the result is never a
// silent gap: either recovered=false or the complete list, and (2) that the publications are
// eventually dropped: history is called again until it reports recovered=false, with the same
// generous deadline as every other wait. No sleep: each iteration is a real history call.
TEST_CASE("broker conformance: history_ttl 0 drops publications, never leaving a silent gap", "[broker]") {
  for (const auto& impl : implementations()) {
    DYNAMIC_SECTION(impl.name) {
      options o;
      o.history_ttl_ms = 0;
      auto b = impl.make(o);
      const auto t = fresh_topic("booth");
      position top;
      for (int i = 1; i <= 3; ++i) top = publish(*b, t, "chat.message", json{{"n", i}}.dump());

      const auto deadline = std::chrono::steady_clock::now() + patience;
      bool dropped = false;
      std::size_t calls = 0;
      while (!dropped && std::chrono::steady_clock::now() < deadline) {
        auto h = history(*b, t, position{top.epoch, 0});
        ++calls;
        REQUIRE(h.top == top);
        if (h.recovered) {
          // Not yet expired: then it must be all of it, in order.
          REQUIRE(offsets_of(h.publications) == range(1, 3));
        } else {
          dropped = true;
        }
      }
      CAPTURE(calls);
      REQUIRE(dropped);
      // Once dropped, they stay dropped; nothing missing is still "recovered".
      CHECK_FALSE(history(*b, t, position{top.epoch, 0}).recovered);
      CHECK_FALSE(history(*b, t, position{top.epoch, 2}).recovered);
      auto at_top = history(*b, t, top);
      CHECK(at_top.recovered);
      CHECK(at_top.publications.empty());
      // Offsets keep counting after expiry.
      CHECK(publish(*b, t, "chat.message", "{}") == position{top.epoch, 4});
    }
  }
}

TEST_CASE("broker conformance: concurrent publishers, one topic, offsets delivered in order once", "[broker]") {
  for (const auto& impl : implementations()) {
    DYNAMIC_SECTION(impl.name) {
      recorder rec;  // outlives the broker, whose handler points at it
      auto b = impl.make({});
      b->set_delivery_handler(rec.handler());
      const auto t = fresh_topic("booth");
      b->subscribe(t);
      constexpr int threads = 4, per_thread = 500, total = threads * per_thread;

      // Acknowledgements are collected under a mutex; the last one sets the promise.
      std::mutex acked_mutex;
      std::vector<std::int64_t> acked;
      int failed = 0;
      std::promise<void> all_acked;
      auto all_acked_future = all_acked.get_future();
      auto on_ack = [&](std::optional<position> p) {
        std::lock_guard lock(acked_mutex);
        if (p) acked.push_back(p->offset);
        else ++failed;
        if (acked.size() + std::size_t(failed) == std::size_t(total)) all_acked.set_value();
      };
      std::vector<std::thread> workers;
      for (int w = 0; w < threads; ++w) {
        workers.emplace_back([&, w] {
          for (int i = 0; i < per_thread; ++i)
            b->publish(t, "chat.message", json{{"w", w}, {"i", i}}.dump(), on_ack);
        });
      }
      for (auto& th : workers) th.join();

      rec.wait_until(total);
      auto got = rec.all();
      CHECK(got.size() == std::size_t(total));
      std::vector<std::int64_t> delivered;
      for (const auto& d : got) delivered.push_back(d.pub.offset);
      CHECK(delivered == range(1, total));  // in order, each once

      // Every publish was acknowledged with its own offset.
      REQUIRE(all_acked_future.wait_for(patience) == std::future_status::ready);
      std::lock_guard lock(acked_mutex);
      CHECK(failed == 0);
      std::sort(acked.begin(), acked.end());
      CHECK(acked == range(1, total));
    }
  }
}

TEST_CASE("broker conformance: presence counts distinct users", "[broker][presence]") {
  for (const auto& impl : implementations()) {
    DYNAMIC_SECTION(impl.name) {
      auto b = impl.make({});
      const auto t = fresh_topic("fair"), other = fresh_topic("fair");
      const presence_entry ayse{7, "Ayşe", "jobseeker"};
      const presence_entry emre{8, "Emre", "employer"};

      auto empty = presence(*b, t, true);
      CHECK(empty.count == 0);
      CHECK(empty.members.empty());

      // One user on two sockets counts once.
      b->presence_add(t, "conn-a1", ayse);
      b->presence_add(t, "conn-a2", ayse);
      auto one = presence(*b, t, false);
      CHECK(one.count == 1);
      CHECK(one.by_role["jobseeker"] == 1);

      b->presence_add(t, "conn-e1", emre);
      auto two = presence(*b, t, false);
      CHECK(two.count == 2);
      CHECK(two.by_role["jobseeker"] == 1);
      CHECK(two.by_role["employer"] == 1);
      CHECK(two.by_role["organiser"] == 0);
      CHECK(two.members.empty());  // not asked for

      auto with = presence(*b, t, true);
      REQUIRE(with.members.size() == 2);
      std::sort(with.members.begin(), with.members.end(),
                [](const auto& x, const auto& y) { return x.user_id < y.user_id; });
      CHECK(with.members[0].user_id == 7);
      CHECK(with.members[0].name == "Ayşe");
      CHECK(with.members[0].role == "jobseeker");
      CHECK(with.members[1].user_id == 8);
      CHECK(with.members[1].role == "employer");

      // Topics are counted separately.
      CHECK(presence(*b, other, false).count == 0);

      // Removing one of Ayşe's sockets keeps her; removing both removes her.
      b->presence_remove(t, "conn-a1");
      auto after_one = presence(*b, t, false);
      CHECK(after_one.count == 2);
      CHECK(after_one.by_role["jobseeker"] == 1);
      b->presence_remove(t, "conn-a2");
      auto after_both = presence(*b, t, false);
      CHECK(after_both.count == 1);
      CHECK(after_both.by_role["jobseeker"] == 0);
      CHECK(after_both.by_role["employer"] == 1);

      // Unknown connection ids and topics are harmless.
      b->presence_remove(t, "conn-unknown");
      b->presence_remove(other, "conn-e1");
      b->presence_remove(fresh_topic("fair"), "conn-x");
      CHECK(presence(*b, t, false).count == 1);

      b->presence_remove(t, "conn-e1");
      auto none = presence(*b, t, true);
      CHECK(none.count == 0);
      CHECK(none.members.empty());
      std::int64_t by_role_total = 0;
      for (const auto& [role, n] : none.by_role) by_role_total += n;
      CHECK(by_role_total == 0);
      // Removing again after the topic emptied is still harmless.
      b->presence_remove(t, "conn-e1");
      CHECK(presence(*b, t, false).count == 0);
    }
  }
}

TEST_CASE("broker conformance: adding the same connection twice counts it once", "[broker][presence]") {
  for (const auto& impl : implementations()) {
    DYNAMIC_SECTION(impl.name) {
      auto b = impl.make({});
      const auto t = fresh_topic("booth");
      b->presence_add(t, "conn-1", {7, "Ayşe", "jobseeker"});
      b->presence_add(t, "conn-1", {7, "Ayşe", "jobseeker"});
      CHECK(presence(*b, t, false).count == 1);
      b->presence_remove(t, "conn-1");
      CHECK(presence(*b, t, false).count == 0);
    }
  }
}

TEST_CASE("broker conformance: a fresh broker reports its health", "[broker]") {
  for (const auto& impl : implementations()) {
    DYNAMIC_SECTION(impl.name) {
      auto b = impl.make({});
      CHECK(b->state() == health::ok);
    }
  }
}

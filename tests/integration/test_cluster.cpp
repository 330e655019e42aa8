// Several fuar nodes on one machine sharing one real redis-server: cross-node delivery,
// presence across nodes, a client moving between nodes, Redis going away and coming back
// empty, and a node that dies.
#include <signal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "tests/integration/harness.hpp"
#include "tests/integration/redis_fixture.hpp"

using namespace fuar::test;

namespace {

// Node settings for a cluster test; `prefix` isolates each test's keys in the shared Redis.
env node_env(unsigned short redis_port, const std::string& prefix, env extra = {}) {
  env e{{"FUAR_BROKER_TYPE", "redis"},
        {"FUAR_BROKER_REDIS_PORT", std::to_string(redis_port)},
        {"FUAR_BROKER_REDIS_PREFIX", prefix},
        {"FUAR_BROKER_RECONNECT_MAX_MS", "500"},
        {"FUAR_PRESENCE_PUSH_INTERVAL_MS", "100"},
        {"FUAR_WS_RATE_PER_S", "1000"},
        {"FUAR_WS_RATE_BURST", "1000"}};
  for (auto& [k, v] : extra) e[k] = v;
  return e;
}

std::string unique_prefix(const std::string& name) {
  static std::atomic<int> n{0};
  return "it" + std::to_string(::getpid()) + "-" + std::to_string(++n) + "-" + name + ":";
}

// Per-node SQLite (documented limit): each node seeds the same demo fair, so booth ids agree,
// but accounts are per node.
std::int64_t booth(const server& s) { return s.demo_of("employer").booth_id; }

}  // namespace

TEST_CASE("a chat message sent on node A reaches subscribers on B and C in order", "[cluster]") {
  auto& redis = shared_redis();
  auto e = node_env(redis.port(), unique_prefix("fanout"));
  server a(e), b(e), c(e);
  auto topic = "booth:" + std::to_string(booth(a));
  auto rb = ws_client::with_token(b, register_user(b, "b@example.org", "B"));
  auto rc = ws_client::with_token(c, register_user(c, "c@example.org", "C"));
  REQUIRE(rb.command("subscribe", {{"topic", topic}})["ok"] == true);
  REQUIRE(rc.command("subscribe", {{"topic", topic}})["ok"] == true);
  auto wa = ws_client::with_token(a, register_user(a, "a@example.org", "A"));
  for (int i = 1; i <= 10; ++i)
    REQUIRE(wa.command("chat.send", {{"booth_id", booth(a)}, {"text", "n" + std::to_string(i)}})["ok"] == true);
  for (auto* r : {&rb, &rc}) {
    for (int i = 1; i <= 10; ++i) {
      auto p = r->next_push(5s, "chat.message");
      REQUIRE(p);
      CHECK((*p)["offset"] == i);
      CHECK((*p)["data"]["text"] == "n" + std::to_string(i));
    }
    CHECK_FALSE(r->next_push(300ms, "chat.message"));
  }
  CHECK(http_call(a.port(), "GET", "/healthz").body_json()["broker"] == "ok");
}

TEST_CASE("presence counts span nodes", "[cluster][presence]") {
  auto& redis = shared_redis();
  auto e = node_env(redis.port(), unique_prefix("presence"));
  server a(e), b(e);
  auto ca = ws_client::with_token(a, register_user(a, "pa@example.org", "PA"));
  auto cb = ws_client::with_token(b, register_user(b, "pb@example.org", "PB"));
  REQUIRE(ca.command("subscribe", {{"topic", "fair:1"}})["ok"] == true);
  REQUIRE(cb.command("subscribe", {{"topic", "fair:1"}})["ok"] == true);
  auto p = ca.command("presence.get", {{"topic", "fair:1"}});
  // Accounts are per node here, so both users have id 5 (the first after the demo accounts):
  // presence keys users by id, as it would with the shared PostgreSQL store. Use distinct
  // ids by registering a second user on B first.
  CHECK(p["data"]["count"].get<int>() >= 1);
  auto cb2 = ws_client::with_token(b, register_user(b, "pb2@example.org", "PB2"));
  REQUIRE(cb2.command("subscribe", {{"topic", "fair:1"}})["ok"] == true);
  p = ca.command("presence.get", {{"topic", "fair:1"}});
  CHECK(p["data"]["count"] == 2);  // user 5 (on A and B) and user 6 (on B)
  // The count reaches A's subscribers as a push, within the push interval.
  bool saw = false;
  for (int i = 0; i < 30 && !saw; ++i) {
    auto push = ca.next_push(2s, "presence");
    REQUIRE(push);
    saw = (*push)["data"]["count"] == 2;
  }
  CHECK(saw);
}

TEST_CASE("a client that moves from node A to node B recovers what it missed", "[cluster][recovery]") {
  auto& redis = shared_redis();
  auto e = node_env(redis.port(), unique_prefix("move"));
  server a(e), b(e);
  auto topic = "booth:" + std::to_string(booth(a));
  auto reader = ws_client::with_token(a, register_user(a, "mover@example.org", "Mover"));
  auto writer = ws_client::with_token(a, register_user(a, "writer@example.org", "Writer"));
  auto sub = reader.command("subscribe", {{"topic", topic}});
  REQUIRE(sub["ok"] == true);
  writer.command("chat.send", {{"booth_id", booth(a)}, {"text", "before"}});
  auto seen = reader.next_push(5s, "chat.message");
  REQUIRE(seen);
  reader.close();
  for (int i = 1; i <= 3; ++i) writer.command("chat.send", {{"booth_id", booth(a)}, {"text", "missed " + std::to_string(i)}});

  // Same person, now served by node B (accounts are per node until the shared store).
  auto moved = ws_client::with_token(b, register_user(b, "mover@example.org", "Mover"));
  auto r = moved.command("subscribe", {{"topic", topic},
                                       {"since", {{"epoch", sub["data"]["epoch"]}, {"offset", (*seen)["offset"]}}}});
  REQUIRE(r["ok"] == true);
  CHECK(r["data"]["recovered"] == true);
  REQUIRE(r["data"]["publications"].size() == 3);
  for (int i = 0; i < 3; ++i) CHECK(r["data"]["publications"][i]["data"]["text"] == "missed " + std::to_string(i + 1));
  writer.command("chat.send", {{"booth_id", booth(a)}, {"text", "live"}});
  auto live = moved.next_push(5s, "chat.message");
  REQUIRE(live);
  CHECK((*live)["data"]["text"] == "live");
}

TEST_CASE("Redis stopped for 10 s and restarted empty: nodes keep serving, then recover", "[cluster][redis-down]") {
  redis_server redis;  // its own Redis: this test stops it
  auto e = node_env(redis.port(), unique_prefix("outage"));
  server a(e), b(e);
  auto topic = "booth:" + std::to_string(booth(a));
  auto ra = ws_client::with_token(a, register_user(a, "ra@example.org", "RA"));
  auto rb = ws_client::with_token(b, register_user(b, "rb@example.org", "RB"));
  auto wa = ws_client::with_token(a, register_user(a, "wa@example.org", "WA"));
  REQUIRE(ra.command("subscribe", {{"topic", topic}})["ok"] == true);
  REQUIRE(rb.command("subscribe", {{"topic", topic}})["ok"] == true);
  wa.command("chat.send", {{"booth_id", booth(a)}, {"text", "before"}});
  REQUIRE(ra.next_push(5s, "chat.message"));
  REQUIRE(rb.next_push(5s, "chat.message"));
  long rss_before = a.rss_kb();

  redis.stop();
  auto down_at = std::chrono::steady_clock::now();
  // While Redis is away: the node answers, reports degraded, and its own clients still get
  // the messages it accepts (acknowledged: they are in its store).
  for (int i = 0; i < 50; ++i) {
    auto r = wa.command("chat.send", {{"booth_id", booth(a)}, {"text", "during " + std::to_string(i)}});
    REQUIRE(r["ok"] == true);
  }
  int local = 0;
  while (auto p = ra.next_push(2s, "chat.message")) {
    CHECK_FALSE(p->contains("offset"));  // node-local, not in the shared history
    ++local;
    if (local == 50) break;
  }
  CHECK(local == 50);
  auto health = http_call(a.port(), "GET", "/healthz");
  CHECK(health.status == 200);
  CHECK(health.body_json()["broker"] == "degraded");
  CHECK(a.rss_kb() - rss_before < 8 * 1024);  // nothing piles up while waiting
  std::this_thread::sleep_until(down_at + 10s);
  redis.start();  // empty: every stream and epoch is gone

  // Both nodes' subscribers are told to reload (new epoch), and cross-node delivery resumes.
  for (auto* r : {&ra, &rb}) {
    auto reset = r->next_push(15s, "subscription.reset");
    REQUIRE(reset);
    CHECK((*reset)["topic"] == topic);
  }
  bool delivered = false;
  for (int attempt = 0; attempt < 50 && !delivered; ++attempt) {
    wa.command("chat.send", {{"booth_id", booth(a)}, {"text", "after"}});
    auto p = rb.next_push(1s, "chat.message");
    delivered = p && (*p)["data"]["text"] == "after" && p->contains("offset");
  }
  CHECK(delivered);
  CHECK(http_call(a.port(), "GET", "/healthz").body_json()["broker"] == "ok");
}

TEST_CASE("a killed node disappears from presence within the expiry", "[cluster][presence]") {
  auto& redis = shared_redis();
  auto e = node_env(redis.port(), unique_prefix("dead"),
                    {{"FUAR_BROKER_PRESENCE_TTL_S", "3"}, {"FUAR_BROKER_PRESENCE_REFRESH_S", "1"}});
  server a(e), doomed(e);
  auto ca = ws_client::with_token(a, register_user(a, "alive@example.org", "Alive"));
  // Two users on the doomed node so that their ids differ from A's user.
  register_user(doomed, "x@example.org", "X");
  auto cd = ws_client::with_token(doomed, register_user(doomed, "y@example.org", "Y"));
  REQUIRE(ca.command("subscribe", {{"topic", "fair:1"}})["ok"] == true);
  REQUIRE(cd.command("subscribe", {{"topic", "fair:1"}})["ok"] == true);
  CHECK(ca.command("presence.get", {{"topic", "fair:1"}})["data"]["count"] == 2);

  doomed.signal(SIGKILL);
  doomed.wait_exit(5s);
  auto killed_at = std::chrono::steady_clock::now();
  int count = 2;
  while (count != 1 && std::chrono::steady_clock::now() - killed_at < 10s) {
    std::this_thread::sleep_for(200ms);
    count = ca.command("presence.get", {{"topic", "fair:1"}})["data"]["count"];
  }
  CHECK(count == 1);
  CHECK(std::chrono::steady_clock::now() - killed_at < 5s);  // ttl 3 s (+ a refresh)
}

TEST_CASE("a node whose Redis subscriber connection drops recovers the gap from the stream", "[cluster][recovery]") {
  auto& redis = shared_redis();
  auto e = node_env(redis.port(), unique_prefix("gap"));
  server a(e), b(e);
  auto topic = "booth:" + std::to_string(booth(a));
  auto rb = ws_client::with_token(b, register_user(b, "gap-r@example.org", "R"));
  auto wa = ws_client::with_token(a, register_user(a, "gap-w@example.org", "W"));
  REQUIRE(rb.command("subscribe", {{"topic", topic}})["ok"] == true);
  wa.command("chat.send", {{"booth_id", booth(a)}, {"text", "m0"}});
  REQUIRE(rb.next_push(5s, "chat.message"));

  // Cut every subscriber connection (both nodes'); command connections stay, so A keeps
  // writing to the stream while B is deaf.
  std::string cmd = "redis-cli -p " + std::to_string(redis.port()) + " CLIENT KILL TYPE pubsub > /dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  for (int i = 1; i <= 20; ++i) wa.command("chat.send", {{"booth_id", booth(a)}, {"text", "m" + std::to_string(i)}});

  // B re-subscribes and reads the gap from the stream: all of it, in order, once, no reset.
  for (int i = 1; i <= 20; ++i) {
    auto p = rb.next_push(10s);
    REQUIRE(p);
    REQUIRE((*p)["event"] == "chat.message");
    CHECK((*p)["offset"] == i + 1);
    CHECK((*p)["data"]["text"] == "m" + std::to_string(i));
  }
  CHECK_FALSE(rb.next_push(500ms, "chat.message"));
}

TEST_CASE("closing a user's sockets reaches every node that shares the database, and no other", "[cluster][control]") {
  auto& redis = shared_redis();
  auto prefix = unique_prefix("control");
  server a(node_env(redis.port(), prefix));
  // Node B shares A's database (two processes on one SQLite file in WAL mode stand in for the
  // shared PostgreSQL store); node C has its own, where the same user id is another person.
  server b(node_env(redis.port(), prefix, {{"FUAR_STORE_SQLITE_PATH", a.data_dir() + "/fuar.db"}, {"FUAR_SERVER_DEMO", "0"}}));
  server c(node_env(redis.port(), prefix));

  auto token_a = register_user(a, "leaver@example.org", "Leaver", "leaver password");
  auto token_b = login(b, "leaver@example.org", "leaver password");
  auto token_c = register_user(c, "stayer@example.org", "Stayer", "stayer password");
  auto me_a = http_call(a.port(), "GET", "/api/me", "", bearer(token_a)).body_json();
  auto me_c = http_call(c.port(), "GET", "/api/me", "", bearer(token_c)).body_json();
  REQUIRE(me_a["user"]["id"] == me_c["user"]["id"]);  // same id, two different people

  auto on_b = ws_client::with_token(b, token_b);
  auto on_c = ws_client::with_token(c, token_c);
  REQUIRE(on_b.is_open());
  REQUIRE(on_c.is_open());
  // Both nodes subscribe to the control topic at start; give the subscriptions a moment.
  REQUIRE(on_b.command("ping", {})["ok"] == true);
  REQUIRE(on_c.command("ping", {})["ok"] == true);

  auto del = http_call(a.port(), "POST", "/api/me/delete", json{{"password", "leaver password"}}.dump(), bearer(token_a));
  REQUIRE(del.status == 204);
  CHECK(on_b.wait_close(5s).code == 4101);  // through the control topic
  // Node C's user 5 is someone else: their socket stays open and answers.
  CHECK(on_c.command("ping", {})["ok"] == true);
  CHECK(on_c.is_open());
}

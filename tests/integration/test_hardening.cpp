// Regression tests for defects found in review: each would crash, leak, reorder or lock out
// without its fix.
#include <catch2/catch.hpp>
#include <future>
#include <thread>

#include "tests/integration/harness.hpp"

using namespace fuar::test;

TEST_CASE("explicit null in an optional field is an error, not a crash", "[hardening]") {
  server s;
  auto booth = s.demo_of("employer").booth_id;
  auto c = ws_client::with_token(s, register_user(s, "null@example.org", "Null"));
  auto r = c.command("chat.send", {{"booth_id", booth}, {"text", "x"}, {"nonce", nullptr}});
  CHECK(r["error"]["code"] == "invalid");
  CHECK(r["error"]["field"] == "data.nonce");
  r = c.command("chat.history", {{"booth_id", booth}, {"before", nullptr}});
  CHECK(r["error"]["field"] == "data.before");
  r = c.command("subscribe", {{"topic", "fair:1"}, {"since", nullptr}});
  CHECK(r["error"]["field"] == "data.since");
  r = c.command("chat.send", {{"booth_id", booth}, {"text", std::string("a\x01" "b")}});
  CHECK(r["error"]["code"] == "invalid");
  CHECK(c.command("ping")["ok"] == true);
  CHECK(s.running());
}

TEST_CASE("subscribe, unsubscribe, subscribe back to back: one reply each, no leaked subscriber", "[hardening]") {
  server s;
  auto booth = s.demo_of("employer").booth_id;
  auto topic = "booth:" + std::to_string(booth);
  auto writer = ws_client::with_token(s, register_user(s, "w@example.org", "W"));
  for (int round = 0; round < 20; ++round) {
    auto c = ws_client::with_token(s, register_user(s, "r" + std::to_string(round) + "@example.org", "R"));
    auto a = c.send_command("subscribe", {{"topic", topic}});
    auto b = c.send_command("unsubscribe", {{"topic", topic}});
    auto d = c.send_command("subscribe", {{"topic", topic}});
    auto ra = c.wait_reply(a), rb = c.wait_reply(b), rd = c.wait_reply(d);
    // The first subscribe either completed before the unsubscribe or was cut short by it.
    CHECK((ra["ok"] == true || ra["error"]["code"] == "not_found"));
    CHECK(rd["ok"] == true);
    writer.command("chat.send", {{"booth_id", booth}, {"text", "round " + std::to_string(round)}});
    auto p = c.next_push(5s, "chat.message");
    REQUIRE(p);
    CHECK((*p)["data"]["text"] == "round " + std::to_string(round));
    CHECK_FALSE(c.next_push(300ms, "chat.message"));  // delivered once
    c.close();
  }
  // Every reader is gone: a publish must find no dangling subscriber (this crashed before).
  writer.command("chat.send", {{"booth_id", booth}, {"text", "after"}});
  CHECK(writer.command("ping")["ok"] == true);
  CHECK(s.running());
}

TEST_CASE("parallel wrong-password logins cannot slip past the account limit", "[hardening]") {
  server s(env{{"FUAR_AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT", "3"}, {"FUAR_STORE_POOL_THREADS", "1"}});
  register_user(s, "target@example.org", "Target", "the real password");
  auto body = nlohmann::json{{"email", "target@example.org"}, {"password", "a wrong guess"}}.dump();
  std::vector<std::future<int>> tries;
  for (int i = 0; i < 12; ++i)
    tries.push_back(std::async(std::launch::async, [&] {
      return http_call(s.port(), "POST", "/api/auth/login", body, {{"X-Fuar-CSRF", "1"}}).status;
    }));
  int checked = 0, limited = 0;
  for (auto& t : tries) {
    int st = t.get();
    checked += st == 401;
    limited += st == 429;
  }
  CHECK(checked <= 3);
  CHECK(checked + limited == 12);
}

TEST_CASE("one reply larger than the queue limit is delivered on an idle connection", "[hardening]") {
  server s(env{{"FUAR_WS_MAX_QUEUE_BYTES", "4096"}});
  auto booth = s.demo_of("employer").booth_id;
  auto c = ws_client::with_token(s, register_user(s, "big@example.org", "Big"));
  for (int i = 0; i < 10; ++i) REQUIRE(c.command("chat.send", {{"booth_id", booth}, {"text", std::string(1000, 'y')}})["ok"] == true);
  auto h = c.command("chat.history", {{"booth_id", booth}});
  CHECK(h["data"]["messages"].size() == 10);  // ~10 KB in one frame, limit 4 KiB
  CHECK(c.command("ping")["ok"] == true);
}

TEST_CASE("chat pushes follow commit order under concurrent senders", "[hardening]") {
  server s(env{{"FUAR_WS_RATE_PER_S", "10000"}, {"FUAR_WS_RATE_BURST", "10000"}});
  auto booth = s.demo_of("employer").booth_id;
  auto reader = ws_client::with_token(s, register_user(s, "order@example.org", "Order"));
  REQUIRE(reader.command("subscribe", {{"topic", "booth:" + std::to_string(booth)}})["ok"] == true);
  auto send_many = [&](std::string token, int n) {
    auto w = ws_client::with_token(s, token);
    std::vector<nlohmann::json> ids;
    for (int i = 0; i < n; ++i) ids.push_back(w.send_command("chat.send", {{"booth_id", booth}, {"text", "m"}}));
    for (auto& id : ids) w.wait_reply(id);
  };
  auto t1 = register_user(s, "o1@example.org", "O1"), t2 = register_user(s, "o2@example.org", "O2");
  std::thread a(send_many, t1, 40), b(send_many, t2, 40);
  a.join();
  b.join();
  std::int64_t last_id = 0, last_offset = 0;
  for (int i = 0; i < 80; ++i) {
    auto p = reader.next_push(5s, "chat.message");
    REQUIRE(p);
    CHECK((*p)["offset"].get<std::int64_t>() == last_offset + 1);
    CHECK((*p)["data"]["id"].get<std::int64_t>() > last_id);
    last_offset = (*p)["offset"];
    last_id = (*p)["data"]["id"];
  }
}

TEST_CASE("malformed messages count against the rate limit; HEAD answers without a body", "[hardening]") {
  server s(env{{"FUAR_WS_RATE_PER_S", "1"}, {"FUAR_WS_RATE_BURST", "3"}});
  auto c = ws_client::with_token(s, register_user(s, "junk@example.org", "Junk"));
  for (int i = 0; i < 6; ++i) c.send_raw("not json");
  int limited = 0;
  for (int i = 0; i < 6; ++i) limited += c.wait_reply(nullptr)["error"]["code"] == "rate_limited";
  CHECK(limited >= 2);

  auto head = http_call(s.port(), "HEAD", "/healthz");
  CHECK(head.status == 200);
  CHECK(std::stoi(head.headers["content-length"]) > 0);
  CHECK(head.body.empty());
  auto head_static = http_call(s.port(), "HEAD", "/");
  CHECK(std::stoi(head_static.headers["content-length"]) > 100);
  auto not_allowed = http_call(s.port(), "DELETE", "/api/me", "", {{"X-Fuar-CSRF", "1"}});
  CHECK(not_allowed.status == 405);
  CHECK(not_allowed.headers["allow"] == "GET, HEAD");
}

TEST_CASE("idle HTTP connections cannot use up the node: a connection cap answers 503", "[hardening]") {
  server s(env{{"FUAR_HTTP_MAX_CONNECTIONS", "5"}});
  boost::asio::io_context ioc;
  std::vector<boost::asio::ip::tcp::socket> idle;
  for (int i = 0; i < 5; ++i) {
    idle.emplace_back(ioc);
    idle.back().connect({boost::asio::ip::make_address("127.0.0.1"), s.port()});
  }
  // The five accepted connections are registered on their shards; give the accepts a moment.
  int status = 0;
  for (int i = 0; i < 50 && status != 503; ++i) {
    std::this_thread::sleep_for(20ms);
    try {
      status = http_call(s.port(), "GET", "/healthz").status;
    } catch (const std::exception&) {
      status = 0;
    }
  }
  CHECK(status == 503);
  CHECK(s.running());
  for (auto& sock : idle) sock.close();
  // Once they are gone, requests are served again.
  int ok = 0;
  for (int i = 0; i < 100 && ok != 200; ++i) {
    std::this_thread::sleep_for(20ms);
    ok = http_call(s.port(), "GET", "/healthz").status;
  }
  CHECK(ok == 200);
  CHECK(http_call(s.port(), "GET", "/metrics").body.find("fuar_http_connections_refused_total") != std::string::npos);
}

TEST_CASE("a client that answers no pings is dropped after ws.idle_timeout_ms", "[hardening]") {
  server s(env{{"FUAR_WS_IDLE_TIMEOUT_MS", "1000"}});
  auto silent = ws_client::with_token(s, register_user(s, "silent@example.org", "Silent"));
  auto lively = ws_client::with_token(s, register_user(s, "lively@example.org", "Lively"));
  REQUIRE(silent.command("ping")["ok"] == true);
  // `silent` reads nothing (so answers no ping) for three timeouts; `lively` keeps talking.
  for (int i = 0; i < 15; ++i) {
    std::this_thread::sleep_for(200ms);
    REQUIRE(lively.command("ping")["ok"] == true);
  }
  auto closed = silent.wait_close(5s);
  CHECK(closed.closed);
  CHECK(lively.command("ping")["ok"] == true);
}

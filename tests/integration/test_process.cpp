// The server as a process and as an HTTP service: durability across kill -9, draining on
// SIGTERM, configuration errors, static files, CSRF, login throttling, health and metrics.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "tests/integration/harness.hpp"

using namespace fuar::test;

TEST_CASE("an acknowledged chat message survives kill -9", "[process][durability]") {
  std::string dir = make_temp_dir("fuar-kill");
  std::int64_t booth = 0;
  std::string token;
  std::vector<std::int64_t> acked;
  {
    server s({}, dir);
    s.keep_data();
    booth = s.demo_of("employer").booth_id;
    token = register_user(s, "durable@example.org", "Durable");
    auto c = ws_client::with_token(s, token);
    for (int i = 0; i < 20; ++i) {
      auto r = c.command("chat.send", {{"booth_id", booth}, {"text", "keep me " + std::to_string(i)}});
      REQUIRE(r["ok"] == true);
      acked.push_back(r["data"]["message"]["id"]);
    }
    s.signal(SIGKILL);  // right after the last acknowledgement
    CHECK(s.wait_exit(5s) == 128 + SIGKILL);
  }
  server again({}, dir);
  auto c = ws_client::with_token(again, token);  // the session survived too
  REQUIRE(c.is_open());
  auto h = c.command("chat.history", {{"booth_id", booth}, {"limit", 100}});
  REQUIRE(h["ok"] == true);
  std::vector<std::int64_t> stored;
  for (auto& m : h["data"]["messages"]) stored.push_back(m["id"]);
  CHECK(stored == acked);
}

TEST_CASE("SIGTERM closes WebSockets with 1001 and exits within the limit", "[process][shutdown]") {
  server s(env{{"FUAR_SERVER_SHUTDOWN_TIMEOUT_S", "5"}});
  auto c = ws_client::with_token(s, register_user(s, "term@example.org", "Term"));
  REQUIRE(c.command("subscribe", {{"topic", "fair:1"}})["ok"] == true);
  auto start = std::chrono::steady_clock::now();
  s.signal(SIGTERM);
  auto closed = c.wait_close(6s);
  CHECK(closed.closed);
  CHECK(closed.code == 1001);
  CHECK(s.wait_exit(6s) == 0);
  CHECK(std::chrono::steady_clock::now() - start < 6s);
  CHECK(s.output().find("fuar: stopped") != std::string::npos);
}

TEST_CASE("configuration errors stop start-up and name the key", "[process][config]") {
  std::string dir = make_temp_dir("fuar-cfg");
  std::string file = dir + "/bad.json";
  std::ofstream(file) << "{ // comment\n \"server\": {\"prot\": 1} }\n";
  std::string cmd = std::string(FUAR_BINARY) + " --config " + file + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[512];
  while (auto n = ::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = ::pclose(p);
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(out.find("server.prot") != std::string::npos);

  cmd = "FUAR_WS_MAX_QUEUE_BYTES=lots " + std::string(FUAR_BINARY) + " admin config 2>&1";
  p = ::popen(cmd.c_str(), "r");
  out.clear();
  while (auto n = ::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  status = ::pclose(p);
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(out.find("FUAR_WS_MAX_QUEUE_BYTES") != std::string::npos);
  remove_dir(dir);
}

TEST_CASE("static files: types, ETag, no traversal", "[http][static]") {
  server s;
  auto index = http_call(s.port(), "GET", "/");
  CHECK(index.status == 200);
  CHECK(index.headers["content-type"] == "text/html; charset=utf-8");
  REQUIRE(index.headers.count("etag"));
  auto again = http_call(s.port(), "GET", "/", "", {{"If-None-Match", index.headers["etag"]}});
  CHECK(again.status == 304);
  CHECK(http_call(s.port(), "GET", "/js/client.js").headers["content-type"] == "text/javascript; charset=utf-8");
  for (std::string bad : {"/../CMakeLists.txt", "/..%2fCMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/js/../../README.md",
                          "/js", "/.gitignore", "/js%00.html", "/js\\..\\x"})
    CHECK(http_call(s.port(), "GET", bad).status == 404);
  CHECK(http_call(s.port(), "POST", "/index.html").status == 405);
}

TEST_CASE("auth over HTTP: CSRF, validation, conflicts, throttling", "[http][auth]") {
  server s(env{{"FUAR_AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT", "3"}});
  auto body = nlohmann::json{{"email", "Zeynep@Example.org"}, {"password", "long enough"}, {"name", "Zeynep"}}.dump();
  auto no_csrf = http_call(s.port(), "POST", "/api/auth/register", body);
  CHECK(no_csrf.status == 403);
  CHECK(no_csrf.body_json()["error"]["code"] == "csrf");
  auto foreign = http_call(s.port(), "POST", "/api/auth/register", body, {{"X-Fuar-CSRF", "1"}, {"Origin", "http://evil.example"}});
  CHECK(foreign.status == 403);

  auto ok = http_call(s.port(), "POST", "/api/auth/register", body, {{"X-Fuar-CSRF", "1"}, {"Origin", s.origin()}});
  REQUIRE(ok.status == 201);
  CHECK(ok.body_json()["user"]["email"] == "zeynep@example.org");
  auto cookie = ok.headers["set-cookie"];
  CHECK(cookie.find("HttpOnly") != std::string::npos);
  CHECK(cookie.find("SameSite=Lax") != std::string::npos);
  CHECK(ok.body_json()["token"].get<std::string>().size() >= 22);  // >= 128 bits

  auto dup = http_call(s.port(), "POST", "/api/auth/register", body, {{"X-Fuar-CSRF", "1"}});
  CHECK(dup.status == 409);
  auto short_pw = http_call(s.port(), "POST", "/api/auth/register",
                            nlohmann::json{{"email", "x@example.org"}, {"password", "short"}, {"name", "X"}}.dump(),
                            {{"X-Fuar-CSRF", "1"}});
  CHECK(short_pw.status == 400);
  CHECK(short_pw.body_json()["error"]["field"] == "password");
  auto garbage = http_call(s.port(), "POST", "/api/auth/login", "[[[[", {{"X-Fuar-CSRF", "1"}});
  CHECK(garbage.status == 400);

  auto wrong = nlohmann::json{{"email", "zeynep@example.org"}, {"password", "wrong password"}}.dump();
  for (int i = 0; i < 3; ++i) CHECK(http_call(s.port(), "POST", "/api/auth/login", wrong, {{"X-Fuar-CSRF", "1"}}).status == 401);
  auto limited = http_call(s.port(), "POST", "/api/auth/login", wrong, {{"X-Fuar-CSRF", "1"}});
  CHECK(limited.status == 429);
  CHECK(std::stoi(limited.headers["retry-after"]) > 0);
  // Even the right password waits out the lock: the throttle is per account.
  auto right = nlohmann::json{{"email", "zeynep@example.org"}, {"password", "long enough"}}.dump();
  CHECK(http_call(s.port(), "POST", "/api/auth/login", right, {{"X-Fuar-CSRF", "1"}}).status == 429);

  auto me = http_call(s.port(), "GET", "/api/me", "", {{"Authorization", "Bearer " + ok.body_json()["token"].get<std::string>()}});
  CHECK(me.status == 200);
  CHECK(me.body_json()["user"]["name"] == "Zeynep");
  CHECK(http_call(s.port(), "GET", "/api/me").status == 401);

  auto big = http_call(s.port(), "POST", "/api/auth/login", std::string(70000, ' '), {{"X-Fuar-CSRF", "1"}});
  CHECK(big.status == 413);
  // Far more than the socket buffers hold: the client must still receive the 413, not a reset
  // (the server drains what it will not read before closing).
  auto huge = http_call(s.port(), "POST", "/api/auth/login", std::string(24 << 20, ' '), {{"X-Fuar-CSRF", "1"}});
  CHECK(huge.status == 413);
}

TEST_CASE("fairs, health and metrics", "[http]") {
  server s;
  auto fairs = http_call(s.port(), "GET", "/api/fairs").body_json();
  REQUIRE(fairs["fairs"].size() == 1);
  CHECK(fairs["fairs"][0]["demo"] == true);
  auto fair = http_call(s.port(), "GET", "/api/fairs/1").body_json();
  CHECK(fair["booths"].size() == 4);
  CHECK(http_call(s.port(), "GET", "/api/fairs/999").status == 404);
  CHECK(http_call(s.port(), "GET", "/api/fairs/abc").status == 404);

  auto health = http_call(s.port(), "GET", "/healthz");
  CHECK(health.status == 200);
  CHECK(health.body_json()["store"] == "ok");
  auto metrics = http_call(s.port(), "GET", "/metrics");
  CHECK(metrics.headers["content-type"].find("text/plain") == 0);
  for (auto name : {"fuar_open_connections", "fuar_ws_upgrades_total", "fuar_messages_in_total",
                    "fuar_bytes_out_total", "fuar_slow_client_closes_total", "fuar_handshake_rejected_total",
                    "fuar_delivery_latency_seconds_bucket", "fuar_store_latency_seconds_count"})
    CHECK(metrics.body.find(name) != std::string::npos);
}

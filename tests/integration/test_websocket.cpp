// WebSocket behaviour of the real server: handshake refusals, limits, bad input, slow
// clients, recovery, presence, logout.
#include <signal.h>

#include <catch2/catch.hpp>

#include "tests/integration/harness.hpp"

using namespace fuar::test;

namespace {

std::string booth_topic(const server& s) { return "booth:" + std::to_string(s.demo_of("employer").booth_id); }
std::int64_t booth_id(const server& s) { return s.demo_of("employer").booth_id; }

}  // namespace

TEST_CASE("upgrades without a session or from a foreign origin are refused", "[ws]") {
  server s;
  auto token = register_user(s, "ayse@example.org", "Ayşe");

  ws_client anon(s.port(), {{"Origin", s.origin()}});
  CHECK_FALSE(anon.is_open());
  CHECK(anon.refused_status() == 401);

  ws_client foreign(s.port(), {{"Cookie", "fuar_session=" + token}, {"Origin", "http://evil.example"}});
  CHECK_FALSE(foreign.is_open());
  CHECK(foreign.refused_status() == 403);

  ws_client no_origin_cookie(s.port(), {{"Cookie", "fuar_session=" + token}});
  CHECK_FALSE(no_origin_cookie.is_open());
  CHECK(no_origin_cookie.refused_status() == 403);

  ws_client bad_token(s.port(), {{"Cookie", "fuar_session=not-a-token"}, {"Origin", s.origin()}});
  CHECK(bad_token.refused_status() == 401);

  // A non-browser client with a bearer token may omit Origin (ws.allow_missing_origin_with_bearer).
  ws_client bearer(s.port(), {{"Authorization", "Bearer " + token}});
  REQUIRE(bearer.is_open());
  CHECK(bearer.command("hello")["data"]["user"]["email"] == "ayse@example.org");

  auto metrics = http_call(s.port(), "GET", "/metrics").body;
  CHECK(metrics.find("fuar_handshake_rejected_total{reason=\"origin\"} 2") != std::string::npos);
  CHECK(metrics.find("fuar_handshake_rejected_total{reason=\"unauthenticated\"} 2") != std::string::npos);
}

TEST_CASE("bad input gets an error reply and the connection stays open", "[ws]") {
  server s;
  auto c = ws_client::with_token(s, register_user(s, "a@example.org", "A"));
  REQUIRE(c.is_open());

  c.send_raw("{not json");
  auto r = c.wait_reply(nullptr);
  CHECK(r["ok"] == false);
  CHECK(r["error"]["code"] == "malformed");

  std::string deep(40, '[');
  deep += std::string(40, ']');
  c.send_raw(R"({"id":"deep","type":"ping","data":{"x":)" + deep + "}}");
  r = c.wait_reply(nullptr);
  CHECK(r["error"]["code"] == "malformed");
  CHECK(r["error"]["message"].get<std::string>().find("nested") != std::string::npos);

  r = c.command("no.such.thing");
  CHECK(r["error"]["code"] == "unknown_type");

  r = c.command("chat.send", {{"booth_id", "three"}, {"text", "hi"}});
  CHECK(r["error"]["code"] == "invalid");
  CHECK(r["error"]["field"] == "data.booth_id");

  r = c.command("chat.send", {{"booth_id", booth_id(s)}, {"text", std::string(2001, 'x')}});
  CHECK(r["error"]["field"] == "data.text");

  r = c.command("subscribe", {{"topic", "secret:1"}});
  CHECK(r["error"]["code"] == "invalid");

  r = c.command("subscribe", {{"topic", "booth:999999"}});
  CHECK(r["error"]["code"] == "not_found");

  // Nothing above changed anything: the booth chat is still empty, and the socket still works.
  r = c.command("chat.history", {{"booth_id", booth_id(s)}});
  CHECK(r["data"]["messages"].empty());
  CHECK(c.command("ping")["ok"] == true);
}

TEST_CASE("a message over the size limit closes the connection with 1009", "[ws]") {
  server s(env{{"FUAR_WS_MAX_MESSAGE_BYTES", "4096"}});
  auto c = ws_client::with_token(s, register_user(s, "big@example.org", "Big"));
  REQUIRE(c.is_open());
  std::string big(5000, ' ');
  big += "{}";
  c.send_raw(big);
  auto closed = c.wait_close();
  CHECK(closed.closed);
  CHECK(closed.code == 1009);
}

TEST_CASE("commands over the rate limit are refused with retry_after", "[ws]") {
  server s(env{{"FUAR_WS_RATE_PER_S", "1"}, {"FUAR_WS_RATE_BURST", "3"}});
  auto c = ws_client::with_token(s, register_user(s, "fast@example.org", "Fast"));
  std::vector<nlohmann::json> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(c.send_command("ping"));
  int limited = 0;
  for (auto& id : ids) {
    auto r = c.wait_reply(id);
    if (r["ok"] == false) {
      CHECK(r["error"]["code"] == "rate_limited");
      CHECK(r["error"]["retry_after"] == 1);
      ++limited;
    }
  }
  CHECK(limited >= 2);
  CHECK(c.is_open());
}

TEST_CASE("chat is delivered live, in order, once; history pages back", "[ws][chat]") {
  server s;
  auto& rec = s.demo_of("employer");
  auto a = ws_client::with_token(s, register_user(s, "js@example.org", "Jobseeker"));
  auto b = ws_client::with_token(s, login(s, rec.email, rec.password));
  auto topic = booth_topic(s);
  REQUIRE(a.command("subscribe", {{"topic", topic}})["ok"] == true);
  REQUIRE(b.command("subscribe", {{"topic", topic}})["ok"] == true);

  for (int i = 1; i <= 5; ++i) {
    auto r = a.command("chat.send", {{"booth_id", rec.booth_id}, {"text", "  message " + std::to_string(i) + " "}});
    REQUIRE(r["ok"] == true);
    CHECK(r["data"]["message"]["text"] == "message " + std::to_string(i));  // trimmed
  }
  std::int64_t last = 0;
  for (int i = 1; i <= 5; ++i) {
    auto p = b.next_push(5s, "chat.message");
    REQUIRE(p);
    CHECK((*p)["topic"] == topic);
    CHECK((*p)["data"]["text"] == "message " + std::to_string(i));
    CHECK((*p)["data"]["user"]["name"] == "Jobseeker");
    CHECK((*p)["offset"].get<std::int64_t>() == last + 1);
    last = (*p)["offset"];
  }
  // The same nonce twice stores and publishes once.
  auto first = a.command("chat.send", {{"booth_id", rec.booth_id}, {"text", "once"}, {"nonce", "n-1"}});
  auto again = a.command("chat.send", {{"booth_id", rec.booth_id}, {"text", "once"}, {"nonce", "n-1"}});
  CHECK(first["data"]["message"]["id"] == again["data"]["message"]["id"]);
  REQUIRE(b.next_push(5s, "chat.message"));
  CHECK_FALSE(b.next_push(1500ms, "chat.message"));

  auto h = a.command("chat.history", {{"booth_id", rec.booth_id}, {"limit", 4}});
  REQUIRE(h["data"]["messages"].size() == 4);
  CHECK(h["data"]["has_more"] == true);
  CHECK(h["data"]["messages"][3]["text"] == "once");
  auto older = a.command("chat.history", {{"booth_id", rec.booth_id}, {"before", h["data"]["messages"][0]["id"]}});
  CHECK(older["data"]["messages"].size() == 2);
  CHECK(older["data"]["has_more"] == false);
}

TEST_CASE("a reconnecting client recovers missed pushes in order, or is told it cannot", "[ws][recovery]") {
  server s(env{{"FUAR_BROKER_HISTORY_SIZE", "5"}});
  auto id = booth_id(s);
  auto topic = booth_topic(s);
  auto token = register_user(s, "r@example.org", "Reader");
  auto writer = ws_client::with_token(s, register_user(s, "w@example.org", "Writer"));

  auto reader = ws_client::with_token(s, token);
  auto sub = reader.command("subscribe", {{"topic", topic}});
  REQUIRE(sub["ok"] == true);
  CHECK_FALSE(sub["data"].contains("recovered"));
  std::string epoch = sub["data"]["epoch"];
  std::int64_t offset = sub["data"]["offset"];
  writer.command("chat.send", {{"booth_id", id}, {"text", "seen"}});
  auto seen = reader.next_push(5s, "chat.message");
  REQUIRE(seen);
  offset = (*seen)["offset"];
  reader.close();

  for (int i = 1; i <= 3; ++i) writer.command("chat.send", {{"booth_id", id}, {"text", "missed " + std::to_string(i)}});

  auto back = ws_client::with_token(s, token);
  auto rec = back.command("subscribe", {{"topic", topic}, {"since", {{"epoch", epoch}, {"offset", offset}}}});
  REQUIRE(rec["ok"] == true);
  CHECK(rec["data"]["recovered"] == true);
  auto& pubs = rec["data"]["publications"];
  REQUIRE(pubs.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(pubs[i]["offset"] == offset + 1 + i);
    CHECK(pubs[i]["data"]["text"] == "missed " + std::to_string(i + 1));
  }
  // Live pushes continue right after, none repeated.
  writer.command("chat.send", {{"booth_id", id}, {"text", "live"}});
  auto live = back.next_push(5s, "chat.message");
  REQUIRE(live);
  CHECK((*live)["offset"] == offset + 4);
  CHECK((*live)["data"]["text"] == "live");
  CHECK_FALSE(back.next_push(1s, "chat.message"));
  auto top = rec["data"]["offset"].get<std::int64_t>();
  back.close();

  // Past the window (history keeps 5): recovered false, and the current position to go on from.
  for (int i = 0; i < 7; ++i) writer.command("chat.send", {{"booth_id", id}, {"text", "flood"}});
  auto late = ws_client::with_token(s, token);
  auto lost = late.command("subscribe", {{"topic", topic}, {"since", {{"epoch", epoch}, {"offset", top}}}});
  CHECK(lost["data"]["recovered"] == false);
  CHECK(lost["data"]["publications"].empty());
  CHECK(lost["data"]["offset"] == top + 1 + 7);

  auto wrong_epoch = ws_client::with_token(s, token);
  auto r = wrong_epoch.command("subscribe", {{"topic", topic}, {"since", {{"epoch", "other"}, {"offset", 1}}}});
  CHECK(r["data"]["recovered"] == false);
}

TEST_CASE("a client that stops reading is closed as slow; others keep receiving; memory stays bounded", "[ws][slow]") {
  // Rate limits (per connection and the chat's per user) out of the way: 3000 sends in seconds.
  server s(env{{"FUAR_WS_MAX_QUEUE_BYTES", "65536"}, {"FUAR_WS_RATE_PER_S", "100000"}, {"FUAR_WS_RATE_BURST", "100000"},
               {"FUAR_CHAT_MESSAGES_PER_MIN", "100000"}, {"FUAR_CHAT_BURST", "100000"}});
  auto id = booth_id(s);
  auto topic = booth_topic(s);
  // The stalled client asks for a tiny receive buffer so the server's queue fills sooner.
  ws_client stalled(s.port(), {{"Cookie", "fuar_session=" + register_user(s, "slow@example.org", "Slow")}, {"Origin", s.origin()}}, 4096);
  REQUIRE(stalled.command("subscribe", {{"topic", topic}})["ok"] == true);
  auto healthy = ws_client::with_token(s, register_user(s, "ok@example.org", "Ok"));
  REQUIRE(healthy.command("subscribe", {{"topic", topic}})["ok"] == true);
  auto writer = ws_client::with_token(s, register_user(s, "pub@example.org", "Pub"));

  long rss_before = s.rss_kb();
  const int total = 3000;           // 3000 x ~2 KB = ~6 MB through the topic
  const std::string text(1900, 'x');
  int received = 0;
  // Batches of 20: the writer's own unread replies (~2 KB each) must stay under its 64 KiB
  // queue, or the server would rightly close the writer as slow too.
  for (int batch = 0; batch < total / 20; ++batch) {
    std::vector<nlohmann::json> ids;
    for (int i = 0; i < 20; ++i) ids.push_back(writer.send_command("chat.send", {{"booth_id", id}, {"text", text}}));
    for (auto& rid : ids) REQUIRE(writer.wait_reply(rid)["ok"] == true);
    for (int i = 0; i < 20; ++i) {
      auto p = healthy.next_push(10s, "chat.message");
      REQUIRE(p);
      ++received;
    }
  }
  CHECK(received == total);
  long rss_after = s.rss_kb();
  // An unbounded queue would hold ~6 MB for the stalled client; the bound is 64 KiB.
  CHECK(rss_after - rss_before < 4 * 1024);

  auto closed = stalled.wait_close(10s);
  CHECK(closed.closed);
  if (closed.code != 0) CHECK(closed.code == 4000);  // 0: cut while a write was stuck
  auto metrics = http_call(s.port(), "GET", "/metrics").body;
  CHECK(metrics.find("fuar_slow_client_closes_total 1") != std::string::npos);
}

TEST_CASE("presence counts distinct users and is pushed to the topic", "[ws][presence]") {
  server s(env{{"FUAR_PRESENCE_PUSH_INTERVAL_MS", "100"}});
  auto t1 = register_user(s, "p1@example.org", "P1");
  auto a = ws_client::with_token(s, t1);
  auto a2 = ws_client::with_token(s, t1);  // the same user on a second socket
  auto b = ws_client::with_token(s, register_user(s, "p2@example.org", "P2"));
  REQUIRE(a.command("subscribe", {{"topic", "fair:1"}})["ok"] == true);
  REQUIRE(a2.command("subscribe", {{"topic", "fair:1"}})["ok"] == true);
  REQUIRE(b.command("subscribe", {{"topic", "fair:1"}})["ok"] == true);

  auto p = a.command("presence.get", {{"topic", "fair:1"}});
  CHECK(p["data"]["count"] == 2);
  CHECK(p["data"]["by_role"]["jobseeker"] == 2);
  CHECK_FALSE(p["data"].contains("members"));  // jobseekers see counts only

  // Pushes are throttled; wait for one that shows the count going down after b leaves.
  b.close();
  bool saw_one = false;
  for (int i = 0; i < 30 && !saw_one; ++i) {
    auto push = a.next_push(2s, "presence");
    REQUIRE(push);
    CHECK_FALSE(push->contains("offset"));  // ephemeral
    saw_one = (*push)["data"]["count"] == 1;
  }
  CHECK(saw_one);

  auto org = s.demo_of("organiser");
  auto o = ws_client::with_token(s, login(s, org.email, org.password));
  REQUIRE(o.command("subscribe", {{"topic", "fair:1"}})["ok"] == true);
  auto members = o.command("presence.get", {{"topic", "fair:1"}});
  CHECK(members["data"]["count"] == 2);
  CHECK(members["data"]["members"].size() == 2);
}

TEST_CASE("logout closes that session's sockets with 4100; per-user limit", "[ws][auth]") {
  server s(env{{"FUAR_WS_MAX_CONNECTIONS_PER_USER", "2"}});
  auto token = register_user(s, "out@example.org", "Out");
  auto c1 = ws_client::with_token(s, token);
  auto c2 = ws_client::with_token(s, token);
  REQUIRE(c1.is_open());
  REQUIRE(c2.is_open());
  auto c3 = ws_client::with_token(s, token);
  CHECK(c3.refused_status() == 429);

  auto r = http_call(s.port(), "POST", "/api/auth/logout", "", {{"Cookie", "fuar_session=" + token}, {"X-Fuar-CSRF", "1"}});
  CHECK(r.status == 204);
  CHECK(c1.wait_close().code == 4100);
  CHECK(c2.wait_close().code == 4100);
  auto again = ws_client::with_token(s, token);
  CHECK(again.refused_status() == 401);
}

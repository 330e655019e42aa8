#pragma once
// Helpers for the live-capability tests (chat, presence, queue, room, slot): a signed-in
// WebSocket with checked commands and filtered pushes, and the same checks for a bare ws_client.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tests/integration/harness.hpp"
#include "tests/integration/world.hpp"

namespace fuar::test {

inline std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The reply's data; fails the test (showing the reply) when it is an error.
inline nlohmann::json ok(const nlohmann::json& reply) {
  CAPTURE(reply.dump());
  REQUIRE(reply["ok"] == true);
  return reply["data"];
}

// The reply's error code; fails the test when the command succeeded.
inline std::string err(const nlohmann::json& reply) {
  CAPTURE(reply.dump());
  REQUIRE(reply["ok"] == false);
  return reply["error"]["code"].get<std::string>();
}

// (ws_client cannot move: the caller checks is_open through the first command's reply.)
inline ws_client connect(const server& s, const authz_world& w, const std::string& name) {
  return ws_client::with_token(s, actor(w, name).token);
}

// A jobseeker registered on the spot, as a world actor.
inline authz_actor extra_jobseeker(const server& s, const std::string& email, const std::string& name) {
  auto token = register_user(s, email, name);
  auto me = http_call(s.port(), "GET", "/api/me", "", bearer(token)).body_json();
  return {name, token, me["user"]["id"].get<std::int64_t>()};
}

inline void subscribe(ws_client& ws, const std::string& topic) { ok(ws.command("subscribe", {{"topic", topic}})); }

// A signed-in WebSocket of one world actor, subscribed to `topics`.
struct live {
  ws_client ws;
  std::int64_t id;

  live(const server& s, const authz_actor& a, const std::vector<std::string>& topics = {})
      : ws(ws_client::with_token(s, a.token)), id(a.user_id) {
    REQUIRE(ws.is_open());
    for (const auto& t : topics) sub(t);
  }
  void sub(const std::string& topic) {
    auto r = ws.command("subscribe", {{"topic", topic}});
    INFO("subscribe " << topic << " -> " << r.dump());
    REQUIRE(r["ok"] == true);
  }
  void unsub(const std::string& topic) { REQUIRE(ws.command("unsubscribe", {{"topic", topic}})["ok"] == true); }
  // The data of a command that must succeed.
  nlohmann::json ok(const std::string& type, const nlohmann::json& data = nlohmann::json::object()) {
    auto r = ws.command(type, data);
    INFO(type << " " << data.dump() << " -> " << r.dump());
    REQUIRE(r["ok"] == true);
    return r["data"];
  }
  // The error object of a command that must fail.
  nlohmann::json error(const std::string& type, const nlohmann::json& data = nlohmann::json::object()) {
    auto r = ws.command(type, data);
    INFO(type << " " << data.dump() << " -> " << r.dump());
    REQUIRE(r["ok"] == false);
    return r["error"];
  }
  // The data of the next push of `event` that satisfies `pred` (others are skipped); nullopt
  // on timeout.
  std::optional<nlohmann::json> push(const std::string& event, const std::function<bool(const nlohmann::json&)>& pred = {},
                                     std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      auto p = ws.next_push(left, event);
      if (!p) return std::nullopt;
      if (!pred || pred((*p)["data"])) return (*p)["data"];
    }
  }
};

}  // namespace fuar::test

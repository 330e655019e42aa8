// Unit tests for fuar::api::policy: topic names and the policy table's shape. (The ownership
// checks that need a store are exercised by the integration tests.)
#include "server/api/policy.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

namespace {

using namespace fuar::api::policy;

}  // namespace

TEST_CASE("policy: parse_topic accepts fair:{id} and booth:{id}", "[policy]") {
  auto f = parse_topic("fair:1");
  REQUIRE(f.has_value());
  CHECK(f->kind == topic_kind::fair);
  CHECK(f->id == 1);

  auto b = parse_topic("booth:42");
  REQUIRE(b.has_value());
  CHECK(b->kind == topic_kind::booth);
  CHECK(b->id == 42);

  auto big = parse_topic("booth:999999999999999999");  // 18 digits
  REQUIRE(big.has_value());
  CHECK(big->id == 999999999999999999LL);
  auto ten = parse_topic("fair:10");
  REQUIRE(ten.has_value());
  CHECK(ten->id == 10);
}

TEST_CASE("policy: parse_topic rejects anything else", "[policy]") {
  for (std::string t : {"fair:", "fair:0", "fair:01", "fair:-1", "fair:1x", "chat:1",
                        "booth:99999999999999999999", "", "fair", "fair1", ":1", "Fair:1",
                        "fair:+1", "fair: 1", "fair:1 ", " fair:1", "fair:1:2", "booth:0x1f",
                        "booth:9223372036854775808", "fair::1", "booth"}) {
    CAPTURE(t);
    CHECK_FALSE(parse_topic(t).has_value());
  }
  CHECK_FALSE(parse_topic(std::string("fair:1\0", 7)).has_value());
}

TEST_CASE("policy: every row in the table has a unique, non-empty action", "[policy]") {
  std::set<std::string> seen;
  REQUIRE_FALSE(table().empty());
  for (const auto& r : table()) {
    CAPTURE(r.action);
    CHECK_FALSE(r.action.empty());
    CHECK_FALSE(r.ownership.empty());
    CHECK(seen.insert(std::string(r.action)).second);
  }
  CHECK(seen.size() == table().size());
}

TEST_CASE("policy: find() returns the row for an action, null otherwise", "[policy]") {
  for (const auto& r : table()) {
    CAPTURE(r.action);
    const rule* found = find(r.action);
    REQUIRE(found != nullptr);
    CHECK(found == &r);
    CHECK(found->action == r.action);
  }
  const rule* send = find("ws chat.send");
  REQUIRE(send != nullptr);
  CHECK(send->who == audience::signed_in);
  const rule* login = find("POST /api/auth/login");
  REQUIRE(login != nullptr);
  CHECK(login->who == audience::anyone);
  CHECK(find("ws chat.delete") == nullptr);
  CHECK(find("") == nullptr);
  CHECK(find("ws chat.send ") == nullptr);
  CHECK(find("WS chat.send") == nullptr);
}

TEST_CASE("policy: every WebSocket command requires a session", "[policy]") {
  for (const auto& r : table()) {
    if (r.action.substr(0, 3) != "ws ") continue;
    CAPTURE(r.action);
    CHECK(r.who == audience::signed_in);
  }
}

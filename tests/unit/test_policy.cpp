// Unit tests for fuar::api::policy: topic names and audiences. (The rows carrying the policy are
// test_tables.cpp; the ownership checks that need a store are exercised by the integration
// tests.)
#include "server/contract/policy.hpp"

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

TEST_CASE("policy: an audience admits the roles it names", "[policy]") {
  using fuar::api::audience;
  using fuar::store::role;
  for (auto r : {role::jobseeker, role::employer, role::organiser}) {
    CHECK(admits(audience::anyone, r));
    CHECK(admits(audience::signed_in, r));
    CHECK(admits(audience::jobseeker, r) == (r == role::jobseeker));
    CHECK(admits(audience::employer, r) == (r == role::employer));
    CHECK(admits(audience::organiser, r) == (r == role::organiser));
  }
  CHECK(to_string(audience::signed_in) == "signed_in");
  CHECK(article_name(audience::employer) == "an employer");
}

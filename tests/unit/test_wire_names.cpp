// The shared vocabulary of the wire, each in one header: topic names (protocol/topics.hpp),
// statuses (protocol/status.hpp) and close codes (protocol/close_codes.hpp, generated with the
// browser's copy). These tests hold the builders and the parser together, the statuses to their
// strings, and the browser's topic builders to the server's kinds.
#include "protocol/topics.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "protocol/close_codes.hpp"
#include "protocol/status.hpp"

using namespace fuar::protocol;

TEST_CASE("topics: every builder's name parses back to its kind and id", "[protocol][topics]") {
  struct {
    std::string name;
    topic_kind kind;
  } cases[] = {{fair_topic(12), topic_kind::fair},   {booth_topic(7), topic_kind::booth},
               {user_topic(5), topic_kind::user},    {staff_topic(7), topic_kind::staff},
               {room_topic(3), topic_kind::room}};
  CHECK(cases[0].name == "fair:12");
  CHECK(cases[3].name == "staff:7");
  std::set<topic_kind> seen;
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto r = parse_topic(c.name);
    REQUIRE(r);
    CHECK(r->kind == c.kind);
    CHECK(topic_name(*r) == c.name);
    seen.insert(c.kind);
  }
  CHECK(seen.size() == topic_kinds().size());  // a builder for every kind
  CHECK(parse_topic("booth:9223372036854775807")->id == INT64_MAX);
  for (const char* bad : {"", "fair", "fair:", "fair:0", "fair:07", "fair:-1", "fair:1x", "fair:+1", "hall:1",
                          "Fair:1", "node:control", "booth:9223372036854775808", "fair:1:2"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_topic(bad));
  }
}

TEST_CASE("topics: the browser builds the same kinds of topic", "[protocol][topics][sync]") {
  const std::string file = std::string(FUAR_SOURCE_DIR) + "/web-static/js/protocol.js";
  std::ifstream in(file, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string js = ss.str();
  auto b = js.find("export const topic = Object.freeze({");
  REQUIRE(b != std::string::npos);
  auto e = js.find("});", b);
  REQUIRE(e != std::string::npos);
  const std::string body = js.substr(b, e - b);
  // "  booth: (id) => `booth:${id}`," — the key and the prefix it builds must agree.
  static const std::regex entry(R"((\w+): \(\w+\) => `(\w+):\$\{\w+\}`)");
  std::set<std::string> js_kinds;
  for (auto it = std::sregex_iterator(body.begin(), body.end(), entry); it != std::sregex_iterator(); ++it) {
    CHECK((*it)[1].str() == (*it)[2].str());
    js_kinds.insert((*it)[2].str());
  }
  std::set<std::string> cpp_kinds;
  for (auto k : topic_kinds()) cpp_kinds.emplace(to_string(k));
  CHECK(js_kinds == cpp_kinds);
}

TEST_CASE("statuses: each value has its wire string and back", "[protocol][status]") {
  CHECK(to_string(fair_status::draft) == "draft");
  CHECK(to_string(fair_status::closed) == "closed");
  CHECK(to_string(place_status::no_show) == "no_show");
  CHECK(to_string(application_status::rejected) == "rejected");
  CHECK(from_string<booking_status>("cancelled") == booking_status::cancelled);
  CHECK(from_string<room_status>("ended") == room_status::ended);
  CHECK_FALSE(from_string<fair_status>("Draft"));
  CHECK_FALSE(from_string<fair_status>(""));
  CHECK_FALSE(from_string<slot_status>("booked"));
  for (auto s : {report_status::open, report_status::deleted, report_status::dismissed})
    CHECK(from_string<report_status>(to_string(s)) == s);
  for (int i = 0; i < 7; ++i) {
    auto s = static_cast<application_status>(i);
    CHECK(from_string<application_status>(to_string(s)) == s);
  }
  // Comparing a stored string with a status, as the handlers do.
  const std::string stored = "waiting";
  CHECK(stored == place_status::waiting);
  CHECK(stored != place_status::called);
  CHECK(place_status::waiting == stored);
  static_assert(to_string(queue_status::open) == "open");
}

TEST_CASE("close codes: the documented values and ranges", "[protocol][close]") {
  CHECK(close_code::normal == 1000);
  CHECK(close_code::going_away == 1001);
  CHECK(close_code::too_big == 1009);
  CHECK(close_code::slow == 4000);  // 4000–4099: reconnect
  CHECK(close_code::session_ended == 4100);  // 4100–4199: log in again
  CHECK(close_code::account_deleted == 4101);
  CHECK(close_code::banned == 4200);  // 4200–4299: give up
}

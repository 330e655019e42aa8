// Unit tests for the route table and its helpers (server/contract/routes.hpp).
#include "server/contract/routes.hpp"
#include "server/app/capabilities.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace fuar::api;

TEST_CASE("routes: every row is well formed", "[routes]") {
  std::set<std::string> seen;
  for (const auto& r : fuar::app::capability_tables().routes()) {
    std::string action = std::string(r.method) + " " + std::string(r.pattern);
    CAPTURE(action);
    CHECK(seen.insert(action).second);                    // one row per method and pattern
    CHECK_FALSE(r.ownership.empty());                      // the rule is written down
    CHECK((r.handler != nullptr) != (r.on_shard != nullptr));  // one way to run it
    if (r.on_shard) CHECK(r.who == audience::anyone);       // nobody is looked up for it
    // Only what the net layer hands the API: /api/..., /healthz, /metrics.
    CHECK((r.pattern.substr(0, 5) == "/api/" || r.pattern == "/healthz" || r.pattern == "/metrics"));
    CHECK(std::set<std::string_view>{"GET", "POST", "PUT", "PATCH", "DELETE"}.count(r.method) == 1);
    if (r.method == "GET") CHECK(r.body == body_kind::none);
    if (r.body != body_kind::raw) CHECK(r.max_body == 0);
    // Every {…} segment is {id}: the matcher knows no other parameter.
    for (std::size_t i = r.pattern.find('{'); i != std::string_view::npos; i = r.pattern.find('{', i + 1))
      CHECK(r.pattern.substr(i, 4) == "{id}");
  }
}

TEST_CASE("routes: match_pattern takes positive decimal ids only", "[routes]") {
  std::vector<std::int64_t> ids;
  CHECK(match_pattern("/api/fairs/{id}/booths", "/api/fairs/12/booths", ids));
  CHECK(ids == std::vector<std::int64_t>{12});
  CHECK(match_pattern("/api/booths/{id}/members/{id}", "/api/booths/3/members/7", ids));
  CHECK(ids == std::vector<std::int64_t>{3, 7});
  CHECK(match_pattern("/api/me/cvs", "/api/me/cvs", ids));
  CHECK(ids.empty());
  for (std::string p : {"/api/fairs/0/booths", "/api/fairs/01/booths", "/api/fairs/-1/booths", "/api/fairs/x/booths",
                        "/api/fairs/1/booths/", "/api/fairs/1", "/api/fairs//booths", "/api/fairs/1/booths/2",
                        "/api/fairs/99999999999999999999/booths", "/api/fairs/1%32/booths", "/api/fairs/+1/booths"}) {
    CAPTURE(p);
    CHECK_FALSE(match_pattern("/api/fairs/{id}/booths", p, ids));
  }
  CHECK_FALSE(match_pattern("/api/me/cvs", "/api/me/cvsx", ids));
  CHECK_FALSE(match_pattern("/api/me/cvs", "/api/me", ids));
}

TEST_CASE("routes: query strings are decoded, malformed escapes refused", "[routes]") {
  auto q = parse_query("name=cv%20final.pdf&q=kayna%C4%9F%C4%B1&flag&empty=&a=1&a=2&x+y=z+w");
  CHECK(q["name"] == "cv final.pdf");
  CHECK(q["q"] == "kaynağı");
  CHECK(q["flag"].empty());
  CHECK(q.count("empty") == 1);
  CHECK(q["a"] == "2");
  CHECK(q["x y"] == "z w");
  CHECK(parse_query("").empty());
  for (std::string bad : {"a=%", "a=%4", "a=%zz", "%g0=1"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_query(bad), failure);
  }
  CHECK(url_decode("%41%42") == std::optional<std::string>("AB"));
  CHECK_FALSE(url_decode("%4").has_value());
}

TEST_CASE("routes: field validators name the field and refuse bad values", "[routes]") {
  auto body = nlohmann::json::parse(R"J({"title":"  Fuar  ","n":5,"big":18446744073709551615,"b":true,
    "kind":"remote","site":"https://x.example/a","bad":"javascript:alert(1)","ctl":"a\u0001b",
    "lines":"a\nb","nul":null})J");
  CHECK(field::text(body, "title", 1, 10) == "Fuar");
  CHECK(field::integer(body, "n", 1, 10) == 5);
  CHECK(field::boolean(body, "b"));
  CHECK(field::url(body, "site") == "https://x.example/a");
  CHECK(field::multiline(body, "lines", 10) == "a\nb");
  CHECK(field::text(body, "absent", 1, 10, false, "dflt") == "dflt");
  constexpr std::string_view modes[] = {"onsite", "remote"};
  CHECK(field::one_of(body, "kind", modes) == "remote");
  auto refused = [&](auto fn, const char* name) {
    try {
      fn();
      FAIL("accepted " << name);
    } catch (const failure& f) {
      CHECK(f.err.code == fuar::protocol::error_code::invalid);
      CHECK(f.err.field == name);
    }
  };
  refused([&] { field::text(body, "title", 5, 10); }, "title");
  refused([&] { field::text(body, "absent", 1, 10); }, "absent");
  refused([&] { field::text(body, "ctl", 1, 10); }, "ctl");
  refused([&] { field::text(body, "lines", 1, 10); }, "lines");
  refused([&] { field::text(body, "nul", 1, 10, false); }, "nul");
  refused([&] { field::integer(body, "n", 6, 10); }, "n");
  refused([&] { field::integer(body, "big", 0, INT64_MAX); }, "big");
  refused([&] { field::integer(body, "title", 0, 1); }, "title");
  refused([&] { field::boolean(body, "n"); }, "n");
  refused([&] { field::url(body, "bad"); }, "bad");
  refused([&] { field::one_of(body, "title", modes); }, "title");
  CHECK(field::has(body, "n"));
  CHECK_FALSE(field::has(body, "absent"));
}

TEST_CASE("routes: csv_row quotes and neutralises spreadsheet formulas", "[routes]") {
  CHECK(csv_row({"a", "b c", "d"}) == "a,b c,d\r\n");
  CHECK(csv_row({"x,y", "say \"hi\"", "two\nlines"}) == "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
  CHECK(csv_row({"=HYPERLINK(\"http://evil\")", "+1", "-2", "@cmd", "ok"}) ==
        "\"'=HYPERLINK(\"\"http://evil\"\")\",'+1,'-2,'@cmd,ok\r\n");
  CHECK(csv_row({}) == "\r\n");
  CHECK(csv_row({""}) == "\r\n");
}

TEST_CASE("routes: file replies carry a safe download name", "[routes]") {
  auto r = route_reply::file("application/pdf", "x", "../../etc/pass\"wd\r\n.pdf");
  std::string disposition;
  for (auto& [k, v] : r.headers)
    if (k == "Content-Disposition") disposition = v;
  CHECK(disposition == "attachment; filename=\"f.._.._etc_pass_wd__.pdf\"");
}

// The message catalogue is described once, in protocol/catalogue/*.json, and generated into
// protocol/catalogue_table.inc (the C++ tables), web-static/js/protocol.js and the tables of the
// protocol pages (tests/e2e/static.test.mjs runs the generator's --check). These tests fail when
// a generated copy was edited by hand so that the C++ and JavaScript lists disagree, when a
// command's audience or ownership rule differs between its description and its row of the
// command table, and when a documented example does not pass the catalogue's own validation.
// (That every command has exactly one row of the command table is test_tables.cpp.)
#include "protocol/catalogue.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "server/contract/commands.hpp"
#include "server/app/capabilities.hpp"
#include "server/contract/policy.hpp"

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string protocol_js = std::string(FUAR_SOURCE_DIR) + "/web-static/js/protocol.js";

std::vector<std::string> catalogue_commands() {
  std::vector<std::string> out;
  for (const auto& c : fuar::protocol::commands()) out.emplace_back(c.type);
  return out;
}

std::vector<std::string> catalogue_events() {
  std::vector<std::string> out;
  for (const auto& e : fuar::protocol::events()) out.emplace_back(e);
  return out;
}

// Reads the whole file; FAILs (not skips) when it cannot be read.
std::string read_protocol_js() {
  std::ifstream in(protocol_js, std::ios::binary);
  if (!in) FAIL("cannot read " << protocol_js << ": the web client's catalogue copy is missing");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The text between "// BEGIN CATALOGUE" and "// END CATALOGUE".
std::string catalogue_block(const std::string& js) {
  const std::string begin = "// BEGIN CATALOGUE", end = "// END CATALOGUE";
  auto b = js.find(begin);
  if (b == std::string::npos) FAIL(protocol_js << " has no \"" << begin << "\" marker");
  auto e = js.find(end, b);
  if (e == std::string::npos) FAIL(protocol_js << " has no \"" << end << "\" marker after the begin marker");
  // Comment lines inside the block (one per capability, to keep edits apart) are dropped.
  std::istringstream lines(js.substr(b + begin.size(), e - b - begin.size()));
  std::string out, line;
  while (std::getline(lines, line)) {
    auto first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line.compare(first, 2, "//") == 0) continue;
    out += line + "\n";
  }
  return out;
}

// The list after "export const NAME =" in `block`, parsed as a JSON array of strings. The
// closing bracket is found by scanning (strings skipped), so the list may span lines.
std::vector<std::string> exported_list(const std::string& block, const std::string& name) {
  const std::string decl = "export const " + name + " =";
  auto d = block.find(decl);
  if (d == std::string::npos) FAIL("the catalogue block has no \"" << decl << "\"");
  auto open = block.find_first_not_of(" \t\r\n", d + decl.size());
  if (open == std::string::npos || block[open] != '[')
    FAIL(name << " in the catalogue block is not an array literal");
  int depth = 0;
  bool in_string = false, escaped = false;
  std::size_t close = std::string::npos;
  for (std::size_t i = open; i < block.size() && close == std::string::npos; ++i) {
    char c = block[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[') ++depth;
    else if (c == ']' && --depth == 0) close = i;
  }
  if (close == std::string::npos) FAIL(name << " in the catalogue block has no closing ']'");
  std::string literal = block.substr(open, close - open + 1);
  // A trailing comma before the closing bracket is allowed (JavaScript), not in JSON.
  if (auto last = literal.find_last_not_of(" \t\r\n", literal.size() - 2); last != std::string::npos && literal[last] == ',')
    literal.erase(last, 1);
  auto j = nlohmann::json::parse(literal, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_array())
    FAIL(name << " is not a JSON array of double-quoted strings: " << literal);
  std::vector<std::string> out;
  for (const auto& v : j) {
    if (!v.is_string()) FAIL(name << " holds a non-string: " << v.dump());
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

}  // namespace

TEST_CASE("catalogue: the C++ catalogue is well formed", "[catalogue]") {
  auto cmds = catalogue_commands();
  auto evts = catalogue_events();
  CHECK_FALSE(cmds.empty());
  CHECK_FALSE(evts.empty());
  CHECK(as_set(cmds).size() == cmds.size());  // no duplicates
  CHECK(as_set(evts).size() == evts.size());
  for (const auto& c : cmds) {
    CAPTURE(c);
    const auto* spec = fuar::protocol::find_command(c);
    REQUIRE(spec != nullptr);
    CHECK(spec->type == c);
  }
  CHECK(fuar::protocol::find_command("no.such.command") == nullptr);
}

TEST_CASE("catalogue: web-static/js/protocol.js COMMANDS equals the C++ catalogue", "[catalogue][sync]") {
  const auto js_commands = exported_list(catalogue_block(read_protocol_js()), "COMMANDS");
  const auto cpp_commands = catalogue_commands();
  CAPTURE(js_commands, cpp_commands);
  CHECK(as_set(js_commands) == as_set(cpp_commands));
  CHECK(js_commands == cpp_commands);  // same order too
}

TEST_CASE("catalogue: web-static/js/protocol.js EVENTS equals the C++ catalogue", "[catalogue][sync]") {
  const auto js_events = exported_list(catalogue_block(read_protocol_js()), "EVENTS");
  const auto cpp_events = catalogue_events();
  CAPTURE(js_events, cpp_events);
  CHECK(as_set(js_events) == as_set(cpp_events));
  CHECK(js_events == cpp_events);
}

TEST_CASE("catalogue: who may send each command is described as its command table row says", "[catalogue][sync]") {
  // The description (protocol/catalogue/<capability>.json) is what the documentation shows; the
  // row (server/<capability>/commands.cpp) is what the dispatcher and `fuar admin routes` use.
  std::map<std::string, int> seen;
  for (const auto& cap : fuar::app::capability_tables().capabilities()) {
    for (const auto& row : cap.commands) {
      CAPTURE(cap.name, row.type);
      const auto* spec = fuar::protocol::find_command(row.type);
      REQUIRE(spec != nullptr);
      ++seen[std::string(row.type)];
      CHECK(spec->capability == cap.name);
      CHECK(spec->audience == fuar::api::to_string(row.who));
      CHECK(spec->ownership == row.ownership);
    }
  }
  CHECK(seen.size() == fuar::protocol::commands().size());
}

TEST_CASE("catalogue: every documented example passes the catalogue's validation", "[catalogue]") {
  int examples = 0;
  for (const auto& spec : fuar::protocol::commands()) {
    if (spec.example.empty()) continue;
    CAPTURE(spec.type, spec.example);
    ++examples;
    auto data = nlohmann::json::parse(spec.example, nullptr, /*allow_exceptions=*/false);
    REQUIRE_FALSE(data.is_discarded());
    auto e = fuar::protocol::validate(spec, data);
    CHECK_FALSE(e.has_value());
  }
  CHECK(examples >= 2);  // the examples PROTOCOL.md and ws/room.md show
  // And validation still refuses what it should: the example with a field too many.
  const auto* send = fuar::protocol::find_command("chat.send");
  REQUIRE(send != nullptr);
  auto bad = nlohmann::json::parse(send->example);
  bad["extra"] = 1;
  auto e = fuar::protocol::validate(*send, bad);
  REQUIRE(e.has_value());
  CHECK(e->field == "data.extra");
}

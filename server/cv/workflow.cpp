// Application status rules and the search expression (workflow.hpp).
#include "server/cv/workflow.hpp"

#include <array>
#include <vector>

namespace fuar::cv {

namespace {
constexpr std::array<std::string_view, 6> steps{"received", "reviewed", "shortlisted", "interview", "offer", "hired"};

int step_of(std::string_view s) {
  for (std::size_t i = 0; i < steps.size(); ++i)
    if (steps[i] == s) return int(i);
  return -1;
}
}  // namespace

bool is_status(std::string_view s) { return s == "rejected" || step_of(s) >= 0; }

bool is_final(std::string_view s) { return s == "hired" || s == "rejected"; }

bool can_move(std::string_view from, std::string_view to) {
  if (!is_status(from) || !is_status(to)) return false;
  if (from == to) return true;
  if (is_final(from)) return false;
  if (to == "rejected") return true;
  return step_of(to) > step_of(from);
}

bool withdrawable(std::string_view status) { return status == "received" || status == "reviewed"; }

std::string fts_query(std::string_view q) {
  // Fold Turkish dotted capital I (U+0130, C4 B0) and dotless i (U+0131, C4 B1) to "i".
  std::string folded;
  for (std::size_t i = 0; i < q.size(); ++i) {
    if (q[i] == '\xC4' && i + 1 < q.size() && (q[i + 1] == '\xB0' || q[i + 1] == '\xB1')) {
      folded += 'i';
      ++i;
    } else {
      folded += q[i];
    }
  }
  // Words: runs of letters, digits and non-ASCII bytes; everything else separates (so quotes,
  // stars, parentheses, colons, carets and minus signs never reach the parser).
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && words.size() < 8) words.push_back(cur.substr(0, 160));
    cur.clear();
  };
  for (char c : folded) {
    auto u = static_cast<unsigned char>(c);
    bool word = u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (word) cur += c;
    else flush();
  }
  flush();
  std::string out;
  for (auto& w : words) {
    // Cut to 40 characters without splitting a UTF-8 sequence.
    std::size_t chars = 0, end = 0;
    while (end < w.size() && chars < 40) {
      ++end;
      while (end < w.size() && (static_cast<unsigned char>(w[end]) & 0xC0) == 0x80) ++end;
      ++chars;
    }
    if (!out.empty()) out += ' ';
    out += '"' + w.substr(0, end) + "\"*";
  }
  return out;
}

}  // namespace fuar::cv

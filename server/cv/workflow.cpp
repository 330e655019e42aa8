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

store::text_search search_words(std::string_view q) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && words.size() < 8) words.push_back(cur.substr(0, 160));
    cur.clear();
  };
  for (char c : q) {
    auto u = static_cast<unsigned char>(c);
    bool word = u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (word) cur += c;
    else flush();
  }
  flush();
  store::text_search out;
  for (auto& w : words) {
    // Cut to 40 characters without splitting a UTF-8 sequence.
    std::size_t chars = 0, end = 0;
    while (end < w.size() && chars < 40) {
      ++end;
      while (end < w.size() && (static_cast<unsigned char>(w[end]) & 0xC0) == 0x80) ++end;
      ++chars;
    }
    out.push_back({w.substr(0, end), true});
  }
  return out;
}

}  // namespace fuar::cv

// Search words as FTS5 expressions (sqlite_text.hpp).
#include "server/store/sqlite_text.hpp"

namespace fuar::store {

std::string fold_dotted_i(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\xC4' && i + 1 < s.size() && (s[i + 1] == '\xB0' || s[i + 1] == '\xB1')) {
      out += 'i';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string fts5_match(const text_search& words) {
  std::string out;
  for (const auto& w : words) {
    if (w.text.empty()) continue;
    if (!out.empty()) out += ' ';
    out += '"';
    for (char c : fold_dotted_i(w.text)) {
      if (c == '"') out += '"';  // a quote inside an FTS5 string is doubled
      out += c;
    }
    out += '"';
    if (w.prefix) out += '*';
  }
  return out;
}

}  // namespace fuar::store

// Text helpers of the fair hall (search.hpp).
#include "server/booth/search.hpp"

#include <array>
#include <utility>

namespace fuar::booth {
namespace {

// Two-byte UTF-8 letters of Turkish (and circumflexed vowels) with their folded ASCII letter.
constexpr std::array<std::pair<std::string_view, char>, 20> turkish_letters{{
    {"\xC4\xB0", 'i'}, {"\xC4\xB1", 'i'},  // İ ı
    {"\xC5\x9E", 's'}, {"\xC5\x9F", 's'},  // Ş ş
    {"\xC3\x87", 'c'}, {"\xC3\xA7", 'c'},  // Ç ç
    {"\xC4\x9E", 'g'}, {"\xC4\x9F", 'g'},  // Ğ ğ
    {"\xC3\x96", 'o'}, {"\xC3\xB6", 'o'},  // Ö ö
    {"\xC3\x9C", 'u'}, {"\xC3\xBC", 'u'},  // Ü ü
    {"\xC3\x82", 'a'}, {"\xC3\xA2", 'a'},  // Â â
    {"\xC3\x8E", 'i'}, {"\xC3\xAE", 'i'},  // Î î
    {"\xC3\x9B", 'u'}, {"\xC3\xBB", 'u'},  // Û û
    {"\xC3\x8B", 'e'}, {"\xC3\xAB", 'e'},  // Ë ë
}};

bool word_byte(unsigned char c) {
  // Bytes of multi-byte UTF-8 sequences count as word characters: the tokenizer decides what
  // they are, and inside a quoted FTS string they cannot be syntax.
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

}  // namespace

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

std::string search_key(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      out += char(c - 'A' + 'a');
      continue;
    }
    bool mapped = false;
    if (i + 1 < s.size()) {
      for (auto [utf8, ascii] : turkish_letters) {
        if (s.substr(i, 2) == utf8) {
          out += ascii;
          ++i;
          mapped = true;
          break;
        }
      }
    }
    if (!mapped) out += c;
  }
  return out;
}

std::string fts_query(std::string_view typed) {
  std::string folded = fold_dotted_i(typed);
  std::string out;
  std::size_t words = 0, i = 0;
  bool last_open = false;  // the text ends inside its last word: make that word a prefix
  while (i < folded.size() && words < 12) {
    while (i < folded.size() && !word_byte(static_cast<unsigned char>(folded[i]))) ++i;
    std::size_t start = i;
    while (i < folded.size() && word_byte(static_cast<unsigned char>(folded[i]))) ++i;
    if (i == start) break;
    std::string word = folded.substr(start, i - start);
    if (word.size() > 60) {
      // Cut on a character boundary so the quoted string stays valid UTF-8.
      std::size_t cut = 60;
      while (cut > 0 && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) --cut;
      word.resize(cut);
    }
    if (!out.empty()) out += ' ';
    out += '"' + word + '"';
    ++words;
    last_open = i == folded.size();
  }
  if (!out.empty() && last_open) out += '*';
  return out;
}

std::optional<int> education_rank(std::string_view level) {
  constexpr std::string_view order[] = {"none", "primary", "secondary", "associate", "bachelor", "master", "doctorate"};
  for (int i = 0; i < 7; ++i)
    if (order[i] == level) return i;
  return std::nullopt;
}

}  // namespace fuar::booth

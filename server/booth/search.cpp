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
  // Bytes of multi-byte UTF-8 sequences count as word characters: Turkish letters are letters,
  // and the store decides what the others are.
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

}  // namespace

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

store::text_search search_words(std::string_view typed) {
  store::text_search out;
  std::size_t i = 0;
  while (i < typed.size() && out.size() < 12) {
    while (i < typed.size() && !word_byte(static_cast<unsigned char>(typed[i]))) ++i;
    std::size_t start = i;
    while (i < typed.size() && word_byte(static_cast<unsigned char>(typed[i]))) ++i;
    if (i == start) break;
    std::string word(typed.substr(start, i - start));
    if (word.size() > 60) {
      // Cut on a character boundary so the word stays valid UTF-8.
      std::size_t cut = 60;
      while (cut > 0 && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) --cut;
      word.resize(cut);
    }
    out.push_back({std::move(word), false});
  }
  // The text ends inside its last word: the visitor is still typing it.
  if (!out.empty() && i == typed.size() && word_byte(static_cast<unsigned char>(typed.back()))) out.back().prefix = true;
  return out;
}

std::optional<int> education_rank(std::string_view level) {
  constexpr std::string_view order[] = {"none", "primary", "secondary", "associate", "bachelor", "master", "doctorate"};
  for (int i = 0; i < 7; ++i)
    if (order[i] == level) return i;
  return std::nullopt;
}

}  // namespace fuar::booth

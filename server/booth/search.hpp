#pragma once
// Text helpers of the fair hall: Turkish-aware keys, the search words read from what a user
// typed, and the order of education levels. Pure functions (unit-tested in test_booths.cpp).
#include <optional>
#include <string>
#include <string_view>

#include "server/store/store.hpp"

namespace fuar::booth {

// A comparison key: lower case with Turkish letters mapped to their base Latin letter
// (İ ı I → i, Ş ş → s, Ç ç → c, Ğ ğ → g, Ö ö → o, Ü ü → u, Â â → a, Î î → i, Û û → u),
// trimmed. Used for case-insensitive city filters and for sorting names.
std::string search_key(std::string_view s);

// The hall search's words (store::text_search) in a search box's text; none when it holds no
// word. A word is a run of ASCII letters and digits and non-ASCII characters, so anything else
// (quotes, operators, '*', '^', ':') only separates words. The last word is a prefix
// ("kaynak" finds "Kaynakçısı") unless the text ends with a space. At most 12 words of at
// most 60 bytes each (cut on a character boundary).
store::text_search search_words(std::string_view typed);

// Education levels in order: none(0) < primary < secondary < associate < bachelor < master <
// doctorate(6); nullopt for an unknown name.
std::optional<int> education_rank(std::string_view level);

}  // namespace fuar::booth

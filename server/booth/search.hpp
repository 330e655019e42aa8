#pragma once
// Text helpers of the fair hall: Turkish-aware folding, the FTS5 query built from what a user
// typed, and the order of education levels. Pure functions (unit-tested in test_booths.cpp).
#include <optional>
#include <string>
#include <string_view>

namespace fuar::booth {

// Maps 'İ' (U+0130) and 'ı' (U+0131) to 'i', as migration 004 does before indexing. The
// unicode61 tokenizer folds case and strips the other Turkish diacritics itself, but it keeps
// the dotted capital and the dotless i apart from 'i', so "izmir" would not find "İzmir".
std::string fold_dotted_i(std::string_view s);

// A comparison key: lower case with Turkish letters mapped to their base Latin letter
// (İ ı I → i, Ş ş → s, Ç ç → c, Ğ ğ → g, Ö ö → o, Ü ü → u, Â â → a, Î î → i, Û û → u),
// trimmed. Used for case-insensitive city filters and for sorting names.
std::string search_key(std::string_view s);

// The FTS5 expression for a search box's text, or "" when it holds no word. Every word becomes
// a quoted string (so FTS syntax such as AND, NEAR, column filters, quotes, '*' or '^' in the
// input is just text), words are ANDed, and the last word is a prefix ("kaynak" finds
// "Kaynakçısı") unless the text ends with a space. At most 12 words of at most 60 bytes each.
std::string fts_query(std::string_view typed);

// Education levels in order: none(0) < primary < secondary < associate < bachelor < master <
// doctorate(6); nullopt for an unknown name.
std::optional<int> education_rank(std::string_view level);

}  // namespace fuar::booth

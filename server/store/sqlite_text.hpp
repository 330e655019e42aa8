#pragma once
// Search words (store.hpp, text_search) as SQLite FTS5 sees them. Internal to the store library.
#include <string>
#include <string_view>

#include "server/store/store.hpp"

namespace fuar::store {

// Maps 'İ' (U+0130) and 'ı' (U+0131) to 'i', as the FTS triggers of migrations 004 and 006 do
// before indexing: the unicode61 tokenizer folds case and strips the other Turkish diacritics
// itself, but keeps the dotted capital and the dotless i apart from 'i'.
std::string fold_dotted_i(std::string_view s);

// The FTS5 MATCH expression for `words`: each word folded as above and quoted as an FTS5
// string (so nothing in it is syntax), a prefix word followed by '*', the words ANDed. Empty
// words are left out; "" when none is left (the caller decides what that means: FTS5 calls an
// empty expression a syntax error).
std::string fts5_match(const text_search& words);

}  // namespace fuar::store

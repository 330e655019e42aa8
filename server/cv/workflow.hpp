#pragma once
// fuar::cv — the rules of an application's life, apart from the routes so they can be tested.
//
// Statuses: received → reviewed → shortlisted → interview → offer → hired, or rejected.
// Staff may move an application forward, skipping steps if they like (a recruiter may shortlist
// straight from received), or reject it from any state that is not final. hired and rejected
// are final. Moving backwards is refused (the applicant has already been told). Setting the
// same status again is not a move (only the message, rating or notes change).
// The applicant may withdraw while the application is received or reviewed.
#include <string>
#include <string_view>

#include "server/store/store.hpp"

namespace fuar::cv {

bool is_status(std::string_view s);
bool is_final(std::string_view s);
// May staff change `from` into `to`? (from == to is allowed: no move.)
bool can_move(std::string_view from, std::string_view to);
bool withdrawable(std::string_view status);

// The employer search box's words (store::text_search): runs of ASCII letters, digits, '_' and
// non-ASCII characters, everything else separates; each word a prefix that must occur
// ("kaynak mig" finds "Kaynakçı" with "MIG-MAG"). At most 8 words of 40 characters. None when
// nothing searchable is left.
store::text_search search_words(std::string_view q);

}  // namespace fuar::cv

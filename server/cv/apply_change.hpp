#pragma once
// fuar::cv — the one place where staff change an application: the status workflow check, the
// store write, and the applicant's `application.updated` push. Used by the application route
// (PATCH /api/applications/{id}) and by interview evaluations (server/room).
#include <cstdint>

#include "server/contract/routes.hpp"
#include "server/store/cvs_store.hpp"

namespace fuar::cv {

// Applies `c` to `a` (as read by the caller, who has checked that `actor_id` is staff of its
// booth). A status move must pass can_move (else failure `conflict` naming `status_field`); a
// concurrent change gives `conflict`, a vanished application `not_found`. After the commit the
// applicant gets `application.updated` on user:{id} when their view (status or message)
// changed. Returns the application as stored now.
store::application_row apply_application_change(api::services& svc, const store::application_row& a,
                                                 const store::application_change& c, std::int64_t actor_id,
                                                 std::int64_t now, const char* status_field = "status");

}  // namespace fuar::cv

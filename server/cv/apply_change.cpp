#include "server/cv/apply_change.hpp"

#include "protocol/topics.hpp"
#include "server/cv/views.hpp"
#include "server/cv/workflow.hpp"

namespace fuar::cv {

using api::failure;
using protocol::error_code;

store::application_row apply_application_change(api::services& svc, const store::application_row& a,
                                                 const store::application_change& c, std::int64_t actor_id,
                                                 std::int64_t now, const char* status_field) {
  if (c.status && !can_move(a.status, *c.status))
    throw failure(error_code::conflict,
                  std::string(status_field) + ": an application cannot move from " + a.status + " to " + *c.status,
                  status_field);
  switch (svc.st.cvs().change_application(a.id, a.status, c, actor_id, now)) {
    case store::change_result::not_found: throw failure(error_code::not_found, "no such application");
    case store::change_result::stale: throw failure(error_code::conflict, "the application changed meanwhile; reload it");
    case store::change_result::changed: break;
  }
  auto after = svc.st.cvs().find_application(a.id);
  if (!after) throw failure(error_code::not_found, "no such application");
  // The applicant hears about what they can see (status and message), never rating or notes.
  if (after->user_id && (after->status != a.status || after->status_message != a.status_message))
    svc.publish(protocol::user_topic(*after->user_id), "application.updated",
                {{"application", applicant_view(*after)}});
  return *after;
}

}  // namespace fuar::cv

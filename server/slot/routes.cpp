// HTTP routes of the slot capability: an .ics file per booking (its booker and the booth's
// staff), and a personal calendar feed that needs no session, only its secret token.
#include "server/slot/routes.hpp"

#include <map>

#include "protocol/status.hpp"
#include "server/auth/tokens.hpp"
#include "server/fair/links.hpp"
#include "server/slot/views.hpp"
#include "server/store/slots_store.hpp"

namespace fuar::slot {

using api::failure;
using api::request_ctx;
using api::route_reply;
using protocol::error_code;

namespace {

constexpr const char* ics_type = "text/calendar; charset=utf-8";

std::string base_of(const request_ctx& ctx) {
  return fair::link_base(ctx.cfg.fairs.public_url, ctx.req.host).value_or("");
}

std::string booth_name(store::store& st, std::int64_t booth_id) {
  auto b = st.booths().find_booth(booth_id);
  return b ? b->name : "fuar";
}

std::string booking_uid(std::int64_t booking_id) { return "slot-booking-" + std::to_string(booking_id) + "@fuar"; }

route_reply booking_ics(request_ctx& ctx) {
  auto& ss = ctx.st.slots();
  auto k = ss.find_booking(ctx.id());
  std::optional<store::slot> s;
  if (k) s = ss.find_slot(k->slot_id, ctx.now);
  // The booker, or staff of the slot's booth; anyone else may not learn the booking exists.
  bool allowed = k && s &&
                 (k->user_id == ctx.me().id ||
                  (ctx.me().user_role == store::role::employer && ctx.st.booths().is_booth_member(s->booth_id, ctx.me().id)));
  if (!allowed) throw failure(error_code::not_found, "no such booking");
  auto name = booth_name(ctx.st, s->booth_id);
  bool cancelled = k->status != protocol::booking_status::booked || s->status != protocol::slot_status::open;
  std::string description = k->user_id == ctx.me().id ? "Your interview slot at " + name + "."
                                                      : "Interview with " + k->user_name + ".";
  auto e = booking_event(*s, name, booking_uid(k->id), ctx.now, base_of(ctx), cancelled, description);
  return route_reply::file(ics_type, ics::calendar({e}, "fuar"), "interview-" + std::to_string(k->id) + ".ics");
}

route_reply feed_ics(request_ctx& ctx) {
  auto token = ctx.param("token");
  // Tokens are 43 base64url characters; anything else cannot match and is not looked up.
  if (token.size() != 43) throw failure(error_code::not_found, "no such calendar");
  auto uid = ctx.st.slots().feed_user(auth::token_hash(token));
  if (!uid) throw failure(error_code::not_found, "no such calendar");
  auto user = ctx.st.find_user(*uid);
  if (!user) throw failure(error_code::not_found, "no such calendar");
  auto& ss = ctx.st.slots();
  const auto base = base_of(ctx);
  const auto from = ctx.now - 30 * 86400;  // a month back: past interviews stay in the calendar a while
  std::vector<ics::event> events;
  std::map<std::int64_t, std::string> names;
  auto name_of = [&](std::int64_t booth_id) -> const std::string& {
    auto it = names.find(booth_id);
    if (it == names.end()) it = names.emplace(booth_id, booth_name(ctx.st, booth_id)).first;
    return it->second;
  };
  for (const auto& k : ss.user_bookings(*uid, from)) {
    if (k.status != protocol::booking_status::booked) continue;
    auto s = ss.find_slot(k.slot_id, ctx.now);
    if (!s) continue;
    events.push_back(booking_event(*s, name_of(s->booth_id), booking_uid(k.id), ctx.now, base, false,
                                   "Your interview slot at " + name_of(s->booth_id) + "."));
  }
  if (user->user_role == store::role::employer)
    for (const auto& s : ss.staff_booked_slots(*uid, from, ctx.now))
      events.push_back(booking_event(s, name_of(s.booth_id), "slot-" + std::to_string(s.id) + "@fuar", ctx.now, base,
                                     false, std::to_string(s.booked) + " of " + std::to_string(s.capacity) +
                                                " places booked."));
  // Inline (calendar apps subscribe to it), never cached by a proxy (no-store).
  return route_reply::inline_body(ics_type, ics::calendar(events, "fuar"));
}

using api::audience;

const api::route table[] = {
    {"GET", "/api/slot-bookings/{id}/calendar.ics", audience::signed_in,
     "the caller booked it, or is staff of the slot's booth (else 404)", booking_ics},
    {"GET", "/api/calendar/feed.ics", audience::anyone,
     "no session: the secret token in ?token= names the user (unknown token: 404)", feed_ics},
};

}  // namespace

std::span<const api::route> routes() { return table; }

}  // namespace fuar::slot

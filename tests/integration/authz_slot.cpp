// Authorisation-matrix probes for the slot capability (authz.hpp): one per WebSocket command and
// HTTP route of server/slot. Fixtures (a slot and a booking by "jobseeker") are made through the
// real API here; everything is far enough ahead that no reminder or offer sweep touches it while
// the matrix runs (the digest would see it).
#include "tests/integration/authz.hpp"

#include <chrono>
#include <stdexcept>

#include "tests/integration/harness.hpp"

namespace fuar::test {

std::vector<authz_probe> slot_probes(const authz_world& w) {
  auto id = [](std::int64_t v) { return std::to_string(v); };
  auto token_of = [&](const std::string& name) {
    for (const auto& a : w.actors)
      if (a.name == name) return a.token;
    throw std::runtime_error("no actor " + name);
  };
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  // Two slots at `booth`, 12 and 13 hours ahead (the world's fair runs for a day).
  ws_client owner(w.port, {{"Authorization", "Bearer " + token_of("owner")}});
  if (!owner.is_open()) throw std::runtime_error("slot probes: owner cannot connect");
  auto mk = [&](std::int64_t at, std::int64_t capacity) {
    auto r = owner.command("slot.publish",
                           {{"booth_id", w.booth}, {"starts_at", at}, {"length_min", 30}, {"capacity", capacity}});
    if (r["ok"] != true) throw std::runtime_error("slot probes: publish failed: " + r.dump());
    return r["data"]["slot"]["id"].get<std::int64_t>();
  };
  auto slot = mk(now + 12 * 3600, 2);
  auto slot2 = mk(now + 13 * 3600, 1);
  ws_client js(w.port, {{"Authorization", "Bearer " + token_of("jobseeker")}});
  auto b = js.command("slot.book", {{"slot_id", slot}});
  if (b["ok"] != true) throw std::runtime_error("slot probes: booking failed: " + b.dump());
  auto booking = b["data"]["booking"]["id"].get<std::int64_t>();
  auto wl = js.command("slot.waitlist_join", {{"booth_id", w.booth}});
  if (wl["ok"] != true) throw std::runtime_error("slot probes: waitlist failed: " + wl.dump());

  const std::string publish = "{\"booth_id\":" + id(w.booth) + ",\"starts_at\":" + id(now + 14 * 3600) +
                              ",\"length_min\":20,\"capacity\":1}";
  const std::string on_slot = "{\"slot_id\":" + id(slot) + "}";
  const std::string on_slot2 = "{\"slot_id\":" + id(slot2) + "}";
  const std::string on_booth = "{\"booth_id\":" + id(w.booth) + "}";
  const std::string on_booking = "{\"booking_id\":" + id(booking) + "}";
  const std::vector<std::string> signed_in = {"organiser", "organiser2", "owner",     "owner2",
                                              "recruiter", "jobseeker",  "jobseeker2"};
  return {
      // Staff of `booth` only: owner2 (another booth) 403, jobseekers and organisers by role.
      {"ws slot.publish", "WS", "slot.publish", publish, {"owner", "recruiter"}},
      {"ws slot.withdraw", "WS", "slot.withdraw", on_slot2, {"owner", "recruiter"}},
      {"ws slot.list", "WS", "slot.list", on_booth, signed_in},
      {"ws slot.schedule", "WS", "slot.schedule", on_booth, {"owner", "recruiter"}},
      // Booking: jobseekers only (jobseeker already holds a place on `slot`, so book slot2).
      {"ws slot.book", "WS", "slot.book", on_slot2, {"jobseeker", "jobseeker2"}},
      // jobseeker2 does not own the booking: 404.
      {"ws slot.cancel", "WS", "slot.cancel", on_booking, {"jobseeker"}},
      {"ws slot.mine", "WS", "slot.mine", "{}", {"jobseeker", "jobseeker2"}},
      {"ws slot.waitlist_join", "WS", "slot.waitlist_join", on_booth, {"jobseeker", "jobseeker2"}},
      // jobseeker2 is not on the waitlist: 404.
      {"ws slot.waitlist_leave", "WS", "slot.waitlist_leave", on_booth, {"jobseeker"}},
      // Staff of the booking's booth; before the start it would be refused anyway with
      // `conflict`, which the matrix does not accept as a refusal: owner2 must get 404 first.
      {"ws slot.no_show", "WS", "slot.no_show", on_booking, {"owner", "recruiter"}},
      {"ws slot.start", "WS", "slot.start", on_slot, {"owner", "recruiter"}},
      {"ws slot.feed_rotate", "WS", "slot.feed_rotate", "{}", signed_in},
      {"GET /api/slot-bookings/{id}/calendar.ics", "GET", "/api/slot-bookings/" + id(booking) + "/calendar.ics", "",
       {"jobseeker", "owner", "recruiter"}},
      // Anonymous with a wrong token: 404 (no session needed, but no feed without its token).
      {"GET /api/calendar/feed.ics", "GET", "/api/calendar/feed.ics?token=" + std::string(43, 'A'), "", {}},
  };
}

}  // namespace fuar::test

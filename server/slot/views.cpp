#include "server/slot/views.hpp"

#include <algorithm>

#include "protocol/status.hpp"

namespace fuar::slot {

using nlohmann::json;

json slot_json(const store::slot& s) {
  json j{{"id", s.id},
         {"booth_id", s.booth_id},
         {"fair_id", s.fair_id},
         {"starts_at", s.starts_at},
         {"ends_at", s.ends_at()},
         {"length_min", s.length_min},
         {"capacity", s.capacity},
         {"booked", s.booked},
         {"free", s.status == protocol::slot_status::open ? std::max<std::int64_t>(0, s.capacity - s.booked - s.held) : 0},
         {"status", s.status}};
  j["job"] = s.job_id ? json{{"id", *s.job_id}, {"title", s.job_title}} : json(nullptr);
  return j;
}

json booking_json(const store::slot_booking& b) {
  json j{{"id", b.id}, {"slot_id", b.slot_id}, {"status", b.status}, {"booked_at", b.booked_at}, {"no_show", b.no_show}};
  if (b.cancelled_at) j["cancelled_at"] = *b.cancelled_at;
  return j;
}

json staff_booking_json(const store::slot_booking& b) {
  auto j = booking_json(b);
  j["user"] = {{"id", b.user_id}, {"name", b.user_name}};
  j["application_id"] = b.application_id ? json(*b.application_id) : json(nullptr);
  return j;
}

json staff_slot_json(const store::slot& s, const std::vector<store::slot_booking>& bookings) {
  auto j = slot_json(s);
  j["room_id"] = s.room_id ? json(*s.room_id) : json(nullptr);
  json list = json::array();
  for (const auto& b : bookings)
    if (b.slot_id == s.id && b.status == protocol::booking_status::booked) list.push_back(staff_booking_json(b));
  j["bookings"] = list;
  return j;
}

ics::event booking_event(const store::slot& s, const std::string& booth_name, const std::string& uid,
                         std::int64_t now, const std::string& base, bool cancelled, const std::string& description) {
  ics::event e;
  e.uid = uid;
  e.stamp = now;
  e.start = s.starts_at;
  e.end = s.ends_at();
  e.summary = "Interview: " + booth_name + (s.job_title.empty() ? "" : " (" + s.job_title + ")");
  e.description = description;
  if (!base.empty()) e.url = base + "/#/booth/" + std::to_string(s.booth_id);
  e.cancelled = cancelled;
  e.sequence = cancelled ? 1 : 0;
  return e;
}

}  // namespace fuar::slot

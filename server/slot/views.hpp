#pragma once
// JSON shapes of the slot capability (protocol/ws/slot.md) and the calendar events of a booking.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/slot/ics.hpp"
#include "server/store/slots_store.hpp"

namespace fuar::slot {

// The public slot: {"id", "booth_id", "fair_id", "job": {"id","title"}|null, "starts_at", "ends_at",
// "length_min", "capacity", "booked", "free", "status"}.
nlohmann::json slot_json(const store::slot& s);
// {"id", "slot_id", "status", "booked_at", "cancelled_at"?, "no_show"}: what the booker sees.
nlohmann::json booking_json(const store::slot_booking& b);
// The staff's view of a booking: booking_json + "user": {"id","name"}, "application_id"|null.
nlohmann::json staff_booking_json(const store::slot_booking& b);
// The staff's view of a slot: slot_json + "room_id"|null + "bookings": [staff_booking_json…]
// (live bookings only).
nlohmann::json staff_slot_json(const store::slot& s, const std::vector<store::slot_booking>& bookings);

// The calendar event of one booked slot. `base` is the site's base URL ("" for none); the event
// links to the booth page.
ics::event booking_event(const store::slot& s, const std::string& booth_name, const std::string& uid,
                         std::int64_t now, const std::string& base, bool cancelled, const std::string& description);

}  // namespace fuar::slot

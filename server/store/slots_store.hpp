#pragma once
// fuar::store::slots_store — the slots capability's durable data: interview slots, bookings,
// waitlists, reminders and calendar feed tokens. The guarantees of store.hpp hold.
//
// Every write that depends on what it read (booking the last place, offering a freed place,
// claiming a reminder) is one isolated transaction: several pool threads, and several nodes
// sharing the data, may race on the same slot, and exactly one of them wins.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/store.hpp"

namespace fuar::store {

struct slot {
  std::int64_t id = 0;
  std::int64_t booth_id = 0;
  std::int64_t fair_id = 0;
  std::optional<std::int64_t> job_id;
  std::string job_title;  // "" when no job
  std::int64_t starts_at = 0;
  std::int64_t length_min = 0;
  std::int64_t capacity = 1;
  std::string status;        // open | withdrawn
  std::int64_t booked = 0;   // live bookings
  std::int64_t held = 0;     // places held by pending waitlist offers (not yet expired)
  std::optional<std::int64_t> room_id;
  std::int64_t created_at = 0;
  std::int64_t ends_at() const { return starts_at + length_min * 60; }
};

struct slot_booking {
  std::int64_t id = 0;
  std::int64_t slot_id = 0;
  std::int64_t user_id = 0;
  std::string user_name;
  std::string status;  // booked | cancelled | withdrawn (the slot was withdrawn)
  std::int64_t booked_at = 0;
  std::optional<std::int64_t> cancelled_at;
  bool no_show = false;
  std::optional<std::int64_t> application_id;  // the user's newest application to the booth (to the slot's job first)
};

struct new_slot {
  std::int64_t booth_id = 0;
  std::optional<std::int64_t> job_id;
  std::int64_t starts_at = 0;
  std::int64_t length_min = 0;
  std::int64_t capacity = 1;
  std::int64_t created_by = 0;
  std::int64_t created_at = 0;
};

enum class book_result { booked, full, already_booked, not_open, started };
struct book_outcome {
  book_result result = book_result::not_open;
  std::optional<slot_booking> booking;
  bool accepted_offer = false;  // the place was held for this user by a waitlist offer
};

struct slot_offer {
  std::int64_t slot_id = 0;
  std::int64_t user_id = 0;
  std::int64_t offered_at = 0;
  std::int64_t expires_at = 0;
};

// A reminder claimed by the sweep: for a booked jobseeker (booking_id set) or for the staff of
// the slot's booth (user_ids = the booth's members).
struct slot_reminder {
  std::int64_t slot_id = 0;
  std::int64_t booth_id = 0;
  std::optional<std::int64_t> booking_id;
  std::vector<std::int64_t> user_ids;
  std::int64_t minutes = 0;  // how many minutes before the start this reminder is
};

// Data export (server/privacy): one of the user's bookings, past and cancelled ones included,
// with its slot and booth. Who marked a no-show is left out.
struct booking_record {
  std::int64_t id = 0;
  std::int64_t slot_id = 0;
  std::int64_t booth_id = 0;
  std::string booth_name;
  std::optional<std::int64_t> job_id;
  std::string job_title;  // "" when no job
  std::int64_t starts_at = 0;
  std::int64_t length_min = 0;
  std::string slot_status;  // open | withdrawn
  std::string status;       // booked | cancelled | withdrawn
  std::int64_t booked_at = 0;
  std::optional<std::int64_t> cancelled_at;
  bool no_show = false;
  std::optional<std::int64_t> no_show_at;
};

// Data export: a booth waitlist the user is on.
struct waitlist_record {
  std::int64_t booth_id = 0;
  std::string booth_name;
  std::int64_t joined_at = 0;
  std::int64_t position = 0;  // 1-based
};

enum class waitlist_result { joined, already, full };

class slots_store {
public:
  virtual ~slots_store() = default;

  // ---- slots ----
  // Creates an open slot; nullopt when the booth already has `max_per_booth` open slots that
  // have not ended (checked in the same transaction). A staff reminder whose time (`first_at`,
  // `second_at`) has already passed is marked skipped.
  virtual std::optional<slot> create_slot(const new_slot& s, std::int64_t now, std::int64_t max_per_booth,
                                          std::int64_t first_at, std::int64_t second_at) = 0;
  // With counts (`held` counts offers with expires_at > now).
  virtual std::optional<slot> find_slot(std::int64_t id, std::int64_t now) = 0;
  // A booth's slots ending after `from`, by start then id; withdrawn ones only when asked.
  virtual std::vector<slot> booth_slots(std::int64_t booth_id, std::int64_t from, std::int64_t now,
                                        bool include_withdrawn) = 0;
  // Withdraws an open slot that has not started: its live bookings become `withdrawn`, pending
  // offers `cancelled`. Returns the user ids of the bookings it ended; nullopt when the slot is
  // not open or has started (nothing changed).
  virtual std::optional<std::vector<std::int64_t>> withdraw_slot(std::int64_t slot_id, std::int64_t now) = 0;
  // Records the interview room of a slot; false when the slot already has one (another
  // recruiter started it first) or does not exist.
  virtual bool set_room(std::int64_t slot_id, std::int64_t room_id) = 0;

  // ---- bookings ----
  // Books one place of an open slot that starts after `now`. Full when the live bookings plus
  // the places held for OTHER users by pending offers reach the capacity. A booking made after
  // a reminder's time has that reminder marked skipped (`first_at`, `second_at`: the reminder
  // times). A pending offer of this user for this slot becomes accepted and the user leaves the
  // booth's waitlist.
  virtual book_outcome book(std::int64_t slot_id, std::int64_t user_id, std::int64_t now, std::int64_t first_at,
                            std::int64_t second_at) = 0;
  // Cancels the user's live booking; false when it is not theirs or not live.
  virtual bool cancel_booking(std::int64_t booking_id, std::int64_t user_id, std::int64_t now) = 0;
  virtual std::optional<slot_booking> find_booking(std::int64_t id) = 0;
  // Bookings of a slot (every status), by booking time.
  virtual std::vector<slot_booking> slot_bookings(std::int64_t slot_id) = 0;
  // Live and no-show bookings of every slot of a booth that ends after `from`.
  virtual std::vector<slot_booking> booth_bookings(std::int64_t booth_id, std::int64_t from) = 0;
  // A user's bookings (every status) of slots ending after `from`, by slot start.
  virtual std::vector<slot_booking> user_bookings(std::int64_t user_id, std::int64_t from) = 0;
  // Sets or clears the no-show mark of a live booking; false when the booking is not live.
  virtual bool set_no_show(std::int64_t booking_id, bool no_show, std::int64_t by, std::int64_t now) = 0;
  // Slots with at least one live booking at booths `user_id` staffs, ending after `from`.
  virtual std::vector<slot> staff_booked_slots(std::int64_t user_id, std::int64_t from, std::int64_t now) = 0;

  // ---- waitlist and offers ----
  virtual waitlist_result join_waitlist(std::int64_t booth_id, std::int64_t user_id, std::int64_t now,
                                        std::int64_t max_length) = 0;
  virtual bool leave_waitlist(std::int64_t booth_id, std::int64_t user_id) = 0;
  // 1-based position, nullopt when not on it.
  virtual std::optional<std::int64_t> waitlist_position(std::int64_t booth_id, std::int64_t user_id) = 0;
  virtual std::int64_t waitlist_length(std::int64_t booth_id) = 0;
  // (booth id, position) of every waitlist the user is on.
  virtual std::vector<std::pair<std::int64_t, std::int64_t>> user_waitlists(std::int64_t user_id) = 0;
  // Offers the free places of an open slot that starts after `now` to the booth's waitlist, in
  // order, skipping users who were already offered this slot or hold a live booking of it. Each
  // offer holds its place until min(now + hold_s, starts_at). Returns the new offers.
  virtual std::vector<slot_offer> offer_free_places(std::int64_t slot_id, std::int64_t now, std::int64_t hold_s) = 0;
  // Marks pending offers with expires_at <= now expired; returns the slots they were for.
  virtual std::vector<std::int64_t> expire_offers(std::int64_t now) = 0;
  // The user's pending offers that have not expired.
  virtual std::vector<slot_offer> user_offers(std::int64_t user_id, std::int64_t now) = 0;

  // ---- reminders ----
  // Claims every reminder due at `now` (first: `first_min` minutes before the start, second:
  // `second_min`) in one transaction: a due reminder is marked sent and returned while it is
  // still timely (the first before the second's time, the second before the start), otherwise
  // marked skipped. Staff reminders are returned only for slots with live bookings.
  virtual std::vector<slot_reminder> claim_reminders(std::int64_t now, std::int64_t first_min,
                                                     std::int64_t second_min) = 0;

  // ---- calendar feed ----
  // Stores (replacing any earlier one) the hash of the user's feed token.
  virtual void set_feed_token(std::int64_t user_id, const std::string& token_hash, std::int64_t now) = 0;
  virtual std::optional<std::int64_t> feed_user(const std::string& token_hash) = 0;
  virtual std::optional<std::int64_t> feed_created_at(std::int64_t user_id) = 0;

  // ---- data export (server/privacy) ----
  // Every booking of the user (every status, past slots included), by booking id, at most `limit`.
  virtual std::vector<booking_record> bookings_of(std::int64_t user_id, int limit) = 0;
  // The waitlists the user is on, by joining time, at most `limit`.
  virtual std::vector<waitlist_record> waitlists_of(std::int64_t user_id, int limit) = 0;
};

}  // namespace fuar::store

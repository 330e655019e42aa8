#pragma once
// The statuses the wire and the store carry as strings ("draft", "booked", …), as enum classes,
// so code compares with a name the compiler checks instead of a string literal it does not:
//
//   if (f.status == protocol::fair_status::draft) …       // f.status is a std::string
//   auto s = protocol::from_string<protocol::place_status>(text);   // nullopt when unknown
//   j["status"] = protocol::to_string(protocol::room_status::open);
//
// The strings are part of the wire (PROTOCOL.md, protocol/http/*.md, protocol/ws/*.md) and of
// the stored data: never rename one. Each enum lists its values in the order of its strings.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace fuar::protocol {

// A fair: the organiser's decision (draft, published, live: opened early, closed) or, derived
// from it and the clock, the status a fair shows (fair/status.hpp).
enum class fair_status { draft, published, live, closed };
// A job at a booth.
enum class job_status { open, closed };
// An application (protocol/http/cvs.md): the steps in order, then the two endings.
enum class application_status { received, reviewed, shortlisted, interview, offer, hired, rejected };
// A CV's text extraction.
enum class cv_text_status { pending, ok, unavailable };
// A booth's queue, and a place in it (ws/queue.md).
enum class queue_status { open, closed };
enum class place_status { waiting, called, accepted, declined, no_show, left };
// An interview slot, and a booking of it (ws/slot.md).
enum class slot_status { open, withdrawn };
enum class booking_status { booked, cancelled, withdrawn };
// An interview room (ws/room.md).
enum class room_status { open, ended };
// A report of a chat message (ws/chat.md).
enum class report_status { open, deleted, dismissed };

namespace status_detail {
template <class E>
struct names;
template <>
struct names<fair_status> {
  static constexpr std::array<std::string_view, 4> v{"draft", "published", "live", "closed"};
};
template <>
struct names<job_status> {
  static constexpr std::array<std::string_view, 2> v{"open", "closed"};
};
template <>
struct names<application_status> {
  static constexpr std::array<std::string_view, 7> v{"received", "reviewed", "shortlisted", "interview",
                                                     "offer",    "hired",    "rejected"};
};
template <>
struct names<cv_text_status> {
  static constexpr std::array<std::string_view, 3> v{"pending", "ok", "unavailable"};
};
template <>
struct names<queue_status> {
  static constexpr std::array<std::string_view, 2> v{"open", "closed"};
};
template <>
struct names<place_status> {
  static constexpr std::array<std::string_view, 6> v{"waiting", "called", "accepted", "declined", "no_show", "left"};
};
template <>
struct names<slot_status> {
  static constexpr std::array<std::string_view, 2> v{"open", "withdrawn"};
};
template <>
struct names<booking_status> {
  static constexpr std::array<std::string_view, 3> v{"booked", "cancelled", "withdrawn"};
};
template <>
struct names<room_status> {
  static constexpr std::array<std::string_view, 2> v{"open", "ended"};
};
template <>
struct names<report_status> {
  static constexpr std::array<std::string_view, 3> v{"open", "deleted", "dismissed"};
};

template <class E>
concept status_enum = requires { names<E>::v; };
}  // namespace status_detail

// The wire string of a status.
template <status_detail::status_enum E>
constexpr std::string_view to_string(E e) {
  return status_detail::names<E>::v[static_cast<std::size_t>(e)];
}

// The status a string names, or nullopt when it names none (exact, case-sensitive).
template <status_detail::status_enum E>
constexpr std::optional<E> from_string(std::string_view s) {
  const auto& v = status_detail::names<E>::v;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

// A stored or received status string against a status: `row.status == place_status::waiting`.
// (C++20 derives !=, and the reversed forms, from this.)
template <status_detail::status_enum E>
constexpr bool operator==(std::string_view s, E e) {
  return s == to_string(e);
}

}  // namespace fuar::protocol

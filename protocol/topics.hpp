#pragma once
// Topic names (PROTOCOL.md §5), built and parsed in one place. A topic is "<kind>:<id>" with a
// positive decimal id without leading zeros; the web client builds the same names
// (`topic` in web-static/js/protocol.js, compared with topic_kinds() by a unit test).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace fuar::protocol {

enum class topic_kind { fair, booth, user, staff, room };

struct topic_ref {
  topic_kind kind;
  std::int64_t id;  // the fair, booth, user, booth (for staff) or room id
};

std::string_view to_string(topic_kind k);  // "fair", "booth", …
// Every kind, in declaration order.
std::span<const topic_kind> topic_kinds();

// "fair:12" / "booth:7" / "user:5" / "staff:7" (booth 7's staff) / "room:3"; nullopt for anything
// else (no other kind, an id that is not positive decimal without leading zeros or overflows).
std::optional<topic_ref> parse_topic(std::string_view topic);
std::string topic_name(const topic_ref& t);

// The builders, one per kind.
inline std::string fair_topic(std::int64_t fair_id) { return topic_name({topic_kind::fair, fair_id}); }
inline std::string booth_topic(std::int64_t booth_id) { return topic_name({topic_kind::booth, booth_id}); }
inline std::string user_topic(std::int64_t user_id) { return topic_name({topic_kind::user, user_id}); }
inline std::string staff_topic(std::int64_t booth_id) { return topic_name({topic_kind::staff, booth_id}); }
inline std::string room_topic(std::int64_t room_id) { return topic_name({topic_kind::room, room_id}); }

}  // namespace fuar::protocol

#include "protocol/topics.hpp"

#include <charconv>

namespace fuar::protocol {

namespace {
constexpr topic_kind all_kinds[] = {topic_kind::fair, topic_kind::booth, topic_kind::user, topic_kind::staff,
                                    topic_kind::room};
}  // namespace

std::string_view to_string(topic_kind k) {
  switch (k) {
    case topic_kind::fair: return "fair";
    case topic_kind::booth: return "booth";
    case topic_kind::user: return "user";
    case topic_kind::staff: return "staff";
    case topic_kind::room: return "room";
  }
  return "?";
}

std::span<const topic_kind> topic_kinds() { return all_kinds; }

std::optional<topic_ref> parse_topic(std::string_view topic) {
  auto colon = topic.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto kind = topic.substr(0, colon);
  auto num = topic.substr(colon + 1);
  if (num.empty() || num[0] == '0') return std::nullopt;  // from_chars rejects overflow
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), id);
  if (ec != std::errc{} || p != num.data() + num.size() || id <= 0) return std::nullopt;
  for (auto k : all_kinds)
    if (kind == to_string(k)) return topic_ref{k, id};
  return std::nullopt;
}

std::string topic_name(const topic_ref& t) {
  std::string out(to_string(t.kind));
  out += ':';
  out += std::to_string(t.id);
  return out;
}

}  // namespace fuar::protocol

#include "server/contract/connection.hpp"

#include <algorithm>

// The connection's own bookkeeping: what net and the API both touch, defined with the contract
// so that capabilities which work with subscriptions (session) need no API code to link.
namespace fuar::api {

void connection::deliver(const std::string& topic, const broker::publication& pub) {
  auto* s = find_subscription(topic);
  if (!s) return;
  if (pub.offset == -2) {
    // The topic's history was lost (new epoch): offsets start again from 1. A pending
    // subscription handles it in order with what it holds.
    if (s->pending) return s->held.push_back(pub);
    s->last_offset = 0;
    send(pub.frame);
    return;
  }
  if (pub.offset < 0) {  // ephemeral: no order to keep, nothing to hold
    if (!s->pending) send(pub.frame);
    return;
  }
  if (s->pending) {
    s->held.push_back(pub);
    return;
  }
  if (pub.offset <= s->last_offset) return;  // already delivered (history raced the live push)
  s->last_offset = pub.offset;
  send(pub.frame);
}

subscription* connection::find_subscription(const std::string& topic) {
  for (auto& s : subs_)
    if (s.topic == topic) return &s;
  return nullptr;
}

subscription* connection::find_subscription(const std::string& topic, std::uint64_t generation) {
  auto* s = find_subscription(topic);
  return s && s->generation == generation ? s : nullptr;
}

subscription& connection::add_subscription(const std::string& topic) {
  subscription s;
  s.topic = topic;
  s.generation = ++next_generation_;
  subs_.push_back(std::move(s));
  return subs_.back();
}

void connection::remove_subscription(const std::string& topic) {
  std::erase_if(subs_, [&](const subscription& s) { return s.topic == topic; });
}

bool connection::take_token(double rate, double burst, std::int64_t now_us) {
  if (tokens_ < 0) {
    tokens_ = burst;
    refilled_us_ = now_us;
  }
  tokens_ = std::min(burst, tokens_ + double(now_us - refilled_us_) * rate / 1e6);
  refilled_us_ = now_us;
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

}  // namespace fuar::api

#pragma once
// fuar::broker — what nodes share that is not durable: publish/subscribe between nodes, topic
// history for recovery, and presence.
//
// Guarantees every implementation keeps (checked by tests/unit/test_broker_conformance.cpp):
// - Offsets: each publish with history gets the topic's next offset (1, 2, 3, ...) within the
//   topic's current epoch. The delivery handler sees a subscribed topic's publications in
//   offset order, each once, while the broker is connected.
// - History: the last `history_size` publications younger than `history_ttl` are kept.
//   history(topic, since) returns every publication after `since` in order, or
//   recovered=false when any of them is gone or the epoch differs. Never a silent gap.
// - Ephemeral publications (presence counts) carry offset -1, have no history, and reach
//   subscribed nodes at most once.
// - An epoch reset (the topic's history was lost, e.g. Redis restarted empty, or pushes were
//   delivered node-locally while Redis was away) reaches subscribers as a publication with
//   offset -2 whose frame is the push {topic, event: "subscription.reset", data: {epoch}};
//   offsets after it start again from 1.
// - Presence counts distinct users per topic; an entry is keyed by a connection id, so one user
//   on two sockets counts once and stays until both leave.
// Threading: every method may be called from any thread. Completion callbacks may run on any
// thread (the memory broker runs them inline; the Redis broker on its own executor), so
// callers must post back to their own executor. The delivery handler is set once, before the
// first subscribe, and must not block.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fuar::broker {

struct position {
  std::string epoch;
  std::int64_t offset = 0;
  bool operator==(const position&) const = default;
};

// One publication: its offset (-1 ephemeral, -2 epoch reset) and the complete push frame, serialised once
// and shared by every recipient.
struct publication {
  std::int64_t offset = -1;
  std::shared_ptr<const std::string> frame;
  std::int64_t published_at_us = 0;  // wall clock at publish, for delivery-latency metrics
};

struct history_result {
  bool recovered = false;     // true: `publications` is the complete gap after `since`
  position top;               // the topic's current epoch and last offset
  std::vector<publication> publications;
};

struct presence_entry {
  std::int64_t user_id = 0;
  std::string name;
  std::string role;
};

struct presence_summary {
  std::int64_t count = 0;                       // distinct users
  std::map<std::string, std::int64_t> by_role;  // distinct users per role
  std::vector<presence_entry> members;          // distinct users, when asked for
};

enum class health { ok, degraded, down };

using delivery_handler = std::function<void(const std::string& topic, const publication&)>;

class broker {
public:
  virtual ~broker() = default;

  virtual void set_delivery_handler(delivery_handler h) = 0;
  // Node-level subscription, reference counting is the caller's (the hub's) job: one
  // subscribe per topic per node. subscribe() returns once the subscription is in effect, so
  // every publication made after it returns is delivered (the Redis broker waits for the
  // SUBSCRIBE confirmation, a round trip, or not at all while Redis is away; ephemeral
  // publications made before that point may be missed).
  virtual void subscribe(const std::string& topic) = 0;
  virtual void unsubscribe(const std::string& topic) = 0;

  // Publishes the push {topic, offset, event, data}; `data_json` is already serialised JSON.
  // With history: the callback gets the publication's position (nullopt when the broker failed).
  virtual void publish(const std::string& topic, const std::string& event,
                       const std::string& data_json,
                       std::function<void(std::optional<position>)> done) = 0;
  virtual void publish_ephemeral(const std::string& topic, const std::string& event,
                                 const std::string& data_json) = 0;

  // since == nullopt: no replay, just the current top (recovered=false).
  virtual void history(const std::string& topic, const std::optional<position>& since,
                       std::function<void(std::optional<history_result>)> done) = 0;

  virtual void presence_add(const std::string& topic, const std::string& conn_id,
                            const presence_entry& e) = 0;
  virtual void presence_remove(const std::string& topic, const std::string& conn_id) = 0;
  virtual void presence(const std::string& topic, bool with_members,
                        std::function<void(std::optional<presence_summary>)> done) = 0;

  virtual health state() = 0;
};

struct memory_options {
  std::size_t history_size = 300;
  std::int64_t history_ttl_ms = 300000;
};

std::unique_ptr<broker> make_memory_broker(const memory_options& opts);

}  // namespace fuar::broker

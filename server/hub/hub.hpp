#pragma once
// fuar::hub — topics on this node.
//
// Each shard (one io_context, one thread) owns its own table topic -> local subscribers and is
// the only thread that touches it, so fan-out takes no lock. A publication from the broker is
// posted once to every shard; the shard hands the same immutable frame to each subscriber.
// The node subscribes to a topic at the broker once, when its first local subscriber arrives
// (reference counted across shards under a mutex that only subscribe/unsubscribe take).
//
// Presence pushes are throttled here: presence_changed() marks a topic; flush_presence(), run
// by a timer every `presence.push_interval_ms`, publishes one count per marked topic.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "server/broker/broker.hpp"

namespace boost::asio { class io_context; }

namespace fuar::hub {

// Implemented by a connection. deliver() runs on the subscriber's shard thread and must not
// unsubscribe or destroy the subscriber synchronously (defer by posting).
class subscriber {
public:
  virtual void deliver(const std::string& topic, const broker::publication& pub) = 0;

protected:
  ~subscriber() = default;
};

// Observer for delivery latency and counts; may be null. Called on shard threads.
struct fanout_observer {
  virtual void on_fanout(std::size_t shard, std::size_t recipients, std::int64_t latency_us) = 0;

protected:
  ~fanout_observer() = default;
};

class hub {
public:
  hub(broker::broker& b, std::vector<boost::asio::io_context*> shards,
      fanout_observer* observer = nullptr);
  hub(const hub&) = delete;
  hub& operator=(const hub&) = delete;

  std::size_t shard_count() const { return shards_.size(); }
  boost::asio::io_context& shard_context(std::size_t i) { return *shards_[i]; }
  broker::broker& get_broker() { return broker_; }

  // Shard thread only. Subscribing the same subscriber twice to a topic is a no-op.
  void subscribe(std::size_t shard, const std::string& topic, subscriber* s);
  void unsubscribe(std::size_t shard, const std::string& topic, subscriber* s);
  std::size_t local_subscribers(std::size_t shard, const std::string& topic) const;

  // Any thread.
  void presence_changed(const std::string& topic);
  void flush_presence();

private:
  struct topic_subscribers {
    std::vector<subscriber*> list;
    std::unordered_map<subscriber*, std::size_t> index;  // position in list, for O(1) removal
  };
  struct shard_table {
    std::unordered_map<std::string, topic_subscribers> topics;
  };

  void on_publication(const std::string& topic, const broker::publication& pub);
  void fan_out(std::size_t shard, const std::string& topic, const broker::publication& pub);
  void node_ref(const std::string& topic, int delta);

  broker::broker& broker_;
  std::vector<boost::asio::io_context*> shards_;
  std::vector<std::unique_ptr<shard_table>> tables_;
  fanout_observer* observer_;

  std::mutex node_mutex_;  // guards node_refs_ (subscribe/unsubscribe only)
  std::unordered_map<std::string, int> node_refs_;

  std::mutex presence_mutex_;
  std::unordered_set<std::string> presence_dirty_;
};

}  // namespace fuar::hub

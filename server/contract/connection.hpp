#pragma once
// A live WebSocket connection as the API sees it: who it is, what it subscribes to, and two
// transport operations the net layer implements (send a frame, close). All methods run on the
// connection's shard thread.
//
// Recovery lives here, not in the transport: each subscription remembers the last offset
// delivered; a push at or below it is dropped (no duplicates), and pushes that arrive while a
// subscribe is still fetching history are held and released in order after the history.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "server/broker/broker.hpp"
#include "server/hub/hub.hpp"
#include "server/store/store.hpp"

namespace fuar::api {

struct subscription {
  std::string topic;
  std::uint64_t generation = 0;                // tells a subscribe's completions from a later one
  std::int64_t last_offset = 0;
  bool pending = true;                         // history not yet delivered
  std::vector<broker::publication> held;       // live pushes that arrived while pending
};

class connection : public hub::subscriber, public std::enable_shared_from_this<connection> {
public:
  connection(std::size_t shard, store::user u, std::string token_hash, std::string conn_id)
      : shard_(shard), user_(std::move(u)), token_hash_(std::move(token_hash)),
        conn_id_(std::move(conn_id)) {}
  virtual ~connection() = default;

  // Queues a frame holding `messages` newline-separated messages. Never blocks; a queue over
  // its byte limit closes the connection as slow (4000).
  virtual void send(std::shared_ptr<const std::string> frame, std::size_t messages = 1) = 0;
  // Starts a close handshake with `code`; further sends are ignored.
  virtual void close(std::uint16_t code, const std::string& reason) = 0;
  virtual bool is_open() const = 0;

  void deliver(const std::string& topic, const broker::publication& pub) override;

  std::size_t shard() const { return shard_; }
  const store::user& user() const { return user_; }
  const std::string& token_hash() const { return token_hash_; }
  const std::string& id() const { return conn_id_; }

  subscription* find_subscription(const std::string& topic);
  // The subscription to `topic` created by the subscribe with `generation`, if it still exists.
  subscription* find_subscription(const std::string& topic, std::uint64_t generation);
  subscription& add_subscription(const std::string& topic);
  void remove_subscription(const std::string& topic);
  std::vector<subscription>& subscriptions() { return subs_; }

  // Command rate limit: a token bucket refilled at `rate` per second up to `burst`.
  // Returns true when the command may run.
  bool take_token(double rate, double burst, std::int64_t now_us);

private:
  std::size_t shard_;
  store::user user_;
  std::string token_hash_;
  std::string conn_id_;
  std::vector<subscription> subs_;  // few per connection: a linear scan beats a map
  std::uint64_t next_generation_ = 0;
  double tokens_ = -1;
  std::int64_t refilled_us_ = 0;
};

}  // namespace fuar::api

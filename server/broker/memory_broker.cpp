// The in-process broker: the default for a single node. State is guarded by one mutex per
// broker; the critical sections are short (an append, a map lookup) and the delivery handler is
// called while holding it so that publications reach the hub in offset order even when several
// threads publish to the same topic at once. The handler only posts work, so this is cheap.
#include <chrono>
#include <deque>
#include <mutex>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include "protocol/envelope.hpp"
#include "server/broker/broker.hpp"
#include "server/broker/clock.hpp"

namespace fuar::broker {
namespace {

using detail::random_epoch;

class memory_broker final : public broker {
public:
  explicit memory_broker(const memory_options& o) : opts_(o) {}

  void set_delivery_handler(delivery_handler h) override {
    std::lock_guard lock(mutex_);
    handler_ = std::move(h);
  }

  void subscribe(const std::string& topic) override {
    std::lock_guard lock(mutex_);
    subscribed_.insert(topic);
  }

  void unsubscribe(const std::string& topic) override {
    std::lock_guard lock(mutex_);
    subscribed_.erase(topic);
  }

  void publish(const std::string& topic, const std::string& event, const std::string& data_json,
               std::function<void(std::optional<position>)> done) override {
    position pos;
    {
      std::lock_guard lock(mutex_);
      auto& t = topic_state(topic);
      const std::int64_t offset = ++t.last_offset;
      publication pub{offset, frame_for(topic, offset, event, data_json), util::unix_us()};
      auto now = util::steady_ms();
      t.items.push_back({pub, now});
      prune(t, now);
      pos = {t.epoch, t.last_offset};
      if (handler_ && subscribed_.contains(topic)) handler_(topic, pub);
    }
    if (done) done(pos);
  }

  void publish_ephemeral(const std::string& topic, const std::string& event,
                         const std::string& data_json) override {
    std::lock_guard lock(mutex_);
    if (handler_ && subscribed_.contains(topic))
      handler_(topic, publication{-1, frame_for(topic, -1, event, data_json), util::unix_us()});
  }

  void history(const std::string& topic, const std::optional<position>& since,
               std::function<void(std::optional<history_result>)> done) override {
    history_result r;
    {
      std::lock_guard lock(mutex_);
      auto& t = topic_state(topic);
      prune(t, util::steady_ms());
      r.top = {t.epoch, t.last_offset};
      if (since && since->epoch == t.epoch && since->offset <= t.last_offset) {
        // Recoverable when the first missing offset is still held (or nothing is missing).
        std::int64_t first_missing = since->offset + 1;
        std::int64_t oldest = t.items.empty() ? t.last_offset + 1 : t.items.front().pub.offset;
        if (first_missing >= oldest) {
          r.recovered = true;
          for (const auto& it : t.items)
            if (it.pub.offset >= first_missing) r.publications.push_back(it.pub);
        }
      }
    }
    done(std::move(r));
  }

  void presence_add(const std::string& topic, const std::string& conn_id,
                    const presence_entry& e) override {
    std::lock_guard lock(mutex_);
    auto& p = presence_[topic];
    auto [it, inserted] = p.conns.try_emplace(conn_id, e.user_id);
    if (!inserted) return;
    auto& u = p.users[e.user_id];
    if (u.sockets++ == 0) u.entry = e;
  }

  void presence_remove(const std::string& topic, const std::string& conn_id) override {
    std::lock_guard lock(mutex_);
    auto pit = presence_.find(topic);
    if (pit == presence_.end()) return;
    auto& p = pit->second;
    auto cit = p.conns.find(conn_id);
    if (cit == p.conns.end()) return;
    auto uit = p.users.find(cit->second);
    if (uit != p.users.end() && --uit->second.sockets == 0) p.users.erase(uit);
    p.conns.erase(cit);
    if (p.conns.empty()) presence_.erase(pit);
  }

  void presence(const std::string& topic, bool with_members,
                std::function<void(std::optional<presence_summary>)> done) override {
    presence_summary s;
    {
      std::lock_guard lock(mutex_);
      auto pit = presence_.find(topic);
      if (pit != presence_.end()) {
        for (const auto& [uid, u] : pit->second.users) {
          ++s.count;
          ++s.by_role[u.entry.role];
          if (with_members) s.members.push_back(u.entry);
        }
      }
    }
    done(std::move(s));
  }

  health state() override { return health::ok; }

private:
  struct item {
    publication pub;
    std::int64_t at_ms;
  };
  struct topic_history {
    std::string epoch = random_epoch();
    std::int64_t last_offset = 0;
    std::deque<item> items;
  };
  struct user_presence {
    int sockets = 0;
    presence_entry entry;
  };
  struct topic_presence {
    std::unordered_map<std::string, std::int64_t> conns;  // conn id -> user id
    std::unordered_map<std::int64_t, user_presence> users;
  };

  topic_history& topic_state(const std::string& topic) { return topics_[topic]; }

  static std::shared_ptr<const std::string> frame_for(const std::string& topic, std::int64_t offset,
                                                      const std::string& event,
                                                      const std::string& data_json) {
    // data_json is trusted (produced by the server), so splice it instead of re-parsing.
    std::string f;
    f.reserve(64 + topic.size() + event.size() + data_json.size());
    f += R"({"topic":)";
    f += nlohmann::json(topic).dump();
    if (offset >= 0) {
      f += R"(,"offset":)";
      f += std::to_string(offset);
    }
    f += R"(,"event":)";
    f += nlohmann::json(event).dump();
    f += R"(,"data":)";
    f += data_json;
    f += '}';
    return std::make_shared<const std::string>(std::move(f));
  }

  void prune(topic_history& t, std::int64_t now) {
    while (t.items.size() > opts_.history_size) t.items.pop_front();
    while (!t.items.empty() && now - t.items.front().at_ms >= opts_.history_ttl_ms)  // age >= ttl
      t.items.pop_front();
  }

  memory_options opts_;
  std::mutex mutex_;
  delivery_handler handler_;
  std::unordered_set<std::string> subscribed_;
  std::unordered_map<std::string, topic_history> topics_;
  std::unordered_map<std::string, topic_presence> presence_;
};

}  // namespace

std::unique_ptr<broker> make_memory_broker(const memory_options& opts) {
  return std::make_unique<memory_broker>(opts);
}

}  // namespace fuar::broker

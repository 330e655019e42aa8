#include "server/hub/hub.hpp"


#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "server/util/clock.hpp"

namespace fuar::hub {

hub::hub(broker::broker& b, std::vector<boost::asio::io_context*> shards, fanout_observer* observer)
    : broker_(b), shards_(std::move(shards)), observer_(observer) {
  for (std::size_t i = 0; i < shards_.size(); ++i) tables_.push_back(std::make_unique<shard_table>());
  broker_.set_delivery_handler(
      [this](const std::string& topic, const broker::publication& pub) { on_publication(topic, pub); });
}

void hub::subscribe(std::size_t shard, const std::string& topic, subscriber* s) {
  auto& t = tables_[shard]->topics[topic];
  if (t.index.contains(s)) return;
  t.index.emplace(s, t.list.size());
  t.list.push_back(s);
  if (t.list.size() == 1) node_ref(topic, +1);
}

void hub::unsubscribe(std::size_t shard, const std::string& topic, subscriber* s) {
  auto& topics = tables_[shard]->topics;
  auto it = topics.find(topic);
  if (it == topics.end()) return;
  auto& t = it->second;
  auto pos = t.index.find(s);
  if (pos == t.index.end()) return;
  // Swap-remove: order among subscribers does not matter, removal must be O(1) so that a
  // mass disconnect from a 10,000-viewer topic stays linear.
  std::size_t i = pos->second;
  t.index.erase(pos);
  if (i + 1 != t.list.size()) {
    t.list[i] = t.list.back();
    t.index[t.list[i]] = i;
  }
  t.list.pop_back();
  if (t.list.empty()) {
    topics.erase(it);
    node_ref(topic, -1);
  }
}

std::size_t hub::local_subscribers(std::size_t shard, const std::string& topic) const {
  auto& topics = tables_[shard]->topics;
  auto it = topics.find(topic);
  return it == topics.end() ? 0 : it->second.list.size();
}

void hub::node_ref(const std::string& topic, int delta) {
  std::lock_guard lock(node_mutex_);
  int& n = node_refs_[topic];
  n += delta;
  if (delta > 0 && n == 1) broker_.subscribe(topic);
  if (n <= 0) {
    node_refs_.erase(topic);
    broker_.unsubscribe(topic);
  }
}

void hub::on_publication(const std::string& topic, const broker::publication& pub) {
  // One post per shard; each carries the shared frame, never a copy of it.
  for (std::size_t i = 0; i < shards_.size(); ++i)
    boost::asio::post(*shards_[i], [this, i, topic, pub] { fan_out(i, topic, pub); });
}

void hub::fan_out(std::size_t shard, const std::string& topic, const broker::publication& pub) {
  auto& topics = tables_[shard]->topics;
  auto it = topics.find(topic);
  if (it == topics.end()) return;
  // Index loop: deliver() never removes subscribers synchronously (see subscriber), but an
  // index is robust even if the vector reallocates.
  auto& list = it->second.list;
  const std::size_t n = list.size();
  for (std::size_t k = 0; k < list.size(); ++k) list[k]->deliver(topic, pub);
  if (observer_ && pub.published_at_us > 0)
    observer_->on_fanout(shard, n, util::unix_us() - pub.published_at_us);
}

void hub::presence_changed(const std::string& topic) {
  std::lock_guard lock(presence_mutex_);
  presence_dirty_.insert(topic);
}

void hub::flush_presence() {
  std::unordered_set<std::string> dirty;
  {
    std::lock_guard lock(presence_mutex_);
    dirty.swap(presence_dirty_);
  }
  for (const auto& topic : dirty) {
    broker_.presence(topic, false, [this, topic](std::optional<broker::presence_summary> s) {
      if (!s) return;
      nlohmann::json data{{"count", s->count}, {"by_role", s->by_role}};
      for (const char* r : {"jobseeker", "employer", "organiser"})
        if (!data["by_role"].contains(r)) data["by_role"][r] = 0;
      broker_.publish_ephemeral(topic, "presence", data.dump());
    });
  }
}

}  // namespace fuar::hub

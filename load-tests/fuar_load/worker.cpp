#include "load-tests/fuar_load/worker.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <random>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "load-tests/fuar_load/client.hpp"
#include "load-tests/fuar_load/histogram.hpp"
#include "load-tests/fuar_load/seq_tracker.hpp"
#include "load-tests/fuar_load/sys.hpp"
#include "load-tests/fuar_load/wire.hpp"

namespace fuar::load {

namespace {

namespace asio = boost::asio;
using json = nlohmann::json;
constexpr std::int64_t ms_ns = 1'000'000;
constexpr std::int64_t s_ns = 1'000'000'000;

asio::steady_timer::time_point at(std::int64_t mono) {
  return asio::steady_timer::time_point(std::chrono::nanoseconds(mono));
}

enum class phase { ramp, ready, running, stopping, finishing };

// A viewer or a publisher, with what the scenario keeps about it.
struct member {
  std::unique_ptr<client> c;
  std::uint32_t global = 0;  // viewer index, or publisher index when pub >= 0
  int pub = -1;              // index into worker::pubs_
  // Publisher -> what arrived, next to `pub` (both are read for every delivery). The first
  // publisher heard is kept inline: a seminar viewer hears one or two, and on the hot path
  // that saves reaching into another heap block; further publishers go to `more_tracks`.
  static constexpr std::uint32_t no_publisher = ~std::uint32_t(0);
  std::uint32_t first_k = no_publisher;
  seq_tracker first_track;
  std::vector<std::pair<std::uint32_t, seq_tracker>> more_tracks;
  std::size_t booth_index = 0;
  bool holds_slot = false;
  bool queued = false;       // waiting for a connection slot
  bool accounted = false;    // joined when the run started: must receive every publication
  bool stable = true;        // booth-chat: does not hop between booths
  bool failed = false;       // gave up joining
  bool recovering = false;   // reconnect-storm: dropped on purpose, not yet back
  int attempts = 0;          // failed attempts in the current episode
  std::int64_t episode_ns = 0;
  std::int64_t next_hop_ns = 0;
  std::int64_t switch_ns = 0;

  seq_tracker& track(std::uint32_t k) {
    if (first_k == k) return first_track;
    if (first_k == no_publisher) {
      first_k = k;
      return first_track;
    }
    for (auto& t : more_tracks)
      if (t.first == k) return t.second;
    more_tracks.emplace_back(k, seq_tracker{});
    return more_tracks.back().second;
  }
  // Calls f(k, tracker) for every publisher heard.
  template <class F>
  void for_each_track(F&& f) const {
    if (first_k != no_publisher) f(first_k, first_track);
    for (const auto& [k, t] : more_tracks) f(k, t);
  }
};

struct publisher {
  std::size_t member = 0;
  std::uint32_t k = 0;
  std::int64_t booth = 0;
  std::string room;
  std::uint32_t seq = 0;
  std::uint64_t ok = 0, errors = 0, skipped = 0, late = 0;
  std::unordered_map<std::uint32_t, std::int64_t> in_flight;  // seq -> mono ns when sent
  std::unique_ptr<asio::steady_timer> timer;
  std::int64_t next_due = 0;
};

class worker final : public client_handler {
public:
  worker(const options& o, const worker_plan& plan, const std::vector<std::string>& tokens, int control_fd,
         int report_fd)
      : o_(o), plan_(plan), report_fd_(report_fd), control_(ioc_, control_fd), tick_(ioc_), deadline_(ioc_),
        rng_(std::random_device{}() ^ std::uint32_t(plan.index)) {
    // One configuration per server endpoint, built before any client refers to it.
    for (const auto& t : o.targets) {
      boost::system::error_code ec;
      auto addr = asio::ip::make_address(t.host == "localhost" ? "127.0.0.1" : t.host, ec);
      if (ec) throw std::runtime_error("the host must be an IP address (or localhost): " + t.host);
      client_config c;
      c.target = o.target;
      c.server = asio::ip::tcp::endpoint(addr, static_cast<unsigned short>(t.port));
      c.host_header = t.host + ":" + std::to_string(t.port);
      c.path = o.path;
      c.auth = o.auth;
      c.origin = o.origin.empty() ? "http://" + c.host_header : o.origin;
      configs_.push_back(std::move(c));
    }
    slots_ = std::max(1, plan.max_connecting);
    interval_ns_ = std::int64_t(double(s_ns) / o.rate);
    build(tokens);
  }

  int run() {
    read_control();
    arm_tick();
    deadline_.expires_after(std::chrono::milliseconds(std::int64_t(plan_.deadline_s * 1000)));
    deadline_.async_wait([](const boost::system::error_code& ec) {
      if (!ec) ::_exit(4);  // the parent should have finished us long ago
    });
    if (o_.scen == scenario::join_storm) {
      report("ready", ready_summary());
      phase_ = phase::ready;
    } else {
      auto now = mono_ns();
      for (std::size_t i = 0; i < members_.size(); ++i) {
        members_[i].episode_ns = now;
        want_connect(i);
      }
    }
    ioc_.run();
    return 0;
  }

  // --- client_handler ---------------------------------------------------------------------
  void on_handshake_done(client& c) override { release_slot(members_[c.id()]); }

  void on_joined(client& c, bool recovered_all) override {
    auto& m = members_[c.id()];
    release_slot(m);
    auto now = mono_ns();
    m.attempts = 0;
    if (!recovered_all) recovered_false_joins_++;
    join_hist_.record(std::uint64_t((now - c.attempt_started_ns()) / 1000));
    last_join_ns_ = now;
    if (m.recovering) {
      m.recovering = false;
      recovery_hist_.record(std::uint64_t((now - drop_ns_) / 1000));
      last_recover_ns_ = now;
    }
  }

  void on_failed(client& c, const std::string& reason, bool retryable) override {
    auto& m = members_[c.id()];
    release_slot(m);
    failures_[reason]++;
    if (phase_ == phase::finishing) return;
    if (retryable && m.attempts < o_.retries) {
      ++m.attempts;
      auto base = std::min<std::int64_t>(5 * s_ns, (250 * ms_ns) << (m.attempts - 1));
      retry_after(c.id(), base / 2 + std::int64_t(rng_() % std::uint64_t(base)));
      return;
    }
    m.failed = true;
    m.recovering = false;
  }

  void on_closed(client& c, int code) override {
    auto& m = members_[c.id()];
    closes_[std::to_string(code)]++;
    if (phase_ == phase::finishing) return;
    // Reconnect and recover, like a real client (PROTOCOL.md section 7), after a short jitter.
    reconnects_++;
    m.attempts = 0;
    m.episode_ns = mono_ns();
    retry_after(c.id(), 20 * ms_ns + std::int64_t(rng_() % std::uint64_t(180 * ms_ns)));
  }

  void on_delivery(client& c, const wire::payload_fields& p, bool replayed, std::int64_t recv_wall_ns) override {
    auto& m = members_[c.id()];
    if (m.pub >= 0) return;
    if (replayed) replayed_++;
    else {
      deliveries_++;
      if (phase_ == phase::running) window_deliveries_++;
      auto lat = recv_wall_ns - p.t_ns;
      latency_hist_.record(std::uint64_t(std::max<std::int64_t>(0, lat) / 1000));
    }
    if (!m.track(p.pub).add(p.seq)) dups_++;
  }

  void on_ack(client& c, std::uint64_t seq, bool ok, std::string_view code) override {
    auto& m = members_[c.id()];
    if (m.pub < 0) return;
    auto& p = pubs_[std::size_t(m.pub)];
    auto it = p.in_flight.find(std::uint32_t(seq));
    if (it == p.in_flight.end()) return;  // sent before a reconnect and already written off
    ack_hist_.record(std::uint64_t((mono_ns() - it->second) / 1000));
    p.in_flight.erase(it);
    if (ok) p.ok++;
    else {
      p.errors++;
      send_errors_[std::string(code)]++;
    }
  }

  void on_switched(client& c, bool ok) override {
    auto& m = members_[c.id()];
    if (ok) {
      switches_++;
      switch_hist_.record(std::uint64_t((mono_ns() - m.switch_ns) / 1000));
    } else {
      switch_failures_++;
    }
  }

private:
  // --- set-up -----------------------------------------------------------------------------
  void build(const std::vector<std::string>& tokens) {
    const auto& ips = o_.source_ips;
    auto ip_for = [&](std::size_t slot) { return ips.empty() ? 0u : ips[slot % ips.size()]; };
    auto token_for = [&](std::size_t slot) { return tokens.empty() ? std::string() : tokens[slot % tokens.size()]; };
    const auto& booths = plan_.booth_ids;
    const std::string lobby = "fair:" + std::to_string(plan_.fair_id);
    members_.reserve(plan_.viewers + plan_.publishers.size());
    viewers_per_booth_.assign(booths.size(), 0);

    for (std::uint32_t i = 0; i < plan_.viewers; ++i) {
      std::uint32_t v = plan_.first_viewer + i;
      member m;
      m.global = v;
      m.c = std::make_unique<client>(ioc_, configs_[v % configs_.size()], *this, std::uint32_t(members_.size()),
                                     token_for(v), ip_for(v));
      std::vector<std::string> topics;
      switch (o_.scen) {
        case scenario::idle:
        case scenario::join_storm:
        case scenario::booth_chat:
          m.booth_index = v % booths.size();
          topics = {lobby, "booth:" + std::to_string(booths[m.booth_index])};
          break;
        case scenario::seminar:
          topics = {plan_.topic};
          break;
        case scenario::reconnect_storm:
          topics = {lobby, plan_.topic};
          break;
      }
      if (o_.target == target_kind::raw) topics.clear();
      m.c->set_topics(std::move(topics));
      // Booth hoppers: a fixed, evenly spread subset (a multiplicative hash of the index).
      if (o_.scen == scenario::booth_chat && o_.target != target_kind::raw && booths.size() > 1)
        m.stable = (std::uint64_t(v) * 2654435761u % 1000) >= std::uint64_t(o_.churn * 1000);
      members_.push_back(std::move(m));
    }
    for (auto k : plan_.publishers) {
      std::size_t slot = std::size_t(o_.connections) + k;
      member m;
      m.global = k;
      m.pub = int(pubs_.size());
      m.c = std::make_unique<client>(ioc_, configs_[slot % configs_.size()], *this, std::uint32_t(members_.size()),
                                     token_for(slot), ip_for(slot));
      m.c->set_discard_incoming(true);
      publisher p;
      p.member = members_.size();
      p.k = k;
      if (o_.scen == scenario::booth_chat) {
        m.booth_index = k % booths.size();
        p.booth = booths[m.booth_index];
        p.room = "booth:" + std::to_string(p.booth);
      } else {
        p.booth = plan_.topic_booth;
        p.room = plan_.topic;
      }
      p.timer = std::make_unique<asio::steady_timer>(ioc_);
      pubs_.push_back(std::move(p));
      members_.push_back(std::move(m));
    }
  }

  // --- connection slots and retries ----------------------------------------------------------
  void want_connect(std::size_t i) {
    if (members_[i].queued) return;
    members_[i].queued = true;
    waiting_.push_back(i);
    pump();
  }

  void pump() {
    while (slots_ > 0 && !waiting_.empty()) {
      auto i = waiting_.front();
      waiting_.pop_front();
      auto& m = members_[i];
      m.queued = false;
      if (!m.c->disconnected() || phase_ == phase::finishing) continue;
      --slots_;
      m.holds_slot = true;
      m.c->connect(mono_ns() + std::int64_t(o_.join_timeout * double(s_ns)));
    }
  }

  void release_slot(member& m) {
    if (!m.holds_slot) return;
    m.holds_slot = false;
    ++slots_;
    // Not from inside the client's callback: start the next attempt on a fresh turn.
    if (!pump_posted_) {
      pump_posted_ = true;
      asio::post(ioc_, [this] {
        pump_posted_ = false;
        pump();
      });
    }
  }

  void retry_after(std::size_t i, std::int64_t delay_ns) { delayed_.push({mono_ns() + delay_ns, i}); }

  // --- the periodic tick --------------------------------------------------------------------
  void arm_tick() {
    tick_.expires_after(std::chrono::milliseconds(50));
    tick_.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      on_tick();
      arm_tick();
    });
  }

  void on_tick() {
    auto now = mono_ns();
    while (!delayed_.empty() && delayed_.top().first <= now) {
      auto i = delayed_.top().second;
      delayed_.pop();
      want_connect(i);
    }
    if (++ticks_ % 4 == 0)
      for (auto& m : members_) m.c->expire(now);
    if (phase_ == phase::running && o_.scen == scenario::booth_chat) hop(now);
    check_progress(now);
  }

  // booth-chat: hoppers whose turn has come leave their booth for the next one.
  void hop(std::int64_t now) {
    const auto& booths = plan_.booth_ids;
    for (auto& m : members_) {
      if (m.stable || m.pub >= 0 || !m.c->joined() || now < m.next_hop_ns) continue;
      m.booth_index = (m.booth_index + 1) % booths.size();
      m.switch_ns = now;
      m.next_hop_ns = now + std::int64_t(o_.churn_interval * double(s_ns));
      m.c->switch_topic(1, "booth:" + std::to_string(booths[m.booth_index]));
    }
  }

  // Settled: joined, or given up.
  bool all_settled() const {
    for (const auto& m : members_)
      if (!m.failed && !m.c->joined()) return false;
    return true;
  }

  void check_progress(std::int64_t now) {
    if (phase_ == phase::ramp && all_settled()) {
      phase_ = phase::ready;
      report("ready", ready_summary());
    }
    if (o_.scen == scenario::join_storm && phase_ >= phase::running && !joined_reported_ && all_settled()) {
      joined_reported_ = true;
      report("joined", {{"elapsed_ms", double(std::max(last_join_ns_, go_ns_) - go_ns_) / 1e6}, {"joined", count_joined()}});
    }
    if (dropped_ && !recovered_reported_) {
      bool done = true;
      for (const auto& m : members_) done = done && !m.recovering;
      if (done) {
        recovered_reported_ = true;
        report("recovered", {{"elapsed_ms", double(std::max(last_recover_ns_, drop_ns_) - drop_ns_) / 1e6},
                             {"dropped", dropped_count_}});
      }
    }
    if (phase_ == phase::stopping && !stopped_reported_) {
      bool idle = true;
      for (const auto& p : pubs_) idle = idle && p.in_flight.empty();
      if (idle || now > stop_deadline_ns_) {
        stopped_reported_ = true;
        report("stopped", json::object());
      }
    }
    if (phase_ == phase::finishing) {
      bool closed = true;
      for (const auto& m : members_) closed = closed && m.c->disconnected();
      if (closed || now > finish_deadline_ns_) {
        report("result", result_);
        ioc_.stop();
      }
    }
  }

  std::uint64_t count_joined() const {
    std::uint64_t n = 0;
    for (const auto& m : members_) n += (m.pub < 0 && m.c->joined()) ? 1 : 0;
    return n;
  }

  json ready_summary() const {
    std::uint64_t viewers = 0, pubs = 0, failed = 0;
    for (const auto& m : members_) {
      if (m.c->joined()) (m.pub >= 0 ? pubs : viewers)++;
      if (m.failed) failed++;
    }
    return {{"viewers_joined", viewers}, {"publishers_joined", pubs}, {"failed", failed}, {"rss_kb", rss_kb(0)}};
  }

  // --- control pipe -------------------------------------------------------------------------
  void read_control() {
    asio::async_read_until(control_, asio::dynamic_buffer(control_buf_), '\n',
                           [this](const boost::system::error_code& ec, std::size_t n) {
                             if (ec) ::_exit(5);  // the parent is gone: so are we
                             std::string line = control_buf_.substr(0, n - 1);
                             control_buf_.erase(0, n);
                             on_command(line);
                             read_control();
                           });
  }

  void on_command(const std::string& cmd) {
    auto now = mono_ns();
    if (cmd == "go") return go(now);
    if (cmd == "drop") return drop(now);
    if (cmd == "stop") {
      if (phase_ != phase::running) return;
      phase_ = phase::stopping;
      stop_deadline_ns_ = now + 5 * s_ns;
      for (auto& p : pubs_) p.timer->cancel();
      window_ns_ = now - go_ns_;
      window_cpu_s_ = cpu_now() - go_cpu_s_;
      return;
    }
    if (cmd == "finish") return finish(now);
  }

  void go(std::int64_t now) {
    if (phase_ >= phase::running) return;
    phase_ = phase::running;
    go_ns_ = now;
    go_cpu_s_ = cpu_now();
    if (o_.scen == scenario::join_storm) {
      for (std::size_t i = 0; i < members_.size(); ++i) {
        members_[i].episode_ns = now;
        want_connect(i);
      }
      return;
    }
    for (auto& m : members_) {
      if (m.pub >= 0 && m.c->joined()) publishers_at_go_++;
      if (m.pub >= 0 || !m.c->joined()) continue;
      m.accounted = true;
      if (m.stable) viewers_per_booth_[m.booth_index]++;
      accounted_++;
      // Spread the hops of booth hoppers evenly over one interval.
      m.next_hop_ns = now + std::int64_t(double(rng_() % 1000) / 1000.0 * o_.churn_interval * double(s_ns));
    }
    // Publishers start staggered over one interval, so they do not all send at once.
    std::size_t n = pubs_.size();
    for (std::size_t i = 0; i < n; ++i) {
      auto& p = pubs_[i];
      p.next_due = now + interval_ns_ * std::int64_t(i) / std::int64_t(std::max<std::size_t>(n, 1));
      arm(p);
    }
  }

  void drop(std::int64_t now) {
    if (phase_ != phase::running || dropped_) return;
    dropped_ = true;
    drop_ns_ = now;
    for (std::size_t i = 0; i < members_.size(); ++i) {
      auto& m = members_[i];
      if (m.pub >= 0 || m.failed) continue;
      m.c->drop(o_.drop_rst);
      release_slot(m);  // drop() reports nothing, so an attempt in progress gives its slot back here
      m.recovering = true;
      m.attempts = 0;
      m.episode_ns = now;
      dropped_count_++;
      want_connect(i);
    }
  }

  void finish(std::int64_t now) {
    if (phase_ == phase::finishing) return;
    if (phase_ == phase::running) {
      window_ns_ = now - go_ns_;
      window_cpu_s_ = cpu_now() - go_cpu_s_;
    }
    result_ = build_result();
    phase_ = phase::finishing;
    finish_deadline_ns_ = now + 4 * s_ns;
    for (auto& p : pubs_) p.timer->cancel();
    waiting_.clear();
    for (auto& m : members_) {
      m.queued = false;
      m.c->close();
    }
  }

  // --- publishing ---------------------------------------------------------------------------
  void arm(publisher& p) {
    p.timer->expires_at(at(p.next_due));
    p.timer->async_wait([this, &p](const boost::system::error_code& ec) {
      if (ec || phase_ != phase::running) return;
      publish_due(p);
      arm(p);
    });
  }

  void publish_due(publisher& p) {
    auto now = mono_ns();
    int sent = 0;
    while (p.next_due <= now && sent < 1000) {
      publish_one(p);
      p.next_due += interval_ns_;
      ++sent;
    }
    // More than a second behind schedule: the generator or the link cannot keep up. Count
    // the messages not sent rather than bursting them all at once.
    if (now - p.next_due > s_ns) {
      p.late += std::uint64_t((now - p.next_due) / interval_ns_);
      p.next_due = now + interval_ns_;
    }
  }

  void publish_one(publisher& p) {
    auto& m = members_[p.member];
    if (!m.c->joined() || p.in_flight.size() >= 100000) {
      p.skipped++;
      return;
    }
    std::uint32_t seq = ++p.seq;
    auto text = wire::payload(wall_ns(), seq, p.k, std::size_t(o_.size));
    std::string nonce;
    if (o_.target == target_kind::fuar)
      nonce = plan_.run_id + "-" + std::to_string(p.k) + "-" + std::to_string(seq);
    p.in_flight.emplace(seq, mono_ns());
    m.c->publish(p.booth, p.room, text, seq, nonce);
  }

  // --- results ------------------------------------------------------------------------------
  // Does viewer `m` have to receive every publication of publisher k?
  bool receives(const member& m, std::uint32_t k) const {
    if (!m.accounted || !m.stable) return false;
    if (o_.target == target_kind::raw || o_.scen != scenario::booth_chat) return true;
    return m.booth_index == k % plan_.booth_ids.size();
  }

  json build_result() {
    std::uint32_t npub = std::uint32_t(o_.publishers);
    std::vector<std::uint64_t> expect(npub, 0), recv(npub, 0);
    std::uint64_t total_accounted_stable = 0, joined_end = 0, failed = 0, never_joined = 0;
    client_counters sum;
    for (const auto& m : members_) {
      const auto& c = m.c->counters;
      sum.frames_in += c.frames_in;
      sum.bytes_in += c.bytes_in;
      sum.presence += c.presence;
      sum.offset_gaps += c.offset_gaps;
      sum.offset_repeats += c.offset_repeats;
      sum.recovered_false += c.recovered_false;
      sum.unparsed += c.unparsed;
      if (m.failed) failed++;
      if (m.pub >= 0) continue;
      if (m.c->joined()) joined_end++;
      if (!m.accounted && o_.scen != scenario::join_storm) never_joined += m.c->joined() ? 0 : 1;
      if (m.accounted && m.stable) total_accounted_stable++;
      m.for_each_track([&](std::uint32_t k, const seq_tracker& t) {
        if (k < npub && receives(m, k)) recv[k] += t.distinct();
      });
    }
    for (std::uint32_t k = 0; k < npub; ++k) {
      if (o_.target == target_kind::raw || o_.scen != scenario::booth_chat) expect[k] = total_accounted_stable;
      else expect[k] = viewers_per_booth_[k % plan_.booth_ids.size()];
    }
    json pubs = json::array();
    for (const auto& p : pubs_)
      pubs.push_back({{"k", p.k}, {"sent", p.seq}, {"ok", p.ok}, {"errors", p.errors},
                      {"unconfirmed", p.in_flight.size()}, {"skipped", p.skipped}, {"late", p.late},
                      {"joined", members_[p.member].c->joined()}});
    json exp = json::array(), rec = json::array();
    for (std::uint32_t k = 0; k < npub; ++k) {
      if (expect[k]) exp.push_back({k, expect[k]});
      if (recv[k]) rec.push_back({k, recv[k]});
    }
    double cpu = cpu_now();
    std::uint64_t viewers = 0;
    for (const auto& m : members_) viewers += m.pub < 0 ? 1 : 0;
    return {{"worker", plan_.index},
            {"viewers", viewers},
            {"publishers", pubs_.size()},
            {"accounted", accounted_},
            {"publishers_at_go", publishers_at_go_},
            {"joined_end", joined_end},
            {"failed", failed},
            {"failures", failures_},
            {"closes", closes_},
            {"reconnects", reconnects_},
            {"deliveries", deliveries_},
            {"window_deliveries", window_deliveries_},
            {"window_s", double(window_ns_) / 1e9},
            {"replayed", replayed_},
            {"dups", dups_},
            {"recovered_false", sum.recovered_false},
            {"recovered_false_joins", recovered_false_joins_},
            {"presence", sum.presence},
            {"frames_in", sum.frames_in},
            {"bytes_in", sum.bytes_in},
            {"offset_gaps", sum.offset_gaps},
            {"offset_repeats", sum.offset_repeats},
            {"unparsed", sum.unparsed},
            {"send_errors", send_errors_},
            {"switches", switches_},
            {"switch_failures", switch_failures_},
            {"pubs", std::move(pubs)},
            {"expect", std::move(exp)},
            {"recv", std::move(rec)},
            {"hist",
             {{"join", join_hist_.to_json()},
              {"latency", latency_hist_.to_json()},
              {"ack", ack_hist_.to_json()},
              {"recovery", recovery_hist_.to_json()},
              {"switch", switch_hist_.to_json()}}},
            {"rss_kb", rss_kb(0)},
            {"cpu_s", cpu},
            {"window_cpu_s", window_cpu_s_}};
  }

  static double cpu_now() {
    rusage ru{};
    ::getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  }

  void report(const char* kind, const json& j) {
    std::string line = std::string(kind) + " " + j.dump() + "\n";
    const char* p = line.data();
    std::size_t left = line.size();
    while (left > 0) {
      auto n = ::write(report_fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) ::_exit(5);  // the parent is gone
      p += n;
      left -= std::size_t(n);
    }
  }

  const options& o_;
  const worker_plan& plan_;
  int report_fd_;
  // One thread runs everything of this process, so the reactor's per-socket locks (taken for
  // every read started and completed) are switched off.
  asio::io_context ioc_{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
  std::vector<client_config> configs_;  // one per server endpoint; never resized after set-up
  asio::posix::stream_descriptor control_;
  std::string control_buf_;
  asio::steady_timer tick_;
  asio::steady_timer deadline_;
  std::mt19937_64 rng_;
  // Declared after ioc_: clients (and their sockets) go before the io_context.
  std::vector<member> members_;
  std::vector<publisher> pubs_;
  std::vector<std::uint64_t> viewers_per_booth_;  // accounted stable viewers per booth index
  std::deque<std::size_t> waiting_;
  using delayed_item = std::pair<std::int64_t, std::size_t>;
  std::priority_queue<delayed_item, std::vector<delayed_item>, std::greater<>> delayed_;
  int slots_ = 0;
  bool pump_posted_ = false;
  std::int64_t interval_ns_ = s_ns;
  std::uint64_t ticks_ = 0;

  phase phase_ = phase::ramp;
  std::int64_t go_ns_ = 0, drop_ns_ = 0, stop_deadline_ns_ = 0, finish_deadline_ns_ = 0, window_ns_ = 0;
  std::int64_t last_join_ns_ = 0, last_recover_ns_ = 0;
  double go_cpu_s_ = 0, window_cpu_s_ = 0;
  bool joined_reported_ = false, dropped_ = false, recovered_reported_ = false, stopped_reported_ = false;
  std::uint64_t dropped_count_ = 0, accounted_ = 0, publishers_at_go_ = 0;

  histogram join_hist_, latency_hist_, ack_hist_, recovery_hist_, switch_hist_;
  std::map<std::string, std::uint64_t> failures_, closes_, send_errors_;
  std::uint64_t reconnects_ = 0, deliveries_ = 0, window_deliveries_ = 0, replayed_ = 0, dups_ = 0;
  std::uint64_t recovered_false_joins_ = 0, switches_ = 0, switch_failures_ = 0;
  json result_;
};

}  // namespace

int run_worker(const options& o, const worker_plan& plan, const std::vector<std::string>& tokens, int control_fd,
               int report_fd) {
  worker w(o, plan, tokens, control_fd, report_fd);
  return w.run();
}

}  // namespace fuar::load

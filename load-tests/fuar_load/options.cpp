#include "load-tests/fuar_load/options.hpp"

#include <cmath>
#include <cstring>
#include <ostream>
#include <stdexcept>

#include "load-tests/fuar_load/sys.hpp"

namespace fuar::load {

std::string_view to_string(scenario s) {
  switch (s) {
    case scenario::idle: return "idle";
    case scenario::seminar: return "seminar";
    case scenario::booth_chat: return "booth-chat";
    case scenario::join_storm: return "join-storm";
    case scenario::reconnect_storm: return "reconnect-storm";
  }
  return "?";
}

std::string_view to_string(target_kind t) {
  switch (t) {
    case target_kind::fuar: return "fuar";
    case target_kind::raw: return "raw";
    case target_kind::socketio: return "socketio";
  }
  return "?";
}

void print_usage(std::ostream& out) {
  out << R"(usage: fuar-load SCENARIO [options]

Load generator for fuar (and the reference peers in load-tests/peers/). One Asio io_context
per worker process; workers are forked and their results merged. Prints a table and one
line "RESULT {json}".

scenarios:
  idle             N connections, each subscribed to the fair lobby and one booth; held for
                   --duration; reports server RSS per connection (--server-pid)
  seminar          N viewers on one topic, M publishers at R msg/s each; deliveries/s,
                   publish-to-delivery latency, lost and duplicated messages
  booth-chat       N connections over many booths, M chatters (one booth each) at R msg/s,
                   a fraction (--churn) hopping between booths (presence churn)
  join-storm       N clients connect, authenticate and subscribe as fast as allowed;
                   joins/s and time until all joined
  reconnect-storm  N viewers + M publishers; after --drop-after s every viewer drops and
                   returns (subscribing with "since"); time until all recovered, lost and
                   duplicated messages (must be 0 for fuar)

target:
  --target fuar|raw|socketio   protocol to speak (default fuar)
  --url ws://HOST:PORT/PATH    or --host H (127.0.0.1) --port P (8080) [--path /ws];
                               several nodes: repeat --url, or --port P1,P2,... (client i
                               uses endpoint i mod count)
  --tokens FILE                fuar: tokens from `fuar admin provision-load` (one per
                               connection, viewers first, then publishers)
  --auth bearer|cookie         fuar: Authorization: Bearer (default), or the session cookie
                               with --origin (default http://HOST:PORT)
  --topic T                    seminar/reconnect-storm topic (fuar: booth:ID; default the
                               first booth of the tokens file; socketio: a room name)
  --booths K                   spread over the first K booths (default: all in the file)

load:
  --connections N   viewers/clients (defaults: idle 1000, seminar 500, booth-chat 1000,
                    join-storm 1000, reconnect-storm 500)
  --publishers M    (seminar 2, booth-chat 20, reconnect-storm 2, others 0)
  --rate R          messages/s per publisher (seminar 5, booth-chat 1, reconnect-storm 10)
  --size B          payload characters (default: just "t=.. seq=.. pub=..", ~40)
  --duration S      seconds of publishing/holding (default 10; join-storm: limit 60)
  --settle S        pause between all joined and the start (idle 3, others 1)
  --grace S         wait after the last publish for deliveries (2)
  --drop-after S    reconnect-storm: when viewers drop (default duration/3)
  --drop-rst        reconnect-storm: cut with RST instead of FIN
  --churn F         booth-chat: fraction of clients hopping booths (0.2)
  --churn-interval S  booth-chat: seconds between hops of one client (5)

machine:
  --workers W       processes splitting the connections (1); each holds < 19,000 here
  --cpu LIST        pin the workers (e.g. 1 or 1-3; worker i gets CPU i mod count)
  --source-ips A-B  bind client sockets to successive addresses, e.g. 127.0.0.2-127.0.0.50
  --max-connecting N  attempts in progress at once over all workers (500)
  --join-timeout S  per attempt (15); --retries N after a failure (3)
  --ramp-timeout S  everyone must have joined by then (120)
  --server-pid PID[,PID...]  read the servers' VmRSS and CPU time from /proc (summed)
  --label TEXT      copied into the JSON; --quiet: only the RESULT line

exit status: 0 run complete and checks passed; 3 run complete but a check failed (clients
that never joined, lost or duplicated messages on fuar); 1 error; 2 usage.
)";
}

namespace {

double number(const std::string& name, const std::string& v, double lo, double hi) {
  std::size_t used = 0;
  double d = 0;
  try {
    d = std::stod(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (v.empty() || used != v.size() || !std::isfinite(d) || d < lo || d > hi)
    throw std::invalid_argument(name + ": expected a number from " + std::to_string(lo) + " to " +
                                std::to_string(hi) + ", got \"" + v + "\"");
  return d;
}

int integer(const std::string& name, const std::string& v, long lo, long hi) {
  double d = number(name, v, double(lo), double(hi));
  if (d != std::floor(d)) throw std::invalid_argument(name + ": expected a whole number, got \"" + v + "\"");
  return int(d);
}

void parse_url(options& o, const std::string& url) {
  std::string rest;
  if (url.rfind("ws://", 0) == 0) rest = url.substr(5);
  else throw std::invalid_argument("--url: only ws:// URLs (no TLS), got \"" + url + "\"");
  auto slash = rest.find('/');
  std::string hostport = rest.substr(0, slash);
  o.path = slash == std::string::npos ? "/" : rest.substr(slash);
  auto colon = hostport.rfind(':');
  options::endpoint e;
  if (colon == std::string::npos) {
    e.host = hostport;
    e.port = 80;
  } else {
    e.host = hostport.substr(0, colon);
    e.port = integer("--url port", hostport.substr(colon + 1), 1, 65535);
  }
  o.targets.push_back(e);
}

std::vector<std::string> split_commas(const std::string& v) {
  std::vector<std::string> out;
  std::string part;
  for (char c : v + ",") {
    if (c != ',') {
      part += c;
      continue;
    }
    out.push_back(part);
    part.clear();
  }
  return out;
}

}  // namespace

options parse_options(int argc, char** argv) {
  options o;
  if (argc < 2) throw std::invalid_argument("missing SCENARIO");
  std::string s = argv[1];
  if (s == "idle") o.scen = scenario::idle;
  else if (s == "seminar") o.scen = scenario::seminar;
  else if (s == "booth-chat") o.scen = scenario::booth_chat;
  else if (s == "join-storm") o.scen = scenario::join_storm;
  else if (s == "reconnect-storm") o.scen = scenario::reconnect_storm;
  else throw std::invalid_argument("unknown scenario \"" + s + "\"");

  bool path_given = false;
  std::vector<int> ports;
  for (int i = 2; i < argc; ++i) {
    std::string name = argv[i];
    std::string value;
    bool has_inline = false;
    if (auto eq = name.find('='); name.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_inline = true;
    }
    auto flag = [&](const char* n) { return name == n; };
    auto val = [&]() -> std::string {
      if (has_inline) return value;
      if (i + 1 >= argc) throw std::invalid_argument(name + ": needs a value");
      return argv[++i];
    };
    if (flag("--target")) {
      auto v = val();
      if (v == "fuar") o.target = target_kind::fuar;
      else if (v == "raw") o.target = target_kind::raw;
      else if (v == "socketio") o.target = target_kind::socketio;
      else throw std::invalid_argument("--target: fuar, raw or socketio, got \"" + v + "\"");
    } else if (flag("--url")) {
      parse_url(o, val());
      path_given = true;
    } else if (flag("--host")) o.host = val();
    else if (flag("--port")) {
      ports.clear();
      for (const auto& p : split_commas(val())) ports.push_back(integer(name, p, 1, 65535));
    }
    else if (flag("--path")) {
      o.path = val();
      path_given = true;
    } else if (flag("--origin")) o.origin = val();
    else if (flag("--auth")) {
      auto v = val();
      if (v == "bearer") o.auth = auth_mode::bearer;
      else if (v == "cookie") o.auth = auth_mode::cookie;
      else throw std::invalid_argument("--auth: bearer or cookie, got \"" + v + "\"");
    } else if (flag("--connections") || flag("-n")) o.connections = integer(name, val(), 1, 1000000);
    else if (flag("--publishers")) o.publishers = integer(name, val(), 0, 10000);
    else if (flag("--rate")) o.rate = number(name, val(), 0.001, 1000000);
    else if (flag("--size")) o.size = integer(name, val(), 0, 1 << 20);
    else if (flag("--duration")) o.duration = number(name, val(), 0.1, 3600);
    else if (flag("--workers")) o.workers = integer(name, val(), 1, 256);
    else if (flag("--cpu")) {
      o.cpu_text = val();
      o.cpus = parse_cpu_list(o.cpu_text);
    } else if (flag("--source-ips")) {
      o.source_ips_text = val();
      o.source_ips = parse_ipv4_range(o.source_ips_text);
    } else if (flag("--tokens")) o.tokens_file = val();
    else if (flag("--server-pid")) {
      o.server_pids.clear();
      for (const auto& p : split_commas(val())) o.server_pids.push_back(integer(name, p, 1, 1L << 30));
    }
    else if (flag("--topic")) o.topic = val();
    else if (flag("--booths")) o.booths = integer(name, val(), 1, 100000);
    else if (flag("--fair")) o.fair_id = integer(name, val(), 1, 1L << 30);
    else if (flag("--max-connecting")) o.max_connecting = integer(name, val(), 1, 100000);
    else if (flag("--join-timeout")) o.join_timeout = number(name, val(), 0.1, 600);
    else if (flag("--retries")) o.retries = integer(name, val(), 0, 100);
    else if (flag("--ramp-timeout")) o.ramp_timeout = number(name, val(), 1, 3600);
    else if (flag("--settle")) o.settle = number(name, val(), 0, 600);
    else if (flag("--grace")) o.grace = number(name, val(), 0, 600);
    else if (flag("--drop-after")) o.drop_after = number(name, val(), 0, 3600);
    else if (flag("--drop-rst")) o.drop_rst = true;
    else if (flag("--churn")) o.churn = number(name, val(), 0, 1);
    else if (flag("--churn-interval")) o.churn_interval = number(name, val(), 0.05, 3600);
    else if (flag("--quiet")) o.quiet = true;
    else if (flag("--label")) o.label = val();
    else throw std::invalid_argument("unknown option \"" + name + "\"");
  }

  // Per-scenario defaults.
  auto dflt = [](auto& v, auto d) {
    if (v < 0 || v == 0) v = d;
  };
  switch (o.scen) {
    case scenario::idle:
      dflt(o.connections, 1000);
      if (o.publishers < 0) o.publishers = 0;
      if (o.duration < 0) o.duration = 10;
      if (o.settle < 0) o.settle = 3;
      break;
    case scenario::seminar:
      dflt(o.connections, 500);
      if (o.publishers < 0) o.publishers = 2;
      if (o.rate < 0) o.rate = 5;
      if (o.duration < 0) o.duration = 10;
      break;
    case scenario::booth_chat:
      dflt(o.connections, 1000);
      if (o.publishers < 0) o.publishers = 20;
      if (o.rate < 0) o.rate = 1;
      if (o.duration < 0) o.duration = 20;
      break;
    case scenario::join_storm:
      dflt(o.connections, 1000);
      if (o.publishers < 0) o.publishers = 0;
      if (o.duration < 0) o.duration = 60;
      break;
    case scenario::reconnect_storm:
      dflt(o.connections, 500);
      if (o.publishers < 0) o.publishers = 2;
      if (o.rate < 0) o.rate = 10;
      if (o.duration < 0) o.duration = 15;
      if (o.drop_after < 0) o.drop_after = o.duration / 3;
      break;
  }
  if (o.rate < 0) o.rate = 1;
  if (o.settle < 0) o.settle = 1;
  if (o.scen == scenario::idle || o.scen == scenario::join_storm) o.publishers = 0;
  if (o.scen == scenario::reconnect_storm && o.drop_after >= o.duration)
    throw std::invalid_argument("--drop-after must be less than --duration");
  if (!path_given) {
    o.path = o.target == target_kind::fuar       ? "/ws"
             : o.target == target_kind::socketio ? "/socket.io/?EIO=4&transport=websocket"
                                                 : "/";
  }
  if (!o.targets.empty() && !ports.empty())
    throw std::invalid_argument("--url and --port: give the endpoints one way");
  if (o.targets.empty()) {
    if (ports.empty()) ports.push_back(8080);
    for (int p : ports) o.targets.push_back({o.host, p});
  }
  o.host = o.targets.front().host;
  o.port = o.targets.front().port;
  if (o.target == target_kind::fuar && o.tokens_file.empty())
    throw std::invalid_argument("--tokens FILE is required for --target fuar (see `fuar admin provision-load`)");
  if (o.target == target_kind::fuar && o.size > 2000)
    throw std::invalid_argument("--size: fuar chat text is at most 2000 characters");
  if (o.workers > o.connections) o.workers = o.connections;
  return o;
}

}  // namespace fuar::load

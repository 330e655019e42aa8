// `fuar admin ...`: operator commands that work on the data directory directly.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "protocol/catalogue.hpp"
#include "server/contract/commands.hpp"
#include "server/contract/routes.hpp"
#include "server/app/app.hpp"
#include "server/app/capabilities.hpp"
#include "server/auth/password.hpp"
#include "server/auth/tokens.hpp"
#include "server/store/store.hpp"
#include "server/util/clock.hpp"

namespace fuar::app {

namespace {

void admin_usage(std::ostream& out) {
  out << "usage: fuar [--config FILE] admin COMMAND [options]\n"
         "commands:\n"
         "  config                          print the configuration after defaults, file and\n"
         "                                  environment are applied (JSON)\n"
         "  create-organiser --email E --name N\n"
         "                                  create an organiser account; the password is taken\n"
         "                                  from FUAR_ADMIN_PASSWORD or generated and printed\n"
         "  catalogue                       print the WebSocket message catalogue (JSON)\n"
         "  routes                          print the policy table: every WebSocket command and\n"
         "                                  HTTP route with who may call it and the ownership\n"
         "                                  rule applied on top (JSON)\n"
         "  provision-load --users N --prefix P --out FILE [--booths K] [--ttl-s S]\n"
         "                                  for load runs (load-tests/): create (or reuse) N\n"
         "                                  jobseeker accounts P-000001... sharing one unusable\n"
         "                                  password, one session each (valid S seconds, default\n"
         "                                  86400), and at least K booths (default 4) in the\n"
         "                                  \"Load test fair\" (live, marked demo); writes the fair\n"
         "                                  id, the booth ids and one session token per line to\n"
         "                                  FILE (mode 0600)\n";
}

const char* option(int argc, char** argv, const char* name) {
  for (int i = 0; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  return nullptr;
}

// Parses a whole decimal number in [lo, hi]; nullopt otherwise.
std::optional<long long> number_option(const char* text, long long lo, long long hi) {
  if (!text || !*text) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(text, &end, 10);
  if (errno != 0 || *end != '\0' || v < lo || v > hi) return std::nullopt;
  return v;
}

// `provision-load`: accounts, sessions and booths for a load run, in a handful of
// transactions (the users and their sessions in one), with ONE password hash shared by all
// accounts (argon2id per account would take minutes for 19,000 users). The password itself is
// random and discarded: these accounts can only be used through their session tokens.
//
// The booths live in a dedicated fair, "Load test fair" (status live, marked demo, meta key
// "load_fair_id"), so load runs work with server.demo off and never write into the demo fair.
// Output file (mode 0600, written to FILE.tmp and renamed):
//   # fuar load tokens: N users, prefix P, expires_at T
//   # fair_id=F
//   # booth_ids=B1,B2,...
//   TOKEN            (one per user, in account order P-000001, P-000002, ...)
int provision_load(const config& cfg, int argc, char** argv) {
  const char* me = "fuar admin provision-load";
  auto users = number_option(option(argc, argv, "--users"), 1, 1000000);
  auto booths = number_option(option(argc, argv, "--booths") ? option(argc, argv, "--booths") : "4", 0, 10000);
  auto ttl = number_option(option(argc, argv, "--ttl-s") ? option(argc, argv, "--ttl-s") : "86400", 60, 365LL * 86400);
  const char* prefix = option(argc, argv, "--prefix");
  const char* out = option(argc, argv, "--out");
  if (!users || !prefix || !out) {
    std::cerr << me << ": --users N (1 to 1000000), --prefix P and --out FILE are required\n";
    return 2;
  }
  if (!booths || !ttl) {
    std::cerr << me << ": --booths must be 0 to 10000 and --ttl-s 60 to 31536000\n";
    return 2;
  }
  std::string p = prefix;
  bool prefix_ok = !p.empty() && p.size() <= 32;
  for (char c : p)
    prefix_ok = prefix_ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
  if (!prefix_ok) {
    std::cerr << me << ": --prefix must be 1 to 32 letters, digits, '-' or '_'\n";
    return 2;
  }

  auto started = std::chrono::steady_clock::now();
  auth::init_crypto();
  std::filesystem::create_directories(cfg.server.data_dir);
  auto st = store::open(store_options(cfg));

  // The load fair: found through the meta key, created once.
  std::int64_t fair_id = 0;
  if (auto id = st->get_meta("load_fair_id")) {
    auto f = st->fairs().find_fair(std::stoll(*id));
    if (f) fair_id = f->id;
  }
  if (fair_id == 0) {
    store::fair f;
    f.title_tr = "Yük testi fuarı";
    f.title_en = "Load test fair";
    f.description_tr = "fuar-load için oluşturuldu; deneme verisidir.";
    f.description_en = "Created for fuar-load; test data.";
    f.theme = "load";
    f.timezone = "UTC";
    f.starts_at = util::unix_s() - 3600;
    f.ends_at = util::unix_s() + 365LL * 86400;
    f.status = "live";
    f.is_demo = true;
    fair_id = st->fairs().create_fair(f, {}, util::unix_s());
    st->set_meta("load_fair_id", std::to_string(fair_id));
  }
  auto existing = st->booths().list_booths(fair_id);
  for (auto n = static_cast<long long>(existing.size()); n < *booths; ++n) {
    char name[32];
    std::snprintf(name, sizeof name, "Load booth %03lld", n + 1);
    st->booths().create_booth({0, fair_id, name, "Load testing", "Loopback", "Created for fuar-load.", true});
  }
  std::vector<std::int64_t> booth_ids;
  for (const auto& b : st->booths().list_booths(fair_id)) booth_ids.push_back(b.id);
  std::sort(booth_ids.begin(), booth_ids.end());

  auto cost = cfg.auth.password_cost == "minimal" ? auth::minimal_cost() : auth::interactive_cost();
  const std::string shared_hash = auth::hash_password(auth::random_password(24), cost);
  std::vector<std::string> tokens, hashes;
  tokens.reserve(std::size_t(*users));
  hashes.reserve(std::size_t(*users));
  for (long long i = 0; i < *users; ++i) {
    tokens.push_back(auth::new_token());
    hashes.push_back(auth::token_hash(tokens.back()));
  }
  const std::int64_t expires_at = util::unix_s() + *ttl;
  st->provision_load_users(p, hashes, shared_hash, expires_at);

  const std::string path = out;
  const std::string tmp = path + ".tmp";
  {
    // Created 0600 before any token is written.
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
      std::cerr << me << ": cannot write " << tmp << ": " << std::strerror(errno) << "\n";
      return 1;
    }
    ::close(fd);
    std::ofstream f(tmp, std::ios::trunc);
    f << "# fuar load tokens: " << *users << " users, prefix " << p << ", expires_at " << expires_at << "\n";
    f << "# fair_id=" << fair_id << "\n# booth_ids=";
    for (std::size_t i = 0; i < booth_ids.size(); ++i) f << (i ? "," : "") << booth_ids[i];
    f << "\n";
    for (const auto& t : tokens) f << t << "\n";
    f.flush();
    if (!f) {
      std::cerr << me << ": cannot write " << tmp << "\n";
      return 1;
    }
  }
  std::filesystem::rename(tmp, path);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  std::cout << "provisioned " << *users << " load account(s) " << p << "-000001.. with sessions, fair "
            << fair_id << ", " << booth_ids.size() << " booth(s), in " << ms << " ms; tokens in " << path << "\n";
  return 0;
}

}  // namespace

int run_admin(const config& cfg, int argc, char** argv) {
  if (argc < 1 || std::strcmp(argv[0], "--help") == 0) {
    admin_usage(argc < 1 ? std::cerr : std::cout);
    return argc < 1 ? 2 : 0;
  }
  std::string cmd = argv[0];
  if (cmd == "config") {
    std::cout << to_json(cfg).dump(2) << "\n";
    return 0;
  }
  if (cmd == "routes") {
    // The whole policy: the command table and the route table, the only ways in, each row with
    // its audience and ownership rule (the authorisation matrix test checks that every row has a
    // probe).
    nlohmann::json out = nlohmann::json::array();
    for (const auto& cap : capability_tables().capabilities())
      for (const auto& c : cap.commands)
        out.push_back({{"action", "ws " + std::string(c.type)}, {"who", api::to_string(c.who)}, {"ownership", c.ownership}});
    for (const auto& r : capability_tables().routes())
      out.push_back({{"action", std::string(r.method) + " " + std::string(r.pattern)},
                     {"who", api::to_string(r.who)},
                     {"ownership", r.ownership}});
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (cmd == "catalogue") {
    nlohmann::json out{{"commands", nlohmann::json::array()}, {"events", nlohmann::json::array()}};
    for (const auto& c : protocol::commands()) out["commands"].push_back(c.type);
    for (const auto& e : protocol::events()) out["events"].push_back(e);
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (cmd == "create-organiser") {
    const char* email = option(argc, argv, "--email");
    const char* name = option(argc, argv, "--name");
    if (!email || !name) {
      std::cerr << "fuar admin create-organiser: --email and --name are required\n";
      return 2;
    }
    std::string e = email;
    for (auto& ch : e) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    if (e.find('@') == std::string::npos || e.size() > 254) {
      std::cerr << "fuar admin create-organiser: --email is not an email address\n";
      return 2;
    }
    const char* given = std::getenv("FUAR_ADMIN_PASSWORD");
    std::string password = given ? given : auth::random_password(16);
    if (password.size() < 8) {
      std::cerr << "fuar admin create-organiser: FUAR_ADMIN_PASSWORD must have at least 8 characters\n";
      return 2;
    }
    auth::init_crypto();
    std::filesystem::create_directories(cfg.server.data_dir);
    auto st = store::open(store_options(cfg));
    auto cost = cfg.auth.password_cost == "minimal" ? auth::minimal_cost() : auth::interactive_cost();
    auto u = st->create_user(e, name, store::role::organiser, auth::hash_password(password, cost));
    if (!u) {
      std::cerr << "fuar admin create-organiser: an account with email " << e << " already exists\n";
      return 1;
    }
    std::cout << "created organiser id=" << u->id << " email=" << u->email;
    if (!given) std::cout << " password=" << password;
    std::cout << "\n";
    return 0;
  }
  if (cmd == "provision-load") return provision_load(cfg, argc, argv);
  std::cerr << "fuar admin: unknown command \"" << cmd << "\"\n";
  admin_usage(std::cerr);
  return 2;
}

}  // namespace fuar::app

// `fuar admin ...`: operator commands that work on the data directory directly.
#include <cstring>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "protocol/catalogue.hpp"
#include "server/app/app.hpp"
#include "server/auth/password.hpp"
#include "server/auth/tokens.hpp"
#include "server/store/store.hpp"

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
         "  catalogue                       print the WebSocket message catalogue (JSON)\n";
}

const char* option(int argc, char** argv, const char* name) {
  for (int i = 0; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  return nullptr;
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
    auto st = store::open_sqlite_store(cfg.sqlite_file(), store::default_migrations_dir());
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
  std::cerr << "fuar admin: unknown command \"" << cmd << "\"\n";
  admin_usage(std::cerr);
  return 2;
}

}  // namespace fuar::app

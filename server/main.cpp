// fuar: a real-time server for virtual job fairs. main() only parses the command line and
// hands over to app/.
#include <cstring>
#include <iostream>

#include "server/app/app.hpp"

namespace {

void usage(std::ostream& out) {
  out << "usage: fuar [--config FILE] [admin COMMAND ...]\n"
         "\n"
         "Starts the fuar server, or runs an admin command.\n"
         "\n"
         "options:\n"
         "  --config FILE   configuration file (JSON with // comments); every key, its default and\n"
         "                  its meaning are in config/fuar.json. Each key can also be set with an\n"
         "                  environment variable FUAR_<SECTION>_<KEY>, e.g. FUAR_SERVER_PORT=9000,\n"
         "                  which wins over the file. FUAR_CONFIG names the file when --config is\n"
         "                  not given.\n"
         "  --help          this text\n"
         "  --version       print the version\n"
         "\n"
         "admin commands (fuar admin --help for details):\n"
         "  config, create-organiser, catalogue, provision-load\n"
         "\n"
         "signals: SIGINT/SIGTERM drain and stop within server.shutdown_timeout_s.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_path;
  if (const char* env = std::getenv("FUAR_CONFIG")) config_path = env;
  int i = 1;
  for (; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      usage(std::cout);
      return 0;
    }
    if (std::strcmp(argv[i], "--version") == 0) {
      std::cout << "fuar 0.1.0\n";
      return 0;
    }
    if (std::strcmp(argv[i], "--config") == 0) {
      if (i + 1 >= argc) {
        std::cerr << "fuar: --config needs a file name\n";
        return 2;
      }
      config_path = argv[++i];
      continue;
    }
    break;
  }
  try {
    auto cfg = fuar::app::load_config(config_path, fuar::app::process_environment());
    if (i < argc && std::strcmp(argv[i], "admin") == 0) return fuar::app::run_admin(cfg, argc - i - 1, argv + i + 1);
    if (i < argc) {
      std::cerr << "fuar: unknown argument \"" << argv[i] << "\"\n";
      usage(std::cerr);
      return 2;
    }
    return fuar::app::run_server(cfg);
  } catch (const fuar::app::config_error& e) {
    std::cerr << "fuar: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "fuar: " << e.what() << "\n";
    return 1;
  }
}

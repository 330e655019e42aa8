// The parts of fuar::store that do not depend on SQLite: role names, the build's migrations
// folders and the choice of implementation.
#include "server/store/store.hpp"

#include "server/store/sqlite_store.hpp"

#ifndef FUAR_MIGRATIONS_DIR
#error "FUAR_MIGRATIONS_DIR must be defined by the build (see CMakeLists.txt, target fuar_store)"
#endif

namespace fuar::store {

// The names used on the wire and in the users.role column (001_init.sql checks the same set).
std::string_view to_string(role r) {
  switch (r) {
    case role::jobseeker: return "jobseeker";
    case role::employer: return "employer";
    case role::organiser: return "organiser";
  }
  return "unknown";  // unreachable for a valid enum value; keeps -Wreturn-type quiet
}

// Exact, case-sensitive match of to_string's names; nullopt for anything else.
std::optional<role> role_from_string(std::string_view s) {
  if (s == "jobseeker") return role::jobseeker;
  if (s == "employer") return role::employer;
  if (s == "organiser") return role::organiser;
  return std::nullopt;
}

// Compiled in so that tests and tools find the migrations without configuration.
std::string default_migrations_dir(const std::string& dialect) { return std::string(FUAR_MIGRATIONS_DIR) + "/" + dialect; }

std::unique_ptr<store> open(const options& o) {
  if (o.type == "sqlite") {
    if (o.sqlite_path.empty()) throw store_error("store: sqlite needs a database path");
    return open_sqlite(o.sqlite_path, o.migrations_dir.empty() ? default_migrations_dir("sqlite") : o.migrations_dir);
  }
  throw store_error("store: unknown store type \"" + o.type + "\" (known: sqlite)");
}

}  // namespace fuar::store

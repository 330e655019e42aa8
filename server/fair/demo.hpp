#pragma once
// The demo fair that `make run` shows: clearly marked demo data (is_demo = true, titles say
// "Demo"), with accounts whose passwords are generated once per data directory and kept in
// <data_dir>/demo-accounts.json (mode 0600) so they can be printed at every start.
#include <cstdint>
#include <string>
#include <vector>

#include "server/auth/password.hpp"
#include "server/store/store.hpp"

namespace fuar::fair {

struct demo_account {
  std::string role;
  std::string email;
  std::string password;
  std::int64_t booth_id = 0;  // employers: the booth they staff
};

// Seeds the demo fair once (idempotent: meta key "demo_seeded") and returns its accounts.
// Blocking (store, password hashing); throws store_error or std::runtime_error.
std::vector<demo_account> ensure_demo(store::store& st, const std::string& data_dir,
                                      auth::password_cost cost);

}  // namespace fuar::fair

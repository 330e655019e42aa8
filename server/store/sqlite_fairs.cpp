// SQLite implementation of fuar::store::fairs_store over the shared connection.
#include "server/store/sqlite_conn.hpp"

namespace fuar::store {
namespace {

class sqlite_fairs final : public fairs_store {
public:
  explicit sqlite_fairs(sqlite_conn& c) : c_(c) {}

private:
  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<fairs_store> make_sqlite_fairs(sqlite_conn& c) { return std::make_unique<sqlite_fairs>(c); }

}  // namespace fuar::store

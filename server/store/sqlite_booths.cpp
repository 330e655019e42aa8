// SQLite implementation of fuar::store::booths_store over the shared connection.
#include "server/store/sqlite_conn.hpp"

namespace fuar::store {
namespace {

class sqlite_booths final : public booths_store {
public:
  explicit sqlite_booths(sqlite_conn& c) : c_(c) {}

private:
  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<booths_store> make_sqlite_booths(sqlite_conn& c) { return std::make_unique<sqlite_booths>(c); }

}  // namespace fuar::store

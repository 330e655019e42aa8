// SQLite implementation of fuar::store::people_store over the shared connection.
#include "server/store/sqlite_conn.hpp"

namespace fuar::store {
namespace {

class sqlite_people final : public people_store {
public:
  explicit sqlite_people(sqlite_conn& c) : c_(c) {}

private:
  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<people_store> make_sqlite_people(sqlite_conn& c) { return std::make_unique<sqlite_people>(c); }

}  // namespace fuar::store

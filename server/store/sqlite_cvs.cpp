// SQLite implementation of fuar::store::cvs_store over the shared connection.
#include "server/store/sqlite_conn.hpp"

namespace fuar::store {
namespace {

class sqlite_cvs final : public cvs_store {
public:
  explicit sqlite_cvs(sqlite_conn& c) : c_(c) {}

private:
  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<cvs_store> make_sqlite_cvs(sqlite_conn& c) { return std::make_unique<sqlite_cvs>(c); }

}  // namespace fuar::store

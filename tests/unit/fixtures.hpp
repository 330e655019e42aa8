#pragma once
// Fixtures shared by the unit tests: a temporary folder removed with everything in it, the
// fixed clock of the store tests (t0), and the live fair those tests put their booths in.
// Header-only; include it after the header a test file tests (that one comes first).
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <system_error>

#include "server/store/store.hpp"
#include "server/store/fairs_store.hpp"

namespace fuar::test {

// A folder under the system temp dir, named `prefix` and two random numbers, created fresh
// (never one that exists) and removed with everything in it by the destructor.
struct temp_dir {
  std::filesystem::path path;

  explicit temp_dir(const std::string& prefix) {
    std::random_device rd;
    for (;;) {
      path = std::filesystem::temp_directory_path() / (prefix + std::to_string(rd()) + "_" + std::to_string(rd()));
      if (std::filesystem::create_directory(path)) break;  // false: the name exists, draw again
    }
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  // The SQLite database file the store tests open in this folder.
  std::string db() const { return (path / "fuar.db").string(); }

  // Writes `text` to `rel` below the folder (creating the folders between); returns its path.
  // One REQUIRE: the file was written completely.
  std::string write(const std::string& rel, const std::string& text) const {
    auto p = path / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    out.close();
    REQUIRE(out.good());
    return p.string();
  }
};

// "Now" in the store tests: 2027-01-15T08:00:00Z.
inline constexpr std::int64_t t0 = 1'800'000'000;

// Creates the usual live fair ("Fuar", Europe/Istanbul, from an hour before t0 until a day
// after it, created at t0) and returns its id.
inline std::int64_t create_live_fair(store::store& st) {
  store::fair f;
  f.title_tr = f.title_en = "Fuar";
  f.timezone = "Europe/Istanbul";
  f.starts_at = t0 - 3600;
  f.ends_at = t0 + 86400;
  f.status = "live";
  f.created_at = f.updated_at = t0;
  return st.fairs().create_fair(f, {}, t0);
}

}  // namespace fuar::test

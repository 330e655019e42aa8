#pragma once
// The row mappers more than one part of the SQLite store reads (accounts, fairs, booths, the
// report buckets), each beside the column list it expects, and the text helpers the parts
// share. Internal to the store library. A mapper used by one part only lives in that part's file.
#include <string>

#include "server/store/sqlite_conn.hpp"

namespace fuar::store {

// ASCII lower-case: emails are compared byte-wise after this, matching SQLite's lower() in the
// schema's CHECK. Non-ASCII bytes are left as they are.
inline std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// A role name from the database. The schema's CHECK makes an unknown one unreachable unless
// the file was edited by hand.
inline role read_role(row& r) {
  auto v = role_from_string(r.get<std::string>());
  if (!v) throw store_error("store: unknown role in database");
  return *v;
}

// users u
#define FUAR_USER_COLUMNS "u.id, u.email, u.name, u.role, u.password_hash, u.created_at"
inline user read_user(row& r) {
  user u;
  r >> u.id >> u.email >> u.name;
  u.user_role = read_role(r);
  r >> u.password_hash >> u.created_at;
  return u;
}

// fairs f
#define FUAR_FAIR_COLUMNS                                                                           \
  "f.id, f.title_tr, f.title_en, f.description_tr, f.description_en, f.theme, f.timezone, "       \
  "f.starts_at, f.ends_at, f.status, f.is_demo, f.capacity, f.min_age, f.max_age, f.created_by, " \
  "f.created_at, f.updated_at"
inline fair read_fair(row& r) {
  fair f;
  r >> f.id >> f.title_tr >> f.title_en >> f.description_tr >> f.description_en >> f.theme >> f.timezone >>
      f.starts_at >> f.ends_at >> f.status >> f.is_demo >> f.capacity >> f.min_age >> f.max_age >>
      f.created_by >> f.created_at >> f.updated_at;
  return f;
}

// booths b
#define FUAR_BOOTH_COLUMNS                                                                               \
  "b.id, b.fair_id, b.name, b.sector, b.city, b.description, b.is_demo, b.website, b.video_url, "      \
  "b.logo_file, b.logo_type, b.opens_at, b.closes_at, b.updated_at"
inline booth read_booth(row& r) {
  booth b;
  r >> b.id >> b.fair_id >> b.name >> b.sector >> b.city >> b.description >> b.is_demo >> b.website >>
      b.video_url >> b.logo_file >> b.logo_type >> b.opens_at >> b.closes_at >> b.updated_at;
  return b;
}

// SQL for the outcome buckets' age group at the fair's start year (15-24 | 25+ | NULL when no
// consented birth year). Shared by the cvs part (anonymisation freezes it into anon_*, the live
// report computes it) and the figures part (interviewed people), so all count the same way.
#define AGE_GROUP_OF(birth_year, starts_at)                                                          \
  "CASE WHEN " birth_year " IS NULL THEN NULL "                                                      \
  "WHEN CAST(strftime('%Y', " starts_at ", 'unixepoch') AS INTEGER) - " birth_year " <= 24 THEN '15-24' " \
  "ELSE '25+' END"

// The outcome buckets of one person from the next four columns: gender, age group
// (AGE_GROUP_OF), disability (0/1) and education level, each NULL when not consented/known.
// Education collapses to the report's three levels.
inline hired_row read_buckets(row& r) {
  hired_row h;
  r >> h.gender >> h.age_group;
  if (auto d = r.get<std::optional<bool>>()) h.disability = *d ? "yes" : "no";
  if (auto e = r.get<std::optional<std::string>>())
    h.education = *e == "primary" ? "primary" : *e == "secondary" ? "secondary" : "associate_or_higher";
  return h;
}

}  // namespace fuar::store

// SQLite implementation of fuar::store::booths_store over the shared connection.
//
// The hall's full-text index (hall_fts, migration 004) is maintained by triggers on booths and
// jobs, so every write here (and every booth another part of the server creates) updates it in
// its own transaction; nothing in this file writes to hall_fts.
#include <map>

#include "server/store/sqlite_rows.hpp"
#include "server/store/sqlite_text.hpp"

namespace fuar::store {
namespace {

#define JOB_COLUMNS                                                                                   \
  "j.id, j.booth_id, j.title, j.occupation_id, j.city, j.work_mode, j.employment_type, "            \
  "j.education_level, j.experience_years, j.openings, j.disability, j.description, j.closes_at, "   \
  "j.status, j.created_at, j.updated_at"

job read_job(row& r) {
  job j;
  r >> j.id >> j.booth_id >> j.title >> j.occupation_id >> j.city >> j.work_mode >> j.employment_type >>
      j.education_level >> j.experience_years >> j.openings >> j.disability >> j.description >> j.closes_at >>
      j.status >> j.created_at >> j.updated_at;
  return j;
}

occupation read_occupation(row& r) {
  occupation o;
  r >> o.id >> o.isco08 >> o.name_tr >> o.name_en;
  return o;
}

std::optional<std::string> text_or_null(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional(s);
}

class sqlite_booths final : public booths_store {
public:
  explicit sqlite_booths(sqlite_conn& c) : c_(c) {}

  // ---- booths ----

  std::int64_t create_booth(const booth& b) override {
    return c_.locked("create_booth", [&] {
      return c_.insert("INSERT INTO booths (fair_id, name, sector, city, description, is_demo) VALUES (?, ?, ?, ?, ?, ?)",
                       b.fair_id, b.name, b.sector, b.city, b.description, b.is_demo);
    });
  }

  std::vector<booth> list_booths(std::int64_t fair_id) override {
    return c_.locked("list_booths", [&] {
      return c_.query("SELECT " FUAR_BOOTH_COLUMNS " FROM booths b WHERE b.fair_id = ? ORDER BY b.name, b.id", fair_id)
          .all(read_booth);
    });
  }

  std::optional<booth> find_booth(std::int64_t id) override {
    return c_.locked("find_booth",
                     [&] { return c_.query("SELECT " FUAR_BOOTH_COLUMNS " FROM booths b WHERE b.id = ?", id).first(read_booth); });
  }

  bool update_booth_profile(std::int64_t booth_id, const booth_profile& p, std::int64_t now) override {
    return c_.locked("update_booth_profile", [&] {
      return c_.exec("UPDATE booths SET name = ?, sector = ?, city = ?, website = ?, video_url = ?, description = ?, "
                     "opens_at = ?, closes_at = ?, updated_at = ? WHERE id = ?",
                     p.name, p.sector, p.city, p.website, p.video_url, p.description, p.opens_at, p.closes_at, now,
                     booth_id) == 1;
    });
  }

  // Read and write in one IMMEDIATE transaction, so two concurrent uploads cannot both see the
  // same previous file and one of the new files be orphaned without anyone removing it.
  std::optional<std::string> set_logo(std::int64_t booth_id, const std::string& file, const std::string& type,
                                      std::int64_t now) override {
    return c_.locked("set_logo", [&]() -> std::optional<std::string> {
      auto tx = c_.write_transaction();
      auto previous = c_.query("SELECT logo_file FROM booths WHERE id = ?", booth_id).first([](row& r) {
        return r.get<std::string>();
      });
      if (!previous) return std::nullopt;
      c_.exec("UPDATE booths SET logo_file = ?, logo_type = ?, updated_at = ? WHERE id = ?", text_or_null(file),
              file.empty() ? std::nullopt : std::optional(type), now, booth_id);
      tx.commit();
      return previous;
    });
  }

  // ---- staff ----

  void add_booth_member(std::int64_t booth_id, std::int64_t user_id, const std::string& member_role) override {
    c_.locked("add_booth_member", [&] {
      c_.exec("INSERT INTO booth_members (booth_id, user_id, member_role) VALUES (?, ?, ?) "
              "ON CONFLICT (booth_id, user_id) DO UPDATE SET member_role = excluded.member_role",
              booth_id, user_id, member_role);
    });
  }

  bool is_booth_member(std::int64_t booth_id, std::int64_t user_id) override {
    return c_.locked("is_booth_member", [&] {
      return c_.query("SELECT 1 FROM booth_members WHERE booth_id = ? AND user_id = ?", booth_id, user_id).exists();
    });
  }

  std::optional<std::string> member_role(std::int64_t booth_id, std::int64_t user_id) override {
    return c_.locked("member_role", [&] {
      return c_.query("SELECT member_role FROM booth_members WHERE booth_id = ? AND user_id = ?", booth_id, user_id)
          .value<std::string>();
    });
  }

  std::vector<staff_member> booth_members(std::int64_t booth_id) override {
    return c_.locked("booth_members", [&] {
      return c_
          .query("SELECT u.id, u.name, u.email, m.member_role FROM booth_members m JOIN users u ON u.id = m.user_id "
                 "WHERE m.booth_id = ? ORDER BY m.member_role = 'owner' DESC, u.name, u.id",
                 booth_id)
          .all([](row& r) {
            staff_member m;
            r >> m.user_id >> m.name >> m.email >> m.member_role;
            return m;
          });
    });
  }

  bool remove_recruiter(std::int64_t booth_id, std::int64_t user_id) override {
    return c_.locked("remove_recruiter", [&] {
      return c_.exec("DELETE FROM booth_members WHERE booth_id = ? AND user_id = ? AND member_role = 'recruiter'",
                     booth_id, user_id) == 1;
    });
  }

  std::vector<staffed_booth> booths_of(std::int64_t user_id) override {
    return c_.locked("booths_of", [&] {
      return c_
          .query("SELECT " FUAR_BOOTH_COLUMNS ", m.member_role "
                 "FROM booth_members m JOIN booths b ON b.id = m.booth_id JOIN fairs f ON f.id = b.fair_id "
                 "WHERE m.user_id = ? ORDER BY f.starts_at, f.id, b.name, b.id",
                 user_id)
          .all([](row& r) {
            staffed_booth s;
            s.b = read_booth(r);
            r >> s.member_role;
            return s;
          });
    });
  }

  // ---- jobs ----

  std::int64_t create_job(const job& j, std::int64_t now) override {
    return c_.locked("create_job", [&] {
      return c_.insert(
          "INSERT INTO jobs (booth_id, title, occupation_id, city, work_mode, employment_type, education_level, "
          "experience_years, openings, disability, description, closes_at, status, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          j.booth_id, j.title, text_or_null(j.occupation_id), j.city, j.work_mode, j.employment_type,
          j.education_level, j.experience_years, j.openings, j.disability, j.description, j.closes_at, j.status,
          now, now);
    });
  }

  std::optional<job> find_job(std::int64_t id) override {
    return c_.locked("find_job", [&] { return c_.query("SELECT " JOB_COLUMNS " FROM jobs j WHERE j.id = ?", id).first(read_job); });
  }

  std::vector<job> list_jobs(std::int64_t booth_id, bool include_closed) override {
    return c_.locked("list_jobs", [&] {
      return c_
          .query("SELECT " JOB_COLUMNS " FROM jobs j WHERE j.booth_id = ? AND (? OR j.status = 'open') ORDER BY j.id",
                 booth_id, include_closed)
          .all(read_job);
    });
  }

  std::vector<job> open_jobs_of_fair(std::int64_t fair_id) override {
    return c_.locked("open_jobs_of_fair", [&] {
      return c_
          .query("SELECT " JOB_COLUMNS " FROM jobs j JOIN booths b ON b.id = j.booth_id "
                 "WHERE b.fair_id = ? AND j.status = 'open' ORDER BY j.booth_id, j.id",
                 fair_id)
          .all(read_job);
    });
  }

  bool update_job(const job& j, std::int64_t now) override {
    return c_.locked("update_job", [&] {
      return c_.exec("UPDATE jobs SET title = ?, occupation_id = ?, city = ?, work_mode = ?, employment_type = ?, "
                     "education_level = ?, experience_years = ?, openings = ?, disability = ?, description = ?, "
                     "closes_at = ?, status = ?, updated_at = ? WHERE id = ?",
                     j.title, text_or_null(j.occupation_id), j.city, j.work_mode, j.employment_type,
                     j.education_level, j.experience_years, j.openings, j.disability, j.description, j.closes_at,
                     j.status, now, j.id) == 1;
    });
  }

  // The check and the delete share a transaction: an application arriving in between would
  // otherwise lose its job (ON DELETE SET NULL) after we decided there was none.
  delete_job_result delete_job(std::int64_t id) override {
    return c_.locked("delete_job", [&] {
      auto tx = c_.write_transaction();
      if (c_.query("SELECT 1 FROM applications WHERE job_id = ? LIMIT 1", id).exists())
        return delete_job_result::has_applications;
      int n = c_.exec("DELETE FROM jobs WHERE id = ?", id);
      tx.commit();
      return n == 1 ? delete_job_result::deleted : delete_job_result::not_found;
    });
  }

  // ---- occupations ----

  std::vector<occupation> list_occupations() override {
    return c_.locked("list_occupations", [&] {
      return c_.query("SELECT id, isco08, name_tr, name_en FROM occupations ORDER BY id").all(read_occupation);
    });
  }

  std::optional<occupation> find_occupation(const std::string& id) override {
    return c_.locked("find_occupation", [&] {
      return c_.query("SELECT id, isco08, name_tr, name_en FROM occupations WHERE id = ?", id).first(read_occupation);
    });
  }

  bool create_occupation(const occupation& o) override {
    return c_.locked("create_occupation", [&] {
      return c_.exec("INSERT INTO occupations (id, isco08, name_tr, name_en) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT (id) DO NOTHING",
                     o.id, o.isco08, o.name_tr, o.name_en) == 1;
    });
  }

  // rowid parity tells booths (even) from jobs (odd): see migration 004.
  search_hits search_hall(std::int64_t fair_id, const text_search& words) override {
    auto match = fts5_match(words);
    if (match.empty()) return {};
    return c_.locked("search_hall", [&] {
      search_hits out;
      for (row r : c_.query("SELECT rowid FROM hall_fts WHERE hall_fts MATCH ? AND fair_id = ?", match, fair_id)) {
        auto id = r.get<std::int64_t>();
        (id % 2 == 0 ? out.booths : out.jobs).push_back(id / 2);
      }
      return out;
    });
  }

  // ---- presence ----

  void set_availability(std::int64_t booth_id, std::int64_t user_id, const std::string& state,
                        std::int64_t now) override {
    c_.locked("set_availability", [&] {
      c_.exec("INSERT INTO recruiter_availability (booth_id, user_id, state, updated_at) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (booth_id, user_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
              booth_id, user_id, state, now);
    });
  }

  std::vector<recruiter_availability> availability_of(std::int64_t booth_id) override {
    return c_.locked("availability_of", [&] {
      return c_
          .query("SELECT user_id, state, updated_at FROM recruiter_availability WHERE booth_id = ? ORDER BY user_id",
                 booth_id)
          .all([](row& r) {
            recruiter_availability a;
            r >> a.user_id >> a.state >> a.updated_at;
            return a;
          });
    });
  }

  std::vector<availability_record> availability_of_user(std::int64_t user_id, int limit) override {
    return c_.locked("availability_of_user", [&] {
      return c_
          .query("SELECT a.booth_id, b.name, a.state, a.updated_at FROM recruiter_availability a "
                 "JOIN booths b ON b.id = a.booth_id WHERE a.user_id = ? ORDER BY a.booth_id LIMIT ?",
                 user_id, limit)
          .all([](row& r) {
            availability_record a;
            r >> a.booth_id >> a.booth_name >> a.state >> a.updated_at;
            return a;
          });
    });
  }

  // Two statements over a temporary list of ids (json_each of a JSON array: one bound
  // parameter however many ids): the sharing jobseekers, then their occupations.
  std::vector<visitor_card> shared_visitor_cards(const std::vector<std::int64_t>& user_ids) override {
    if (user_ids.empty()) return {};
    std::string ids = "[";
    for (std::size_t i = 0; i < user_ids.size() && i < 500; ++i) {
      if (i) ids += ',';
      ids += std::to_string(user_ids[i]);
    }
    ids += ']';
    return c_.locked("shared_visitor_cards", [&] {
      auto out = c_.query("SELECT u.id, u.name, p.city, p.education_level FROM users u JOIN profiles p ON p.user_id = u.id "
                          "WHERE u.id IN (SELECT value FROM json_each(?)) AND u.role = 'jobseeker' "
                          "AND p.share_with_booths = 1 ORDER BY u.name, u.id",
                          ids)
                     .all([](row& r) {
                       visitor_card v;
                       r >> v.user_id >> v.name >> v.city >> v.education_level;
                       return v;
                     });
      if (out.empty()) return out;
      std::map<std::int64_t, std::size_t> at;
      for (std::size_t i = 0; i < out.size(); ++i) at[out[i].user_id] = i;
      for (row r : c_.query("SELECT po.user_id, o.id, o.name_tr, o.name_en FROM profile_occupations po "
                            "JOIN occupations o ON o.id = po.occupation_id "
                            "WHERE po.user_id IN (SELECT value FROM json_each(?)) ORDER BY po.user_id, o.id",
                            ids)) {
        auto it = at.find(r.get<std::int64_t>());
        if (it == at.end()) continue;  // not sharing
        occupation x;
        r >> x.id >> x.name_tr >> x.name_en;
        out[it->second].occupations.push_back(std::move(x));
      }
      return out;
    });
  }

private:
  sqlite_conn& c_;
};

#undef JOB_COLUMNS

}  // namespace

std::unique_ptr<booths_store> make_sqlite_booths(sqlite_conn& c) { return std::make_unique<sqlite_booths>(c); }

}  // namespace fuar::store

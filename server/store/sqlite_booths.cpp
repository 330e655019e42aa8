// SQLite implementation of fuar::store::booths_store over the shared connection.
//
// The hall's full-text index (hall_fts, migration 004) is maintained by triggers on booths and
// jobs, so every write here (and every booth another part of the server creates) updates it in
// its own transaction; nothing in this file writes to hall_fts.
#include <map>

#include <SQLiteCpp/Transaction.h>

#include "server/store/sqlite_conn.hpp"

namespace fuar::store {
namespace {

// Reads id, fair_id, name, sector, city, description, is_demo, website, video_url, logo_file,
// logo_type, opens_at, closes_at, updated_at starting at column `i`.
booth read_booth(SQLite::Statement& s, int i = 0) {
  booth b;
  b.id = s.getColumn(i + 0).getInt64();
  b.fair_id = s.getColumn(i + 1).getInt64();
  b.name = s.getColumn(i + 2).getString();
  b.sector = s.getColumn(i + 3).getString();
  b.city = s.getColumn(i + 4).getString();
  b.description = s.getColumn(i + 5).getString();
  b.is_demo = s.getColumn(i + 6).getInt() != 0;
  b.website = s.getColumn(i + 7).getString();
  b.video_url = s.getColumn(i + 8).getString();
  b.logo_file = opt_text(s.getColumn(i + 9)).value_or("");
  b.logo_type = opt_text(s.getColumn(i + 10)).value_or("");
  b.opens_at = opt_int(s.getColumn(i + 11));
  b.closes_at = opt_int(s.getColumn(i + 12));
  b.updated_at = s.getColumn(i + 13).getInt64();
  return b;
}

// Columns: id, booth_id, title, occupation_id, city, work_mode, employment_type,
// education_level, experience_years, openings, disability, description, closes_at, status,
// created_at, updated_at.
#define JOB_COLUMNS                                                                                 \
  "id, booth_id, title, occupation_id, city, work_mode, employment_type, education_level, "       \
  "experience_years, openings, disability, description, closes_at, status, created_at, updated_at"

job read_job(SQLite::Statement& s) {
  job j;
  j.id = s.getColumn(0).getInt64();
  j.booth_id = s.getColumn(1).getInt64();
  j.title = s.getColumn(2).getString();
  j.occupation_id = opt_text(s.getColumn(3)).value_or("");
  j.city = s.getColumn(4).getString();
  j.work_mode = s.getColumn(5).getString();
  j.employment_type = s.getColumn(6).getString();
  j.education_level = s.getColumn(7).getString();
  j.experience_years = s.getColumn(8).getInt64();
  j.openings = s.getColumn(9).getInt64();
  j.disability = s.getColumn(10).getString();
  j.description = s.getColumn(11).getString();
  j.closes_at = opt_int(s.getColumn(12));
  j.status = s.getColumn(13).getString();
  j.created_at = s.getColumn(14).getInt64();
  j.updated_at = s.getColumn(15).getInt64();
  return j;
}

// Binds the job's editable fields to parameters first..first+11 in the order title,
// occupation_id, city, work_mode, employment_type, education_level, experience_years, openings,
// disability, description, closes_at, status.
void bind_job_fields(SQLite::Statement& s, const job& j, int first) {
  s.bind(first + 0, j.title);
  if (j.occupation_id.empty()) s.bind(first + 1); else s.bind(first + 1, j.occupation_id);
  s.bind(first + 2, j.city);
  s.bind(first + 3, j.work_mode);
  s.bind(first + 4, j.employment_type);
  s.bind(first + 5, j.education_level);
  s.bind(first + 6, j.experience_years);
  s.bind(first + 7, j.openings);
  s.bind(first + 8, j.disability);
  s.bind(first + 9, j.description);
  if (j.closes_at) s.bind(first + 10, *j.closes_at); else s.bind(first + 10);
  s.bind(first + 11, j.status);
}

occupation read_occupation(SQLite::Statement& s) {
  return {s.getColumn(0).getString(), opt_text(s.getColumn(1)), s.getColumn(2).getString(),
          s.getColumn(3).getString()};
}

class sqlite_booths final : public booths_store {
public:
  explicit sqlite_booths(sqlite_conn& c) : c_(c) {}

  bool update_booth_profile(std::int64_t booth_id, const booth_profile& p, std::int64_t now) override {
    return c_.locked("update_booth_profile", [&] {
      auto s = c_.prepare(
          "UPDATE booths SET name = ?, sector = ?, city = ?, website = ?, video_url = ?, description = ?, "
          "opens_at = ?, closes_at = ?, updated_at = ? WHERE id = ?");
      s->bind(1, p.name);
      s->bind(2, p.sector);
      s->bind(3, p.city);
      s->bind(4, p.website);
      s->bind(5, p.video_url);
      s->bind(6, p.description);
      if (p.opens_at) s->bind(7, *p.opens_at); else s->bind(7);
      if (p.closes_at) s->bind(8, *p.closes_at); else s->bind(8);
      s->bind(9, now);
      s->bind(10, booth_id);
      return s->exec() == 1;
    });
  }

  // Read and write in one IMMEDIATE transaction, so two concurrent uploads cannot both see the
  // same previous file and one of the new files be orphaned without anyone removing it.
  std::optional<std::string> set_logo(std::int64_t booth_id, const std::string& file, const std::string& type,
                                      std::int64_t now) override {
    return c_.locked("set_logo", [&]() -> std::optional<std::string> {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      std::string previous;
      {
        auto s = c_.prepare("SELECT logo_file FROM booths WHERE id = ?");
        s->bind(1, booth_id);
        if (!s->executeStep()) return std::nullopt;
        previous = opt_text(s->getColumn(0)).value_or("");
      }
      {
        auto s = c_.prepare("UPDATE booths SET logo_file = ?, logo_type = ?, updated_at = ? WHERE id = ?");
        if (file.empty()) {
          s->bind(1);
          s->bind(2);
        } else {
          s->bind(1, file);
          s->bind(2, type);
        }
        s->bind(3, now);
        s->bind(4, booth_id);
        s->exec();
      }
      tx.commit();
      return previous;
    });
  }

  std::optional<std::string> member_role(std::int64_t booth_id, std::int64_t user_id) override {
    return c_.locked("member_role", [&]() -> std::optional<std::string> {
      auto s = c_.prepare("SELECT member_role FROM booth_members WHERE booth_id = ? AND user_id = ?");
      s->bind(1, booth_id);
      s->bind(2, user_id);
      if (!s->executeStep()) return std::nullopt;
      return s->getColumn(0).getString();
    });
  }

  std::vector<staffed_booth> booths_of(std::int64_t user_id) override {
    return c_.locked("booths_of", [&] {
      auto s = c_.prepare(
          "SELECT b.id, b.fair_id, b.name, b.sector, b.city, b.description, b.is_demo, b.website, b.video_url, "
          "b.logo_file, b.logo_type, b.opens_at, b.closes_at, b.updated_at, m.member_role "
          "FROM booth_members m JOIN booths b ON b.id = m.booth_id JOIN fairs f ON f.id = b.fair_id "
          "WHERE m.user_id = ? ORDER BY f.starts_at, f.id, b.name, b.id");
      s->bind(1, user_id);
      std::vector<staffed_booth> out;
      while (s->executeStep()) out.push_back({read_booth(*s), s->getColumn(14).getString()});
      return out;
    });
  }

  std::int64_t create_job(const job& j, std::int64_t now) override {
    return c_.locked("create_job", [&] {
      auto s = c_.prepare(
          "INSERT INTO jobs (booth_id, title, occupation_id, city, work_mode, employment_type, education_level, "
          "experience_years, openings, disability, description, closes_at, status, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      s->bind(1, j.booth_id);
      bind_job_fields(*s, j, 2);
      s->bind(14, now);
      s->bind(15, now);
      s->exec();
      return c_.db().getLastInsertRowid();
    });
  }

  std::optional<job> find_job(std::int64_t id) override {
    return c_.locked("find_job", [&]() -> std::optional<job> {
      auto s = c_.prepare("SELECT " JOB_COLUMNS " FROM jobs WHERE id = ?");
      s->bind(1, id);
      if (!s->executeStep()) return std::nullopt;
      return read_job(*s);
    });
  }

  std::vector<job> list_jobs(std::int64_t booth_id, bool include_closed) override {
    return c_.locked("list_jobs", [&] {
      auto s = c_.prepare("SELECT " JOB_COLUMNS " FROM jobs WHERE booth_id = ? AND (? OR status = 'open') ORDER BY id");
      s->bind(1, booth_id);
      s->bind(2, include_closed ? 1 : 0);
      std::vector<job> out;
      while (s->executeStep()) out.push_back(read_job(*s));
      return out;
    });
  }

  std::vector<job> open_jobs_of_fair(std::int64_t fair_id) override {
    return c_.locked("open_jobs_of_fair", [&] {
      auto s = c_.prepare(
          "SELECT j.id, j.booth_id, j.title, j.occupation_id, j.city, j.work_mode, j.employment_type, "
          "j.education_level, j.experience_years, j.openings, j.disability, j.description, j.closes_at, j.status, "
          "j.created_at, j.updated_at FROM jobs j JOIN booths b ON b.id = j.booth_id "
          "WHERE b.fair_id = ? AND j.status = 'open' ORDER BY j.booth_id, j.id");
      s->bind(1, fair_id);
      std::vector<job> out;
      while (s->executeStep()) out.push_back(read_job(*s));
      return out;
    });
  }

  bool update_job(const job& j, std::int64_t now) override {
    return c_.locked("update_job", [&] {
      auto s = c_.prepare(
          "UPDATE jobs SET title = ?, occupation_id = ?, city = ?, work_mode = ?, employment_type = ?, "
          "education_level = ?, experience_years = ?, openings = ?, disability = ?, description = ?, closes_at = ?, "
          "status = ?, updated_at = ? WHERE id = ?");
      bind_job_fields(*s, j, 1);
      s->bind(13, now);
      s->bind(14, j.id);
      return s->exec() == 1;
    });
  }

  // The check and the delete share a transaction: an application arriving in between would
  // otherwise lose its job (ON DELETE SET NULL) after we decided there was none.
  delete_job_result delete_job(std::int64_t id) override {
    return c_.locked("delete_job", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      {
        auto s = c_.prepare("SELECT EXISTS (SELECT 1 FROM applications WHERE job_id = ?)");
        s->bind(1, id);
        s->executeStep();
        if (s->getColumn(0).getInt() != 0) return delete_job_result::has_applications;
      }
      int n = 0;
      {
        auto s = c_.prepare("DELETE FROM jobs WHERE id = ?");
        s->bind(1, id);
        n = s->exec();
      }
      tx.commit();
      return n == 1 ? delete_job_result::deleted : delete_job_result::not_found;
    });
  }

  std::vector<occupation> list_occupations() override {
    return c_.locked("list_occupations", [&] {
      auto s = c_.prepare("SELECT id, isco08, name_tr, name_en FROM occupations ORDER BY id");
      std::vector<occupation> out;
      while (s->executeStep()) out.push_back(read_occupation(*s));
      return out;
    });
  }

  std::optional<occupation> find_occupation(const std::string& id) override {
    return c_.locked("find_occupation", [&]() -> std::optional<occupation> {
      auto s = c_.prepare("SELECT id, isco08, name_tr, name_en FROM occupations WHERE id = ?");
      s->bind(1, id);
      if (!s->executeStep()) return std::nullopt;
      return read_occupation(*s);
    });
  }

  bool create_occupation(const occupation& o) override {
    return c_.locked("create_occupation", [&] {
      auto s = c_.prepare(
          "INSERT INTO occupations (id, isco08, name_tr, name_en) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
      s->bind(1, o.id);
      if (o.isco08) s->bind(2, *o.isco08); else s->bind(2);
      s->bind(3, o.name_tr);
      s->bind(4, o.name_en);
      return s->exec() == 1;
    });
  }

  // rowid parity tells booths (even) from jobs (odd): see migration 004. An empty expression
  // matches nothing (FTS5 would call it a syntax error).
  search_hits search_hall(std::int64_t fair_id, const std::string& fts_query) override {
    if (fts_query.empty()) return {};
    return c_.locked("search_hall", [&] {
      auto s = c_.prepare("SELECT rowid FROM hall_fts WHERE hall_fts MATCH ? AND fair_id = ?");
      s->bind(1, fts_query);
      s->bind(2, fair_id);
      search_hits out;
      while (s->executeStep()) {
        auto r = s->getColumn(0).getInt64();
        (r % 2 == 0 ? out.booths : out.jobs).push_back(r / 2);
      }
      return out;
    });
  }

  // ---- presence (issue 5) ----

  void set_availability(std::int64_t booth_id, std::int64_t user_id, const std::string& state,
                        std::int64_t now) override {
    c_.locked("set_availability", [&] {
      auto s = c_.prepare(
          "INSERT INTO recruiter_availability (booth_id, user_id, state, updated_at) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (booth_id, user_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at");
      s->bind(1, booth_id);
      s->bind(2, user_id);
      s->bind(3, state);
      s->bind(4, now);
      s->exec();
    });
  }

  std::vector<recruiter_availability> availability_of(std::int64_t booth_id) override {
    return c_.locked("availability_of", [&] {
      auto s = c_.prepare(
          "SELECT user_id, state, updated_at FROM recruiter_availability WHERE booth_id = ? ORDER BY user_id");
      s->bind(1, booth_id);
      std::vector<recruiter_availability> out;
      while (s->executeStep())
        out.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getString(), s->getColumn(2).getInt64()});
      return out;
    });
  }

  std::vector<availability_record> availability_of_user(std::int64_t user_id, int limit) override {
    return c_.locked("availability_of_user", [&] {
      auto s = c_.prepare(
          "SELECT a.booth_id, b.name, a.state, a.updated_at FROM recruiter_availability a "
          "JOIN booths b ON b.id = a.booth_id WHERE a.user_id = ? ORDER BY a.booth_id LIMIT ?");
      s->bind(1, user_id);
      s->bind(2, limit);
      std::vector<availability_record> out;
      while (s->executeStep())
        out.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getString(), s->getColumn(2).getString(),
                       s->getColumn(3).getInt64()});
      return out;
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
      auto s = c_.prepare(
          "SELECT u.id, u.name, p.city, p.education_level FROM users u JOIN profiles p ON p.user_id = u.id "
          "WHERE u.id IN (SELECT value FROM json_each(?)) AND u.role = 'jobseeker' AND p.share_with_booths = 1 "
          "ORDER BY u.name, u.id");
      s->bind(1, ids);
      std::vector<visitor_card> out;
      std::map<std::int64_t, std::size_t> at;
      while (s->executeStep()) {
        visitor_card v;
        v.user_id = s->getColumn(0).getInt64();
        v.name = s->getColumn(1).getString();
        v.city = s->getColumn(2).getString();
        v.education_level = opt_text(s->getColumn(3));
        at[v.user_id] = out.size();
        out.push_back(std::move(v));
      }
      if (out.empty()) return out;
      auto o = c_.prepare(
          "SELECT po.user_id, o.id, o.name_tr, o.name_en FROM profile_occupations po "
          "JOIN occupations o ON o.id = po.occupation_id "
          "WHERE po.user_id IN (SELECT value FROM json_each(?)) ORDER BY po.user_id, o.id");
      o->bind(1, ids);
      while (o->executeStep()) {
        auto it = at.find(o->getColumn(0).getInt64());
        if (it == at.end()) continue;  // not sharing
        occupation x;
        x.id = o->getColumn(1).getString();
        x.name_tr = o->getColumn(2).getString();
        x.name_en = o->getColumn(3).getString();
        out[it->second].occupations.push_back(std::move(x));
      }
      return out;
    });
  }

private:
  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<booths_store> make_sqlite_booths(sqlite_conn& c) { return std::make_unique<sqlite_booths>(c); }

}  // namespace fuar::store

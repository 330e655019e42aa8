// SQLite implementation of fuar::store::cvs_store over the shared connection.
#include "server/store/sqlite_rows.hpp"
#include "server/store/sqlite_text.hpp"

namespace fuar::store {
namespace {

#define CV_COLUMNS "id, user_id, storage_name, original_name, size_bytes, uploaded_at, text_status"

cv_record read_cv(row& r) {
  cv_record c;
  r >> c.id >> c.user_id >> c.storage_name >> c.original_name >> c.size_bytes >> c.uploaded_at >> c.text_status;
  return c;
}

// One application with the rows it refers to (read_application). Joined rows may be gone
// (a deleted job or account), hence the LEFT JOINs and coalesce.
#define APP_SELECT                                                                                        \
  "SELECT a.id, a.fair_id, a.booth_id, a.job_id, a.user_id, a.cv_id, a.note, a.status, a.status_message, " \
  "a.rating, a.recruiter_notes, a.created_at, a.updated_at, a.hired_at, a.anonymised, "                   \
  "coalesce(j.title, ''), coalesce(b.name, ''), coalesce(f.title_tr, ''), coalesce(f.title_en, ''), "     \
  "coalesce(u.name, ''), coalesce(u.email, ''), coalesce(p.city, ''), p.education_level, "                \
  "coalesce(c.original_name, ''), coalesce(c.text_status, '') "                                          \
  "FROM applications a LEFT JOIN jobs j ON j.id = a.job_id LEFT JOIN booths b ON b.id = a.booth_id "      \
  "LEFT JOIN fairs f ON f.id = a.fair_id LEFT JOIN users u ON u.id = a.user_id "                          \
  "LEFT JOIN profiles p ON p.user_id = a.user_id LEFT JOIN cvs c ON c.id = a.cv_id "

application_row read_application(row& r) {
  application_row a;
  r >> a.id >> a.fair_id >> a.booth_id >> a.job_id >> a.user_id >> a.cv_id >> a.note >> a.status >>
      a.status_message >> a.rating >> a.recruiter_notes >> a.created_at >> a.updated_at >> a.hired_at >>
      a.anonymised >> a.job_title >> a.booth_name >> a.fair_title_tr >> a.fair_title_en >> a.applicant_name >>
      a.applicant_email >> a.applicant_city >> a.applicant_education >> a.cv_name >> a.cv_text_status;
  return a;
}

// Target columns: fair, booth, job, job title, job status, booth name, fair status, ends,
// organiser, job deadline.
application_target read_target(row& r) {
  application_target t;
  r >> t.fair_id >> t.booth_id >> t.job_id >> t.job_title >> t.job_status >> t.booth_name >> t.fair_status >>
      t.fair_ends_at >> t.fair_created_by >> t.job_closes_at;
  return t;
}

class sqlite_cvs final : public cvs_store {
public:
  explicit sqlite_cvs(sqlite_conn& c) : c_(c) {}

  cv_insert insert_cv(std::int64_t user_id, const std::string& storage_name, const std::string& original_name,
                      std::int64_t size_bytes, std::int64_t now, std::int64_t max_per_user) override {
    return c_.locked("insert_cv", [&] {
      // IMMEDIATE: the count and the insert see the same state, so two parallel uploads cannot
      // both pass a quota of one.
      auto tx = c_.write_transaction();
      cv_insert out;
      out.count = c_.query("SELECT count(*) FROM cvs WHERE user_id = ?", user_id).value<std::int64_t>().value_or(0);
      if (out.count >= max_per_user) return out;
      auto id = c_.insert("INSERT INTO cvs (user_id, storage_name, original_name, size_bytes, uploaded_at, text_status) "
                          "VALUES (?, ?, ?, ?, ?, 'pending')",
                          user_id, storage_name, original_name, size_bytes, now);
      out.row = cv_record{id, user_id, storage_name, original_name, size_bytes, now, "pending"};
      tx.commit();
      return out;
    });
  }

  std::vector<cv_record> list_cvs(std::int64_t user_id) override {
    return c_.locked("list_cvs", [&] {
      return c_.query("SELECT " CV_COLUMNS " FROM cvs WHERE user_id = ? ORDER BY id DESC", user_id).all(read_cv);
    });
  }

  std::optional<cv_record> find_cv(std::int64_t cv_id) override {
    return c_.locked("find_cv", [&] { return c_.query("SELECT " CV_COLUMNS " FROM cvs WHERE id = ?", cv_id).first(read_cv); });
  }

  std::optional<std::string> cv_text(std::int64_t cv_id) override {
    return c_.locked("cv_text", [&] {
      return c_.query("SELECT text FROM cvs WHERE id = ?", cv_id).value<std::optional<std::string>>().value_or(std::nullopt);
    });
  }

  std::vector<cv_record> pending_cvs() override {
    return c_.locked("pending_cvs", [&] {
      return c_.query("SELECT " CV_COLUMNS " FROM cvs WHERE text_status = 'pending' ORDER BY id").all(read_cv);
    });
  }

  bool set_cv_text(std::int64_t cv_id, const std::string& text_status, const std::optional<std::string>& text) override {
    return c_.locked("set_cv_text", [&] {
      return c_.exec("UPDATE cvs SET text_status = ?, text = ? WHERE id = ?", text_status, text, cv_id) == 1;
    });
  }

  std::optional<cv_record> delete_cv(std::int64_t cv_id, std::int64_t user_id) override {
    return c_.locked("delete_cv", [&]() -> std::optional<cv_record> {
      auto tx = c_.write_transaction();
      auto row = c_.query("SELECT " CV_COLUMNS " FROM cvs WHERE id = ? AND user_id = ?", cv_id, user_id).first(read_cv);
      if (!row) return std::nullopt;
      // The foreign keys set applications.cv_id and cv_downloads.cv_id to NULL; the trigger
      // removes the indexed words.
      c_.exec("DELETE FROM cvs WHERE id = ?", cv_id);
      tx.commit();
      return row;
    });
  }

  std::optional<application_target> job_target(std::int64_t job_id) override {
    return c_.locked("job_target", [&] {
      return c_
          .query("SELECT b.fair_id, b.id, j.id, j.title, j.status, b.name, f.status, f.ends_at, f.created_by, j.closes_at "
                 "FROM jobs j JOIN booths b ON b.id = j.booth_id JOIN fairs f ON f.id = b.fair_id WHERE j.id = ?",
                 job_id)
          .first(read_target);
    });
  }

  std::optional<application_target> booth_target(std::int64_t booth_id) override {
    return c_.locked("booth_target", [&] {
      return c_
          .query("SELECT b.fair_id, b.id, NULL, '', '', b.name, f.status, f.ends_at, f.created_by, NULL "
                 "FROM booths b JOIN fairs f ON f.id = b.fair_id WHERE b.id = ?",
                 booth_id)
          .first(read_target);
    });
  }

  apply_result apply(const new_application& a, std::int64_t& id) override {
    return c_.locked("apply", [&] {
      auto tx = c_.write_transaction();
      if (!c_.query("SELECT 1 FROM cvs WHERE id = ? AND user_id = ?", a.cv_id, a.user_id).exists())
        return apply_result::cv_gone;
      // The partial unique indexes would refuse it too; asking first keeps SQLite's constraint
      // error for real faults.
      if (c_.query("SELECT 1 FROM applications WHERE user_id = ?1 AND booth_id = ?2 AND "
                   "((?3 IS NULL AND job_id IS NULL) OR job_id = ?3)",
                   a.user_id, a.target.booth_id, a.target.job_id)
              .exists())
        return apply_result::duplicate;
      id = c_.insert("INSERT INTO applications (fair_id, booth_id, job_id, user_id, cv_id, note, status, created_at, "
                     "updated_at) VALUES (?, ?, ?, ?, ?, ?, 'received', ?, ?)",
                     a.target.fair_id, a.target.booth_id, a.target.job_id, a.user_id, a.cv_id, a.note, a.now, a.now);
      add_event(id, "received", "", a.user_id, a.now);
      tx.commit();
      return apply_result::created;
    });
  }

  std::optional<application_row> find_application(std::int64_t id) override {
    return c_.locked("find_application", [&] { return c_.query(APP_SELECT "WHERE a.id = ?", id).first(read_application); });
  }

  std::vector<application_row> user_applications(std::int64_t user_id) override {
    return c_.locked("user_applications", [&] {
      return c_.query(APP_SELECT "WHERE a.user_id = ? ORDER BY a.id DESC", user_id).all(read_application);
    });
  }

  bool withdraw(std::int64_t id, std::int64_t user_id, const std::string& expected_status) override {
    return c_.locked("withdraw", [&] {
      return c_.exec("DELETE FROM applications WHERE id = ? AND user_id = ? AND status = ?", id, user_id,
                     expected_status) == 1;
    });
  }

  application_page booth_applications(const application_query& q) override {
    // The filters and the order vary, so this statement is built per call and not cached
    // (the cache is keyed by literal address). Every value is bound; only fixed SQL fragments
    // chosen from the whitelisted sort keys are appended.
    const std::string match = fts5_match(q.words);
    std::string where = " WHERE a.booth_id = :booth";
    if (q.drops_only) where += " AND a.job_id IS NULL";
    else if (q.job_id) where += " AND a.job_id = :job";
    if (!q.status.empty()) where += " AND a.status = :status";
    if (!match.empty())
      where +=
          " AND (a.cv_id IN (SELECT rowid FROM cv_text_fts WHERE cv_text_fts MATCH :q) OR "
          "a.id IN (SELECT rowid FROM application_note_fts WHERE application_note_fts MATCH :q))";
    std::string dir = q.descending ? " DESC" : " ASC";
    std::string order;
    if (q.sort == "updated") order = "a.updated_at" + dir;
    else if (q.sort == "rating") order = "a.rating" + dir;
    else if (q.sort == "status")
      order =
          "CASE a.status WHEN 'received' THEN 0 WHEN 'reviewed' THEN 1 WHEN 'shortlisted' THEN 2 "
          "WHEN 'interview' THEN 3 WHEN 'offer' THEN 4 WHEN 'hired' THEN 5 ELSE 6 END" + dir;
    else order = "a.created_at" + dir;
    order += ", a.id" + dir;

    auto bind_all = [&](SQLite::Statement& s) {
      s.bind(":booth", q.booth_id);
      if (!q.drops_only && q.job_id) s.bind(":job", *q.job_id);
      if (!q.status.empty()) s.bind(":status", q.status);
      if (!match.empty()) s.bind(":q", match);
    };
    return c_.locked("booth_applications", [&] {
      application_page page;
      {
        SQLite::Statement s(c_.db(), "SELECT count(*) FROM applications a" + where);
        bind_all(s);
        s.executeStep();
        page.total = s.getColumn(0).getInt64();
      }
      SQLite::Statement s(c_.db(), std::string(APP_SELECT) + where + " ORDER BY " + order + " LIMIT :limit OFFSET :offset");
      bind_all(s);
      s.bind(":limit", q.limit);
      s.bind(":offset", q.offset);
      while (s.executeStep()) {
        row r(s);
        page.rows.push_back(read_application(r));
      }
      return page;
    });
  }

  change_result change_application(std::int64_t id, const std::string& expected_status, const application_change& c,
                                   std::int64_t actor_id, std::int64_t now) override {
    return c_.locked("change_application", [&] {
      auto tx = c_.write_transaction();
      auto current = c_.query("SELECT status, status_message FROM applications WHERE id = ?", id).first([](row& r) {
        std::pair<std::string, std::string> p;
        r >> p.first >> p.second;
        return p;
      });
      if (!current) return change_result::not_found;
      auto& [status, message] = *current;
      if (status != expected_status) return change_result::stale;
      std::string new_status = c.status.value_or(status);
      std::string new_message = c.message.value_or(message);
      bool moved = new_status != status;
      c_.exec("UPDATE applications SET status = ?1, status_message = ?2, "
              "rating = CASE WHEN ?3 THEN ?4 ELSE rating END, recruiter_notes = coalesce(?5, recruiter_notes), "
              "hired_at = CASE WHEN ?1 = 'hired' AND status <> 'hired' THEN ?6 ELSE hired_at END, updated_at = ?6 "
              "WHERE id = ?7",
              new_status, new_message, c.set_rating, c.rating, c.notes, now, id);
      if (moved || new_message != message) add_event(id, new_status, new_message, actor_id, now);
      tx.commit();
      return change_result::changed;
    });
  }

  void record_cv_download(std::int64_t application_id, std::optional<std::int64_t> cv_id, std::int64_t booth_id,
                          std::int64_t fair_id, std::int64_t user_id, std::int64_t now) override {
    c_.locked("record_cv_download", [&] {
      c_.exec("INSERT INTO cv_downloads (application_id, cv_id, booth_id, fair_id, downloaded_by, at) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              application_id, cv_id, booth_id, fair_id, user_id, now);
    });
  }

  std::vector<cv_download_row> cv_downloads(std::int64_t fair_id) override {
    return c_.locked("cv_downloads", [&] {
      return c_
          .query("SELECT d.id, d.at, d.application_id, d.booth_id, coalesce(b.name, ''), coalesce(j.title, ''), "
                 "d.downloaded_by, coalesce(u.name, '') FROM cv_downloads d "
                 "LEFT JOIN booths b ON b.id = d.booth_id LEFT JOIN applications a ON a.id = d.application_id "
                 "LEFT JOIN jobs j ON j.id = a.job_id LEFT JOIN users u ON u.id = d.downloaded_by "
                 "WHERE d.fair_id = ? ORDER BY d.id DESC LIMIT 5000",
                 fair_id)
          .all([](row& r) {
            cv_download_row d;
            r >> d.id >> d.at >> d.application_id >> d.booth_id >> d.booth_name >> d.job_title >> d.downloaded_by >>
                d.downloader_name;
            return d;
          });
    });
  }

  fair_outcomes outcomes(std::int64_t fair_id) override {
    return c_.locked("outcomes", [&] {
      fair_outcomes o;
      o.by_status =
          c_.query("SELECT status, count(*) FROM applications WHERE fair_id = ? GROUP BY status ORDER BY status", fair_id)
              .all([](row& r) {
                std::pair<std::string, std::int64_t> p;
                r >> p.first >> p.second;
                return p;
              });
      // Every application carried a CV when it was made (a later deletion does not undo the
      // receipt). A deleted account's rows cannot be told apart, so each counts once.
      for (row r : c_.query("SELECT count(*), count(DISTINCT user_id) + coalesce(sum(user_id IS NULL), 0) "
                            "FROM applications WHERE fair_id = ?",
                            fair_id))
        r >> o.applications >> o.distinct_applicants;
      o.cvs_received = o.applications;
      o.hired = c_.query("SELECT CASE WHEN a.anonymised = 1 THEN a.anon_gender ELSE d.gender END, "
                         "CASE WHEN a.anonymised = 1 THEN a.anon_age_group ELSE " AGE_GROUP_OF("d.birth_year", "f.starts_at") " END, "
                         "CASE WHEN a.anonymised = 1 THEN a.anon_disability ELSE d.disability END, "
                         "CASE WHEN a.anonymised = 1 THEN a.anon_education ELSE p.education_level END "
                         "FROM applications a JOIN fairs f ON f.id = a.fair_id "
                         "LEFT JOIN demographics d ON d.user_id = a.user_id LEFT JOIN profiles p ON p.user_id = a.user_id "
                         "WHERE a.fair_id = ? AND a.status = 'hired'",
                         fair_id)
                    .all(read_buckets);
      return o;
    });
  }

  user_erasure anonymise_user(std::int64_t user_id) override {
    return c_.locked("anonymise_user", [&] {
      auto tx = c_.write_transaction();
      user_erasure out;
      // The demographics are read only where consented (a value exists only with its consent).
      out.applications_anonymised = c_.exec(
          "UPDATE applications SET "
          "anon_gender = (SELECT gender FROM demographics WHERE user_id = ?1), "
          "anon_age_group = (SELECT " AGE_GROUP_OF("d.birth_year", "f.starts_at") " FROM demographics d, fairs f "
          "  WHERE d.user_id = ?1 AND f.id = applications.fair_id), "
          "anon_disability = (SELECT disability FROM demographics WHERE user_id = ?1), "
          "anon_education = (SELECT education_level FROM profiles WHERE user_id = ?1), "
          "user_id = NULL, cv_id = NULL, note = '', anonymised = 1 WHERE user_id = ?1",
          user_id);
      out.storage_names =
          c_.query("SELECT storage_name FROM cvs WHERE user_id = ?", user_id).all([](row& r) { return r.get<std::string>(); });
      c_.exec("DELETE FROM cvs WHERE user_id = ?", user_id);
      tx.commit();
      return out;
    });
  }

private:
  void add_event(std::int64_t application_id, const std::string& status, const std::string& message,
                 std::int64_t actor_id, std::int64_t now) {
    c_.exec("INSERT INTO application_events (application_id, status, message, actor_id, at) VALUES (?, ?, ?, ?, ?)",
            application_id, status, message, actor_id, now);
  }

  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<cvs_store> make_sqlite_cvs(sqlite_conn& c) { return std::make_unique<sqlite_cvs>(c); }

}  // namespace fuar::store

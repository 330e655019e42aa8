// SQLite implementation of fuar::store::cvs_store over the shared connection.
#include <SQLiteCpp/Transaction.h>

#include "server/store/sqlite_conn.hpp"

namespace fuar::store {
namespace {

// The columns of cv_record, in order (read_cv).
#define CV_COLUMNS "id, user_id, storage_name, original_name, size_bytes, uploaded_at, text_status"

cv_record read_cv(SQLite::Statement& s) {
  cv_record c;
  c.id = s.getColumn(0).getInt64();
  c.user_id = s.getColumn(1).getInt64();
  c.storage_name = s.getColumn(2).getString();
  c.original_name = s.getColumn(3).getString();
  c.size_bytes = s.getColumn(4).getInt64();
  c.uploaded_at = s.getColumn(5).getInt64();
  c.text_status = s.getColumn(6).getString();
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

application_row read_application(SQLite::Statement& s) {
  application_row a;
  a.id = s.getColumn(0).getInt64();
  a.fair_id = s.getColumn(1).getInt64();
  a.booth_id = s.getColumn(2).getInt64();
  a.job_id = opt_int(s.getColumn(3));
  a.user_id = opt_int(s.getColumn(4));
  a.cv_id = opt_int(s.getColumn(5));
  a.note = s.getColumn(6).getString();
  a.status = s.getColumn(7).getString();
  a.status_message = s.getColumn(8).getString();
  a.rating = opt_int(s.getColumn(9));
  a.recruiter_notes = s.getColumn(10).getString();
  a.created_at = s.getColumn(11).getInt64();
  a.updated_at = s.getColumn(12).getInt64();
  a.hired_at = opt_int(s.getColumn(13));
  a.anonymised = s.getColumn(14).getInt() != 0;
  a.job_title = s.getColumn(15).getString();
  a.booth_name = s.getColumn(16).getString();
  a.fair_title_tr = s.getColumn(17).getString();
  a.fair_title_en = s.getColumn(18).getString();
  a.applicant_name = s.getColumn(19).getString();
  a.applicant_email = s.getColumn(20).getString();
  a.applicant_city = s.getColumn(21).getString();
  a.applicant_education = opt_text(s.getColumn(22));
  a.cv_name = s.getColumn(23).getString();
  a.cv_text_status = s.getColumn(24).getString();
  return a;
}

// Target columns: fair, booth, job, job title, job status, booth name, fair status, ends, organiser,
// job deadline.
application_target read_target(SQLite::Statement& s) {
  application_target t;
  t.fair_id = s.getColumn(0).getInt64();
  t.booth_id = s.getColumn(1).getInt64();
  t.job_id = opt_int(s.getColumn(2));
  t.job_title = s.getColumn(3).getString();
  t.job_status = s.getColumn(4).getString();
  t.booth_name = s.getColumn(5).getString();
  t.fair_status = s.getColumn(6).getString();
  t.fair_ends_at = s.getColumn(7).getInt64();
  t.fair_created_by = s.getColumn(8).isNull() ? 0 : s.getColumn(8).getInt64();
  t.job_closes_at = opt_int(s.getColumn(9));
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
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      cv_insert out;
      {
        auto s = c_.prepare("SELECT count(*) FROM cvs WHERE user_id = ?");
        s->bind(1, user_id);
        s->executeStep();
        out.count = s->getColumn(0).getInt64();
      }
      if (out.count >= max_per_user) return out;
      {
        auto s = c_.prepare(
            "INSERT INTO cvs (user_id, storage_name, original_name, size_bytes, uploaded_at, text_status) "
            "VALUES (?, ?, ?, ?, ?, 'pending')");
        s->bind(1, user_id);
        s->bind(2, storage_name);
        s->bind(3, original_name);
        s->bind(4, size_bytes);
        s->bind(5, now);
        s->exec();
      }
      out.row = cv_record{c_.db().getLastInsertRowid(), user_id, storage_name, original_name, size_bytes, now,
                          "pending"};
      tx.commit();
      return out;
    });
  }

  std::vector<cv_record> list_cvs(std::int64_t user_id) override {
    return c_.locked("list_cvs", [&] {
      auto s = c_.prepare("SELECT " CV_COLUMNS " FROM cvs WHERE user_id = ? ORDER BY id DESC");
      s->bind(1, user_id);
      std::vector<cv_record> out;
      while (s->executeStep()) out.push_back(read_cv(*s));
      return out;
    });
  }

  std::optional<cv_record> find_cv(std::int64_t cv_id) override {
    return c_.locked("find_cv", [&]() -> std::optional<cv_record> {
      auto s = c_.prepare("SELECT " CV_COLUMNS " FROM cvs WHERE id = ?");
      s->bind(1, cv_id);
      if (!s->executeStep()) return std::nullopt;
      return read_cv(*s);
    });
  }

  std::optional<std::string> cv_text(std::int64_t cv_id) override {
    return c_.locked("cv_text", [&]() -> std::optional<std::string> {
      auto s = c_.prepare("SELECT text FROM cvs WHERE id = ?");
      s->bind(1, cv_id);
      if (!s->executeStep()) return std::nullopt;
      return opt_text(s->getColumn(0));
    });
  }

  std::vector<cv_record> pending_cvs() override {
    return c_.locked("pending_cvs", [&] {
      auto s = c_.prepare("SELECT " CV_COLUMNS " FROM cvs WHERE text_status = 'pending' ORDER BY id");
      std::vector<cv_record> out;
      while (s->executeStep()) out.push_back(read_cv(*s));
      return out;
    });
  }

  bool set_cv_text(std::int64_t cv_id, const std::string& text_status,
                   const std::optional<std::string>& text) override {
    return c_.locked("set_cv_text", [&] {
      auto s = c_.prepare("UPDATE cvs SET text_status = ?, text = ? WHERE id = ?");
      s->bind(1, text_status);
      if (text) s->bind(2, *text);
      else s->bind(2);
      s->bind(3, cv_id);
      return s->exec() == 1;
    });
  }

  std::optional<cv_record> delete_cv(std::int64_t cv_id, std::int64_t user_id) override {
    return c_.locked("delete_cv", [&]() -> std::optional<cv_record> {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      std::optional<cv_record> row;
      {
        auto s = c_.prepare("SELECT " CV_COLUMNS " FROM cvs WHERE id = ? AND user_id = ?");
        s->bind(1, cv_id);
        s->bind(2, user_id);
        if (!s->executeStep()) return std::nullopt;
        row = read_cv(*s);
      }
      // The foreign keys set applications.cv_id and cv_downloads.cv_id to NULL; the trigger
      // removes the indexed words.
      auto s = c_.prepare("DELETE FROM cvs WHERE id = ?");
      s->bind(1, cv_id);
      s->exec();
      tx.commit();
      return row;
    });
  }

  std::optional<application_target> job_target(std::int64_t job_id) override {
    return c_.locked("job_target", [&]() -> std::optional<application_target> {
      auto s = c_.prepare(
          "SELECT b.fair_id, b.id, j.id, j.title, j.status, b.name, f.status, f.ends_at, f.created_by, j.closes_at "
          "FROM jobs j JOIN booths b ON b.id = j.booth_id JOIN fairs f ON f.id = b.fair_id WHERE j.id = ?");
      s->bind(1, job_id);
      if (!s->executeStep()) return std::nullopt;
      return read_target(*s);
    });
  }

  std::optional<application_target> booth_target(std::int64_t booth_id) override {
    return c_.locked("booth_target", [&]() -> std::optional<application_target> {
      auto s = c_.prepare(
          "SELECT b.fair_id, b.id, NULL, '', '', b.name, f.status, f.ends_at, f.created_by, NULL "
          "FROM booths b JOIN fairs f ON f.id = b.fair_id WHERE b.id = ?");
      s->bind(1, booth_id);
      if (!s->executeStep()) return std::nullopt;
      return read_target(*s);
    });
  }

  apply_result apply(const new_application& a, std::int64_t& id) override {
    return c_.locked("apply", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      {
        auto s = c_.prepare("SELECT 1 FROM cvs WHERE id = ? AND user_id = ?");
        s->bind(1, a.cv_id);
        s->bind(2, a.user_id);
        if (!s->executeStep()) return apply_result::cv_gone;
      }
      {
        // The partial unique indexes would refuse it too; asking first keeps SQLite's constraint
        // error for real faults.
        auto s = c_.prepare(
            "SELECT 1 FROM applications WHERE user_id = ?1 AND booth_id = ?2 AND "
            "((?3 IS NULL AND job_id IS NULL) OR job_id = ?3)");
        s->bind(1, a.user_id);
        s->bind(2, a.target.booth_id);
        if (a.target.job_id) s->bind(3, *a.target.job_id);
        else s->bind(3);
        if (s->executeStep()) return apply_result::duplicate;
      }
      {
        auto s = c_.prepare(
            "INSERT INTO applications (fair_id, booth_id, job_id, user_id, cv_id, note, status, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, 'received', ?, ?)");
        s->bind(1, a.target.fair_id);
        s->bind(2, a.target.booth_id);
        if (a.target.job_id) s->bind(3, *a.target.job_id);
        else s->bind(3);
        s->bind(4, a.user_id);
        s->bind(5, a.cv_id);
        s->bind(6, a.note);
        s->bind(7, a.now);
        s->bind(8, a.now);
        s->exec();
      }
      id = c_.db().getLastInsertRowid();
      add_event(id, "received", "", a.user_id, a.now);
      tx.commit();
      return apply_result::created;
    });
  }

  std::optional<application_row> find_application(std::int64_t id) override {
    return c_.locked("find_application", [&]() -> std::optional<application_row> {
      auto s = c_.prepare(APP_SELECT "WHERE a.id = ?");
      s->bind(1, id);
      if (!s->executeStep()) return std::nullopt;
      return read_application(*s);
    });
  }

  std::vector<application_row> user_applications(std::int64_t user_id) override {
    return c_.locked("user_applications", [&] {
      auto s = c_.prepare(APP_SELECT "WHERE a.user_id = ? ORDER BY a.id DESC");
      s->bind(1, user_id);
      std::vector<application_row> out;
      while (s->executeStep()) out.push_back(read_application(*s));
      return out;
    });
  }

  bool withdraw(std::int64_t id, std::int64_t user_id, const std::string& expected_status) override {
    return c_.locked("withdraw", [&] {
      auto s = c_.prepare("DELETE FROM applications WHERE id = ? AND user_id = ? AND status = ?");
      s->bind(1, id);
      s->bind(2, user_id);
      s->bind(3, expected_status);
      return s->exec() == 1;
    });
  }

  application_page booth_applications(const application_query& q) override {
    // The filters and the order vary, so this statement is built per call and not cached
    // (the cache is keyed by literal address). Every value is bound; only fixed SQL fragments
    // chosen from the whitelisted sort keys are appended.
    std::string where = " WHERE a.booth_id = :booth";
    if (q.drops_only) where += " AND a.job_id IS NULL";
    else if (q.job_id) where += " AND a.job_id = :job";
    if (!q.status.empty()) where += " AND a.status = :status";
    if (!q.fts.empty())
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
      if (!q.fts.empty()) s.bind(":q", q.fts);
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
      while (s.executeStep()) page.rows.push_back(read_application(s));
      return page;
    });
  }

  change_result change_application(std::int64_t id, const std::string& expected_status,
                                   const application_change& c, std::int64_t actor_id, std::int64_t now) override {
    return c_.locked("change_application", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      std::string status, message;
      {
        auto s = c_.prepare("SELECT status, status_message FROM applications WHERE id = ?");
        s->bind(1, id);
        if (!s->executeStep()) return change_result::not_found;
        status = s->getColumn(0).getString();
        message = s->getColumn(1).getString();
      }
      if (status != expected_status) return change_result::stale;
      std::string new_status = c.status.value_or(status);
      std::string new_message = c.message.value_or(message);
      bool moved = new_status != status;
      {
        auto s = c_.prepare(
            "UPDATE applications SET status = ?1, status_message = ?2, "
            "rating = CASE WHEN ?3 THEN ?4 ELSE rating END, recruiter_notes = coalesce(?5, recruiter_notes), "
            "hired_at = CASE WHEN ?1 = 'hired' AND status <> 'hired' THEN ?6 ELSE hired_at END, updated_at = ?6 "
            "WHERE id = ?7");
        s->bind(1, new_status);
        s->bind(2, new_message);
        s->bind(3, c.set_rating ? 1 : 0);
        if (c.rating) s->bind(4, *c.rating);
        else s->bind(4);
        if (c.notes) s->bind(5, *c.notes);
        else s->bind(5);
        s->bind(6, now);
        s->bind(7, id);
        s->exec();
      }
      if (moved || new_message != message) add_event(id, new_status, new_message, actor_id, now);
      tx.commit();
      return change_result::changed;
    });
  }

  void record_cv_download(std::int64_t application_id, std::optional<std::int64_t> cv_id, std::int64_t booth_id,
                          std::int64_t fair_id, std::int64_t user_id, std::int64_t now) override {
    c_.locked("record_cv_download", [&] {
      auto s = c_.prepare(
          "INSERT INTO cv_downloads (application_id, cv_id, booth_id, fair_id, downloaded_by, at) "
          "VALUES (?, ?, ?, ?, ?, ?)");
      s->bind(1, application_id);
      if (cv_id) s->bind(2, *cv_id);
      else s->bind(2);
      s->bind(3, booth_id);
      s->bind(4, fair_id);
      s->bind(5, user_id);
      s->bind(6, now);
      s->exec();
    });
  }

  std::vector<cv_download_row> cv_downloads(std::int64_t fair_id) override {
    return c_.locked("cv_downloads", [&] {
      auto s = c_.prepare(
          "SELECT d.id, d.at, d.application_id, d.booth_id, coalesce(b.name, ''), coalesce(j.title, ''), "
          "d.downloaded_by, coalesce(u.name, '') FROM cv_downloads d "
          "LEFT JOIN booths b ON b.id = d.booth_id LEFT JOIN applications a ON a.id = d.application_id "
          "LEFT JOIN jobs j ON j.id = a.job_id LEFT JOIN users u ON u.id = d.downloaded_by "
          "WHERE d.fair_id = ? ORDER BY d.id DESC LIMIT 5000");
      s->bind(1, fair_id);
      std::vector<cv_download_row> out;
      while (s->executeStep()) {
        cv_download_row r;
        r.id = s->getColumn(0).getInt64();
        r.at = s->getColumn(1).getInt64();
        r.application_id = opt_int(s->getColumn(2));
        r.booth_id = s->getColumn(3).getInt64();
        r.booth_name = s->getColumn(4).getString();
        r.job_title = s->getColumn(5).getString();
        r.downloaded_by = opt_int(s->getColumn(6));
        r.downloader_name = s->getColumn(7).getString();
        out.push_back(std::move(r));
      }
      return out;
    });
  }

  fair_outcomes outcomes(std::int64_t fair_id) override {
    return c_.locked("outcomes", [&] {
      fair_outcomes o;
      {
        auto s = c_.prepare("SELECT status, count(*) FROM applications WHERE fair_id = ? GROUP BY status ORDER BY status");
        s->bind(1, fair_id);
        while (s->executeStep()) o.by_status.emplace_back(s->getColumn(0).getString(), s->getColumn(1).getInt64());
      }
      {
        // Every application carried a CV when it was made (a later deletion does not undo the
        // receipt). A deleted account's rows cannot be told apart, so each counts once.
        auto s = c_.prepare(
            "SELECT count(*), count(DISTINCT user_id) + coalesce(sum(user_id IS NULL), 0) "
            "FROM applications WHERE fair_id = ?");
        s->bind(1, fair_id);
        s->executeStep();
        o.applications = s->getColumn(0).getInt64();
        o.cvs_received = o.applications;
        o.distinct_applicants = s->getColumn(1).getInt64();
      }
      auto s = c_.prepare(
          "SELECT CASE WHEN a.anonymised = 1 THEN a.anon_gender ELSE d.gender END, "
          "CASE WHEN a.anonymised = 1 THEN a.anon_age_group ELSE " AGE_GROUP_OF("d.birth_year", "f.starts_at") " END, "
          "CASE WHEN a.anonymised = 1 THEN a.anon_disability ELSE d.disability END, "
          "CASE WHEN a.anonymised = 1 THEN a.anon_education ELSE p.education_level END "
          "FROM applications a JOIN fairs f ON f.id = a.fair_id "
          "LEFT JOIN demographics d ON d.user_id = a.user_id LEFT JOIN profiles p ON p.user_id = a.user_id "
          "WHERE a.fair_id = ? AND a.status = 'hired'");
      s->bind(1, fair_id);
      while (s->executeStep()) o.hired.push_back(read_buckets(*s));
      return o;
    });
  }

  user_erasure anonymise_user(std::int64_t user_id) override {
    return c_.locked("anonymise_user", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      user_erasure out;
      {
        // The demographics are read only where consented (a value exists only with its consent).
        auto s = c_.prepare(
            "UPDATE applications SET "
            "anon_gender = (SELECT gender FROM demographics WHERE user_id = ?1), "
            "anon_age_group = (SELECT " AGE_GROUP_OF("d.birth_year", "f.starts_at") " FROM demographics d, fairs f "
            "  WHERE d.user_id = ?1 AND f.id = applications.fair_id), "
            "anon_disability = (SELECT disability FROM demographics WHERE user_id = ?1), "
            "anon_education = (SELECT education_level FROM profiles WHERE user_id = ?1), "
            "user_id = NULL, cv_id = NULL, note = '', anonymised = 1 WHERE user_id = ?1");
        s->bind(1, user_id);
        out.applications_anonymised = s->exec();
      }
      {
        auto s = c_.prepare("SELECT storage_name FROM cvs WHERE user_id = ?");
        s->bind(1, user_id);
        while (s->executeStep()) out.storage_names.push_back(s->getColumn(0).getString());
      }
      {
        auto s = c_.prepare("DELETE FROM cvs WHERE user_id = ?");
        s->bind(1, user_id);
        s->exec();
      }
      tx.commit();
      return out;
    });
  }

private:
  void add_event(std::int64_t application_id, const std::string& status, const std::string& message,
                 std::int64_t actor_id, std::int64_t now) {
    auto s = c_.prepare(
        "INSERT INTO application_events (application_id, status, message, actor_id, at) VALUES (?, ?, ?, ?, ?)");
    s->bind(1, application_id);
    s->bind(2, status);
    s->bind(3, message);
    s->bind(4, actor_id);
    s->bind(5, now);
    s->exec();
  }

  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<cvs_store> make_sqlite_cvs(sqlite_conn& c) { return std::make_unique<sqlite_cvs>(c); }

}  // namespace fuar::store

// SQLite implementation of fuar::store::people_store over the shared connection.
#include "server/store/sqlite_rows.hpp"

#include <sqlite3.h>

#include <algorithm>

namespace fuar::store {
namespace {

// Escapes LIKE wildcards so a search for "50%" or "a_b" matches those characters literally.
std::string like_pattern(const std::string& q) {
  std::string out = "%";
  for (char ch : q) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "%";
}

// The letters people_fold maps to a base letter besides ASCII A-Z.
struct letter_fold {
  unsigned cp;  // a code point of two UTF-8 bytes
  char base;
};
// clang-format off
constexpr letter_fold letter_folds[] = {
    {0xE7, 'c'}, {0xC7, 'c'},                              // ç Ç
    {0x11F, 'g'}, {0x11E, 'g'},                            // ğ Ğ
    {0x131, 'i'}, {0x130, 'i'}, {0xEE, 'i'}, {0xCE, 'i'},  // ı İ î Î
    {0xF6, 'o'}, {0xD6, 'o'},                              // ö Ö
    {0x15F, 's'}, {0x15E, 's'},                            // ş Ş
    {0xFC, 'u'}, {0xDC, 'u'}, {0xFB, 'u'}, {0xDB, 'u'},    // ü Ü û Û
    {0xE2, 'a'}, {0xC2, 'a'},                              // â Â
};
// clang-format on

// people_fold(text): the search and grouping key of names, emails and cities. ASCII letters
// are lower-cased and the Turkish letters (and â î û) fold to their base Latin letter, so "izmir"
// finds "İzmir" and "sukru" finds "Şükrü" (SQLite's own LIKE folds ASCII only). Other
// characters are kept as they are. Registered on the connection only: no schema object uses it.
void people_fold(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const auto* in = sqlite3_value_text(argv[0]);
  int n = sqlite3_value_bytes(argv[0]);
  std::string out;
  out.reserve(std::size_t(n));
  for (int i = 0; i < n; ++i) {
    unsigned char c = in[i];
    if (c >= 'A' && c <= 'Z') {
      out += char(c - 'A' + 'a');
      continue;
    }
    if ((c == 0xC3 || c == 0xC4 || c == 0xC5) && i + 1 < n) {
      unsigned cp = ((c & 0x1Fu) << 6) | (in[i + 1] & 0x3Fu);
      char base = 0;
      for (const auto& f : letter_folds)
        if (f.cp == cp) base = f.base;
      if (base) {
        out += base;
        ++i;
        continue;
      }
    }
    out += char(c);
  }
  sqlite3_result_text(ctx, out.data(), int(out.size()), SQLITE_TRANSIENT);
}

class sqlite_people final : public people_store {
public:
  // Runs while the store is being opened, before any other thread can use the connection.
  explicit sqlite_people(sqlite_conn& c) : c_(c) {
    c_.locked("people_fold", [&] { c_.db().createFunction("people_fold", 1, true, nullptr, &people_fold); });
  }

  std::optional<profile> find_profile(std::int64_t user_id) override {
    return c_.locked("find_profile", [&] {
      auto p = c_.query("SELECT phone, city, education_level, share_with_booths, updated_at FROM profiles WHERE user_id = ?",
                        user_id)
                   .first([&](row& r) {
                     profile p;
                     p.user_id = user_id;
                     r >> p.phone >> p.city >> p.education_level >> p.share_with_booths >> p.updated_at;
                     return p;
                   });
      if (p)
        p->occupations =
            c_.query("SELECT occupation_id FROM profile_occupations WHERE user_id = ? ORDER BY occupation_id", user_id)
                .all([](row& r) { return r.get<std::string>(); });
      return p;
    });
  }

  void save_profile(const profile& p, std::int64_t now) override {
    c_.locked("save_profile", [&] {
      auto tx = c_.write_transaction();
      c_.exec("INSERT INTO profiles (user_id, phone, city, education_level, share_with_booths, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET phone = excluded.phone, "
              "city = excluded.city, education_level = excluded.education_level, "
              "share_with_booths = excluded.share_with_booths, updated_at = excluded.updated_at",
              p.user_id, p.phone, p.city, p.education_level, p.share_with_booths, now);
      c_.exec("DELETE FROM profile_occupations WHERE user_id = ?", p.user_id);
      for (const auto& occ : p.occupations)
        c_.exec("INSERT OR IGNORE INTO profile_occupations (user_id, occupation_id) VALUES (?, ?)", p.user_id, occ);
      tx.commit();
    });
  }

  std::vector<std::string> unknown_occupations(const std::vector<std::string>& ids) override {
    return c_.locked("unknown_occupations", [&] {
      std::vector<std::string> unknown;
      for (const auto& id : ids)
        if (!c_.query("SELECT 1 FROM occupations WHERE id = ?", id).exists()) unknown.push_back(id);
      return unknown;
    });
  }

  std::vector<occupation_name> occupation_names() override {
    return c_.locked("occupation_names", [&] {
      return c_.query("SELECT id, name_tr, name_en FROM occupations ORDER BY id").all([](row& r) {
        occupation_name o;
        r >> o.id >> o.name_tr >> o.name_en;
        return o;
      });
    });
  }

  demographics find_demographics(std::int64_t user_id) override {
    return c_.locked("find_demographics", [&] { return read_demographics(user_id); });
  }

  // Each item: a value keeps an earlier consent time or takes `now`; NULL (a withdrawal) clears
  // both.
  demographics update_demographics(std::int64_t user_id, const demographics_update& u, std::int64_t now) override {
    return c_.locked("update_demographics", [&] {
      auto tx = c_.write_transaction();
      c_.exec("INSERT OR IGNORE INTO demographics (user_id) VALUES (?)", user_id);
      if (u.gender)
        c_.exec("UPDATE demographics SET gender = ?2, "
                "gender_consent_at = CASE WHEN ?2 IS NULL THEN NULL ELSE coalesce(gender_consent_at, ?3) END "
                "WHERE user_id = ?1",
                user_id, given(*u.gender), now);
      if (u.birth_year)
        c_.exec("UPDATE demographics SET birth_year = ?2, "
                "birth_year_consent_at = CASE WHEN ?2 IS NULL THEN NULL ELSE coalesce(birth_year_consent_at, ?3) END "
                "WHERE user_id = ?1",
                user_id, given(*u.birth_year), now);
      if (u.disability)
        c_.exec("UPDATE demographics SET disability = ?2, "
                "disability_consent_at = CASE WHEN ?2 IS NULL THEN NULL ELSE coalesce(disability_consent_at, ?3) END "
                "WHERE user_id = ?1",
                user_id, given(*u.disability), now);
      // A row with nothing consented carries no information: drop it.
      c_.exec("DELETE FROM demographics WHERE user_id = ? AND gender IS NULL AND birth_year IS NULL "
              "AND disability IS NULL",
              user_id);
      auto out = read_demographics(user_id);
      tx.commit();
      return out;
    });
  }

  registration_result register_for_fair(std::int64_t fair_id, std::int64_t user_id, std::int64_t capacity,
                                        std::int64_t now) override {
    return c_.locked("register_for_fair", [&] {
      // IMMEDIATE: the count and the insert see the same state even if another process writes.
      auto tx = c_.write_transaction();
      if (auto at = read_registration(fair_id, user_id)) return registration_result{register_outcome::existing, *at};
      if (capacity > 0 && count_registrations(fair_id) >= capacity) return registration_result{};
      c_.exec("INSERT INTO fair_registrations (fair_id, user_id, registered_at) VALUES (?, ?, ?)", fair_id, user_id, now);
      tx.commit();
      return registration_result{register_outcome::created, now};
    });
  }

  std::optional<std::int64_t> find_registration(std::int64_t fair_id, std::int64_t user_id) override {
    return c_.locked("find_registration", [&] { return read_registration(fair_id, user_id); });
  }

  bool unregister(std::int64_t fair_id, std::int64_t user_id) override {
    return c_.locked("unregister", [&] {
      return c_.exec("DELETE FROM fair_registrations WHERE fair_id = ? AND user_id = ?", fair_id, user_id) > 0;
    });
  }

  std::int64_t registration_count(std::int64_t fair_id) override {
    return c_.locked("registration_count", [&] { return count_registrations(fair_id); });
  }

  std::vector<my_registration> registrations_of(std::int64_t user_id) override {
    return c_.locked("registrations_of", [&] {
      return c_
          .query("SELECT fair_id, registered_at FROM fair_registrations WHERE user_id = ? "
                 "ORDER BY registered_at DESC, fair_id DESC",
                 user_id)
          .all([](row& r) {
            my_registration m;
            r >> m.fair_id >> m.registered_at;
            return m;
          });
    });
  }

  registrant_page list_registrants(std::int64_t fair_id, const std::string& q, std::int64_t offset,
                                   std::int64_t limit) override {
    return c_.locked("list_registrants", [&] {
      registrant_page page;
      auto pattern = like_pattern(q);
      page.total = c_.query("SELECT count(*) FROM fair_registrations r JOIN users u ON u.id = r.user_id "
                            "LEFT JOIN profiles p ON p.user_id = r.user_id WHERE r.fair_id = ?1 AND "
                            "(people_fold(u.name) LIKE people_fold(?2) ESCAPE '\\' "
                            "OR people_fold(u.email) LIKE people_fold(?2) ESCAPE '\\' "
                            "OR people_fold(coalesce(p.city, '')) LIKE people_fold(?2) ESCAPE '\\')",
                            fair_id, pattern)
                       .value<std::int64_t>()
                       .value_or(0);
      page.rows = c_.query("SELECT u.id, u.name, u.email, coalesce(p.phone, ''), coalesce(p.city, ''), p.education_level, "
                           "r.registered_at FROM fair_registrations r JOIN users u ON u.id = r.user_id "
                           "LEFT JOIN profiles p ON p.user_id = r.user_id WHERE r.fair_id = ?1 AND "
                           "(people_fold(u.name) LIKE people_fold(?2) ESCAPE '\\' "
                           "OR people_fold(u.email) LIKE people_fold(?2) ESCAPE '\\' "
                           "OR people_fold(coalesce(p.city, '')) LIKE people_fold(?2) ESCAPE '\\') "
                           "ORDER BY r.registered_at, u.id LIMIT ?3 OFFSET ?4",
                           fair_id, pattern, limit < 0 ? std::int64_t(-1) : limit, std::max<std::int64_t>(0, offset))
                      .all([](row& r) {
                        registrant x;
                        r >> x.user_id >> x.name >> x.email >> x.phone >> x.city >> x.education_level >> x.registered_at;
                        return x;
                      });
      return page;
    });
  }

  std::vector<std::pair<std::string, std::int64_t>> registration_breakdown(std::int64_t fair_id,
                                                                           breakdown by) override {
    return c_.locked("registration_breakdown", [&] {
      auto read = [](row& r) {
        std::pair<std::string, std::int64_t> p;
        r >> p.first >> p.second;
        return p;
      };
      // One literal per breakdown: the statement cache is keyed by the literal's address.
      switch (by) {
        case breakdown::gender:
          return c_.query("SELECT coalesce(d.gender, ''), count(*) FROM fair_registrations r "
                          "LEFT JOIN demographics d ON d.user_id = r.user_id WHERE r.fair_id = ? GROUP BY 1 ORDER BY 1",
                          fair_id)
              .all(read);
        case breakdown::birth_year:
          return c_.query("SELECT coalesce(CAST(d.birth_year AS TEXT), ''), count(*) FROM fair_registrations r "
                          "LEFT JOIN demographics d ON d.user_id = r.user_id WHERE r.fair_id = ? GROUP BY 1 ORDER BY 1",
                          fair_id)
              .all(read);
        case breakdown::disability:
          return c_.query("SELECT coalesce(CAST(d.disability AS TEXT), ''), count(*) FROM fair_registrations r "
                          "LEFT JOIN demographics d ON d.user_id = r.user_id WHERE r.fair_id = ? GROUP BY 1 ORDER BY 1",
                          fair_id)
              .all(read);
        case breakdown::education:
          return c_.query("SELECT coalesce(p.education_level, ''), count(*) FROM fair_registrations r "
                          "LEFT JOIN profiles p ON p.user_id = r.user_id WHERE r.fair_id = ? GROUP BY 1 ORDER BY 1",
                          fair_id)
              .all(read);
        case breakdown::city:
          return c_.query("SELECT min(trim(coalesce(p.city, ''))), count(*) FROM fair_registrations r "
                          "LEFT JOIN profiles p ON p.user_id = r.user_id WHERE r.fair_id = ? "
                          "GROUP BY people_fold(trim(coalesce(p.city, ''))) ORDER BY 1",
                          fair_id)
              .all(read);
        case breakdown::day:
          break;
      }
      return c_.query("SELECT strftime('%Y-%m-%d', registered_at, 'unixepoch'), count(*) FROM fair_registrations "
                      "WHERE fair_id = ? GROUP BY 1 ORDER BY 1",
                      fair_id)
          .all(read);
    });
  }

  std::vector<group_label> fair_group_labels(std::int64_t fair_id) override {
    return c_.locked("fair_group_labels", [&] {
      return c_
          .query("SELECT t.key, t.label_tr, t.label_en FROM fair_target_groups f "
                 "JOIN target_groups t ON t.key = f.group_key WHERE f.fair_id = ? ORDER BY t.key",
                 fair_id)
          .all([](row& r) {
            group_label g;
            r >> g.key >> g.label_tr >> g.label_en;
            return g;
          });
    });
  }

private:
  // The value of a consent change as bound: empty (NULL) for a withdrawal.
  template <class T>
  static std::optional<T> given(const consent_change<T>& c) {
    return c.withdraw ? std::nullopt : std::optional<T>(c.value);
  }

  // The helpers below run inside locked().
  demographics read_demographics(std::int64_t user_id) {
    return c_
        .query("SELECT gender, gender_consent_at, birth_year, birth_year_consent_at, disability, disability_consent_at "
               "FROM demographics WHERE user_id = ?",
               user_id)
        .first([](row& r) {
          demographics d;
          r >> d.gender >> d.gender_consent_at >> d.birth_year >> d.birth_year_consent_at >> d.disability >>
              d.disability_consent_at;
          return d;
        })
        .value_or(demographics{});
  }

  std::optional<std::int64_t> read_registration(std::int64_t fair_id, std::int64_t user_id) {
    return c_.query("SELECT registered_at FROM fair_registrations WHERE fair_id = ? AND user_id = ?", fair_id, user_id)
        .value<std::int64_t>();
  }

  std::int64_t count_registrations(std::int64_t fair_id) {
    return c_.query("SELECT count(*) FROM fair_registrations WHERE fair_id = ?", fair_id).value<std::int64_t>().value_or(0);
  }

  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<people_store> make_sqlite_people(sqlite_conn& c) { return std::make_unique<sqlite_people>(c); }

}  // namespace fuar::store

// SQLite implementation of fuar::store::people_store over the shared connection.
#include "server/store/sqlite_rows.hpp"

#include <SQLiteCpp/Transaction.h>
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
    return c_.locked("find_profile", [&]() -> std::optional<profile> {
      auto s = c_.prepare(
          "SELECT phone, city, education_level, share_with_booths, updated_at FROM profiles WHERE user_id = ?");
      s->bind(1, user_id);
      if (!s->executeStep()) return std::nullopt;
      profile p;
      p.user_id = user_id;
      p.phone = s->getColumn(0).getString();
      p.city = s->getColumn(1).getString();
      p.education_level = opt_text(s->getColumn(2));
      p.share_with_booths = s->getColumn(3).getInt() != 0;
      p.updated_at = s->getColumn(4).getInt64();
      auto o = c_.prepare("SELECT occupation_id FROM profile_occupations WHERE user_id = ? ORDER BY occupation_id");
      o->bind(1, user_id);
      while (o->executeStep()) p.occupations.push_back(o->getColumn(0).getString());
      return p;
    });
  }

  void save_profile(const profile& p, std::int64_t now) override {
    c_.locked("save_profile", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto s = c_.prepare(
          "INSERT INTO profiles (user_id, phone, city, education_level, share_with_booths, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET phone = excluded.phone, "
          "city = excluded.city, education_level = excluded.education_level, "
          "share_with_booths = excluded.share_with_booths, updated_at = excluded.updated_at");
      s->bind(1, p.user_id);
      s->bind(2, p.phone);
      s->bind(3, p.city);
      if (p.education_level)
        s->bind(4, *p.education_level);
      else
        s->bind(4);
      s->bind(5, p.share_with_booths ? 1 : 0);
      s->bind(6, now);
      s->exec();
      auto d = c_.prepare("DELETE FROM profile_occupations WHERE user_id = ?");
      d->bind(1, p.user_id);
      d->exec();
      for (const auto& occ : p.occupations) {
        auto i = c_.prepare("INSERT OR IGNORE INTO profile_occupations (user_id, occupation_id) VALUES (?, ?)");
        i->bind(1, p.user_id);
        i->bind(2, occ);
        i->exec();
      }
      tx.commit();
    });
  }

  std::vector<std::string> unknown_occupations(const std::vector<std::string>& ids) override {
    return c_.locked("unknown_occupations", [&] {
      std::vector<std::string> unknown;
      for (const auto& id : ids) {
        auto s = c_.prepare("SELECT 1 FROM occupations WHERE id = ?");
        s->bind(1, id);
        if (!s->executeStep()) unknown.push_back(id);
      }
      return unknown;
    });
  }

  std::vector<occupation_name> occupation_names() override {
    return c_.locked("occupation_names", [&] {
      std::vector<occupation_name> out;
      auto s = c_.prepare("SELECT id, name_tr, name_en FROM occupations ORDER BY id");
      while (s->executeStep())
        out.push_back({s->getColumn(0).getString(), s->getColumn(1).getString(), s->getColumn(2).getString()});
      return out;
    });
  }

  demographics find_demographics(std::int64_t user_id) override {
    return c_.locked("find_demographics", [&] { return read_demographics(user_id); });
  }

  demographics update_demographics(std::int64_t user_id, const demographics_update& u, std::int64_t now) override {
    return c_.locked("update_demographics", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto ins = c_.prepare("INSERT OR IGNORE INTO demographics (user_id) VALUES (?)");
      ins->bind(1, user_id);
      ins->exec();
      if (u.gender) {
        auto s = c_.prepare(
            "UPDATE demographics SET gender = ?2, "
            "gender_consent_at = CASE WHEN ?2 IS NULL THEN NULL ELSE coalesce(gender_consent_at, ?3) END "
            "WHERE user_id = ?1");
        s->bind(1, user_id);
        if (u.gender->withdraw)
          s->bind(2);
        else
          s->bind(2, u.gender->value);
        s->bind(3, now);
        s->exec();
      }
      if (u.birth_year) {
        auto s = c_.prepare(
            "UPDATE demographics SET birth_year = ?2, "
            "birth_year_consent_at = CASE WHEN ?2 IS NULL THEN NULL ELSE coalesce(birth_year_consent_at, ?3) END "
            "WHERE user_id = ?1");
        s->bind(1, user_id);
        if (u.birth_year->withdraw)
          s->bind(2);
        else
          s->bind(2, u.birth_year->value);
        s->bind(3, now);
        s->exec();
      }
      if (u.disability) {
        auto s = c_.prepare(
            "UPDATE demographics SET disability = ?2, "
            "disability_consent_at = CASE WHEN ?2 IS NULL THEN NULL ELSE coalesce(disability_consent_at, ?3) END "
            "WHERE user_id = ?1");
        s->bind(1, user_id);
        if (u.disability->withdraw)
          s->bind(2);
        else
          s->bind(2, u.disability->value ? 1 : 0);
        s->bind(3, now);
        s->exec();
      }
      // A row with nothing consented carries no information: drop it.
      auto gc = c_.prepare(
          "DELETE FROM demographics WHERE user_id = ? AND gender IS NULL AND birth_year IS NULL "
          "AND disability IS NULL");
      gc->bind(1, user_id);
      gc->exec();
      auto out = read_demographics(user_id);
      tx.commit();
      return out;
    });
  }

  registration_result register_for_fair(std::int64_t fair_id, std::int64_t user_id, std::int64_t capacity,
                                        std::int64_t now) override {
    return c_.locked("register_for_fair", [&] {
      // IMMEDIATE: the count and the insert see the same state even if another process writes.
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      if (auto at = read_registration(fair_id, user_id)) return registration_result{register_outcome::existing, *at};
      if (capacity > 0 && count_registrations(fair_id) >= capacity) return registration_result{};
      auto s = c_.prepare("INSERT INTO fair_registrations (fair_id, user_id, registered_at) VALUES (?, ?, ?)");
      s->bind(1, fair_id);
      s->bind(2, user_id);
      s->bind(3, now);
      s->exec();
      tx.commit();
      return registration_result{register_outcome::created, now};
    });
  }

  std::optional<std::int64_t> find_registration(std::int64_t fair_id, std::int64_t user_id) override {
    return c_.locked("find_registration", [&] { return read_registration(fair_id, user_id); });
  }

  bool unregister(std::int64_t fair_id, std::int64_t user_id) override {
    return c_.locked("unregister", [&] {
      auto s = c_.prepare("DELETE FROM fair_registrations WHERE fair_id = ? AND user_id = ?");
      s->bind(1, fair_id);
      s->bind(2, user_id);
      return s->exec() > 0;
    });
  }

  std::int64_t registration_count(std::int64_t fair_id) override {
    return c_.locked("registration_count", [&] { return count_registrations(fair_id); });
  }

  std::vector<my_registration> registrations_of(std::int64_t user_id) override {
    return c_.locked("registrations_of", [&] {
      std::vector<my_registration> out;
      auto s = c_.prepare(
          "SELECT fair_id, registered_at FROM fair_registrations WHERE user_id = ? "
          "ORDER BY registered_at DESC, fair_id DESC");
      s->bind(1, user_id);
      while (s->executeStep()) out.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getInt64()});
      return out;
    });
  }

  registrant_page list_registrants(std::int64_t fair_id, const std::string& q, std::int64_t offset,
                                   std::int64_t limit) override {
    return c_.locked("list_registrants", [&] {
      registrant_page page;
      auto pattern = like_pattern(q);
      auto n = c_.prepare(
          "SELECT count(*) FROM fair_registrations r JOIN users u ON u.id = r.user_id "
          "LEFT JOIN profiles p ON p.user_id = r.user_id WHERE r.fair_id = ?1 AND "
          "(people_fold(u.name) LIKE people_fold(?2) ESCAPE '\\' "
          "OR people_fold(u.email) LIKE people_fold(?2) ESCAPE '\\' "
          "OR people_fold(coalesce(p.city, '')) LIKE people_fold(?2) ESCAPE '\\')");
      n->bind(1, fair_id);
      n->bind(2, pattern);
      n->executeStep();
      page.total = n->getColumn(0).getInt64();
      auto s = c_.prepare(
          "SELECT u.id, u.name, u.email, coalesce(p.phone, ''), coalesce(p.city, ''), p.education_level, "
          "r.registered_at FROM fair_registrations r JOIN users u ON u.id = r.user_id "
          "LEFT JOIN profiles p ON p.user_id = r.user_id WHERE r.fair_id = ?1 AND "
          "(people_fold(u.name) LIKE people_fold(?2) ESCAPE '\\' "
          "OR people_fold(u.email) LIKE people_fold(?2) ESCAPE '\\' "
          "OR people_fold(coalesce(p.city, '')) LIKE people_fold(?2) ESCAPE '\\') "
          "ORDER BY r.registered_at, u.id LIMIT ?3 OFFSET ?4");
      s->bind(1, fair_id);
      s->bind(2, pattern);
      s->bind(3, limit < 0 ? std::int64_t(-1) : limit);
      s->bind(4, std::max<std::int64_t>(0, offset));
      while (s->executeStep()) {
        registrant r;
        r.user_id = s->getColumn(0).getInt64();
        r.name = s->getColumn(1).getString();
        r.email = s->getColumn(2).getString();
        r.phone = s->getColumn(3).getString();
        r.city = s->getColumn(4).getString();
        r.education_level = opt_text(s->getColumn(5));
        r.registered_at = s->getColumn(6).getInt64();
        page.rows.push_back(std::move(r));
      }
      return page;
    });
  }

  std::vector<std::pair<std::string, std::int64_t>> registration_breakdown(std::int64_t fair_id,
                                                                           breakdown by) override {
    return c_.locked("registration_breakdown", [&] {
      // One literal per breakdown: the statement cache is keyed by the literal's address.
      auto s = [&] {
        switch (by) {
          case breakdown::gender:
            return c_.prepare(
                "SELECT coalesce(d.gender, ''), count(*) FROM fair_registrations r "
                "LEFT JOIN demographics d ON d.user_id = r.user_id WHERE r.fair_id = ? GROUP BY 1 ORDER BY 1");
          case breakdown::birth_year:
            return c_.prepare(
                "SELECT coalesce(CAST(d.birth_year AS TEXT), ''), count(*) FROM fair_registrations r "
                "LEFT JOIN demographics d ON d.user_id = r.user_id WHERE r.fair_id = ? GROUP BY 1 ORDER BY 1");
          case breakdown::disability:
            return c_.prepare(
                "SELECT coalesce(CAST(d.disability AS TEXT), ''), count(*) FROM fair_registrations r "
                "LEFT JOIN demographics d ON d.user_id = r.user_id WHERE r.fair_id = ? GROUP BY 1 ORDER BY 1");
          case breakdown::education:
            return c_.prepare(
                "SELECT coalesce(p.education_level, ''), count(*) FROM fair_registrations r "
                "LEFT JOIN profiles p ON p.user_id = r.user_id WHERE r.fair_id = ? GROUP BY 1 ORDER BY 1");
          case breakdown::city:
            return c_.prepare(
                "SELECT min(trim(coalesce(p.city, ''))), count(*) FROM fair_registrations r "
                "LEFT JOIN profiles p ON p.user_id = r.user_id WHERE r.fair_id = ? "
                "GROUP BY people_fold(trim(coalesce(p.city, ''))) ORDER BY 1");
          case breakdown::day:
            break;
        }
        return c_.prepare(
            "SELECT strftime('%Y-%m-%d', registered_at, 'unixepoch'), count(*) FROM fair_registrations "
            "WHERE fair_id = ? GROUP BY 1 ORDER BY 1");
      }();
      s->bind(1, fair_id);
      std::vector<std::pair<std::string, std::int64_t>> out;
      while (s->executeStep()) out.emplace_back(s->getColumn(0).getString(), s->getColumn(1).getInt64());
      return out;
    });
  }

  std::vector<group_label> fair_group_labels(std::int64_t fair_id) override {
    return c_.locked("fair_group_labels", [&] {
      std::vector<group_label> out;
      auto s = c_.prepare(
          "SELECT t.key, t.label_tr, t.label_en FROM fair_target_groups f JOIN target_groups t ON t.key = f.group_key "
          "WHERE f.fair_id = ? ORDER BY t.key");
      s->bind(1, fair_id);
      while (s->executeStep())
        out.push_back({s->getColumn(0).getString(), s->getColumn(1).getString(), s->getColumn(2).getString()});
      return out;
    });
  }

private:
  // The helpers below run inside locked().
  demographics read_demographics(std::int64_t user_id) {
    demographics d;
    auto s = c_.prepare(
        "SELECT gender, gender_consent_at, birth_year, birth_year_consent_at, disability, disability_consent_at "
        "FROM demographics WHERE user_id = ?");
    s->bind(1, user_id);
    if (!s->executeStep()) return d;
    d.gender = opt_text(s->getColumn(0));
    d.gender_consent_at = opt_int(s->getColumn(1));
    d.birth_year = opt_int(s->getColumn(2));
    d.birth_year_consent_at = opt_int(s->getColumn(3));
    if (auto v = opt_int(s->getColumn(4))) d.disability = *v != 0;
    d.disability_consent_at = opt_int(s->getColumn(5));
    return d;
  }

  std::optional<std::int64_t> read_registration(std::int64_t fair_id, std::int64_t user_id) {
    auto s = c_.prepare("SELECT registered_at FROM fair_registrations WHERE fair_id = ? AND user_id = ?");
    s->bind(1, fair_id);
    s->bind(2, user_id);
    if (!s->executeStep()) return std::nullopt;
    return s->getColumn(0).getInt64();
  }

  std::int64_t count_registrations(std::int64_t fair_id) {
    auto s = c_.prepare("SELECT count(*) FROM fair_registrations WHERE fair_id = ?");
    s->bind(1, fair_id);
    s->executeStep();
    return s->getColumn(0).getInt64();
  }

  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<people_store> make_sqlite_people(sqlite_conn& c) { return std::make_unique<sqlite_people>(c); }

}  // namespace fuar::store

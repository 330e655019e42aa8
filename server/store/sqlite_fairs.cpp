// SQLite implementation of fuar::store::fairs_store over the shared connection.
#include <SQLiteCpp/Transaction.h>

#include "server/store/sqlite_conn.hpp"

namespace fuar::store {

std::string invitation_state(const invitation& inv, std::int64_t now) {
  if (inv.accepted_at) return "accepted";
  if (inv.revoked_at) return "revoked";
  if (inv.expires_at <= now) return "expired";
  return "pending";
}

namespace {

// The columns read_fair() expects, in order.
#define FUAR_FAIR_COLUMNS                                                                     \
  "f.id, f.title_tr, f.title_en, f.description_tr, f.description_en, f.theme, f.timezone, " \
  "f.starts_at, f.ends_at, f.status, f.is_demo, f.capacity, f.min_age, f.max_age, f.created_by, " \
  "f.created_at, f.updated_at"

#define FUAR_INVITATION_COLUMNS                                                                 \
  "id, kind, fair_id, booth_id, firm_name, email, created_by, created_at, expires_at, accepted_at, " \
  "accepted_by, revoked_at"

fair read_fair(SQLite::Statement& s) {
  fair f;
  f.id = s.getColumn(0).getInt64();
  f.title_tr = s.getColumn(1).getString();
  f.title_en = s.getColumn(2).getString();
  f.description_tr = s.getColumn(3).getString();
  f.description_en = s.getColumn(4).getString();
  f.theme = s.getColumn(5).getString();
  f.timezone = s.getColumn(6).getString();
  f.starts_at = s.getColumn(7).getInt64();
  f.ends_at = s.getColumn(8).getInt64();
  f.status = s.getColumn(9).getString();
  f.is_demo = s.getColumn(10).getInt() != 0;
  f.capacity = s.getColumn(11).getInt64();
  f.min_age = opt_int(s.getColumn(12));
  f.max_age = opt_int(s.getColumn(13));
  f.created_by = s.getColumn(14).isNull() ? 0 : s.getColumn(14).getInt64();
  f.created_at = s.getColumn(15).getInt64();
  f.updated_at = s.getColumn(16).getInt64();
  return f;
}

invitation read_invitation(SQLite::Statement& s) {
  invitation i;
  i.id = s.getColumn(0).getInt64();
  i.kind = s.getColumn(1).getString();
  i.fair_id = s.getColumn(2).getInt64();
  i.booth_id = opt_int(s.getColumn(3)).value_or(0);
  i.firm_name = s.getColumn(4).getString();
  i.email = s.getColumn(5).getString();
  i.created_by = opt_int(s.getColumn(6)).value_or(0);
  i.created_at = s.getColumn(7).getInt64();
  i.expires_at = s.getColumn(8).getInt64();
  i.accepted_at = opt_int(s.getColumn(9));
  i.accepted_by = opt_int(s.getColumn(10));
  i.revoked_at = opt_int(s.getColumn(11));
  return i;
}

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

class sqlite_fairs final : public fairs_store {
public:
  explicit sqlite_fairs(sqlite_conn& c) : c_(c) {}

  std::vector<fair_target_group> list_target_groups() override {
    return c_.locked("list_target_groups", [&] {
      auto s = c_.prepare("SELECT key, label_tr, label_en, builtin FROM target_groups ORDER BY builtin DESC, key");
      std::vector<fair_target_group> out;
      while (s->executeStep())
        out.push_back({s->getColumn(0).getString(), s->getColumn(1).getString(), s->getColumn(2).getString(),
                       s->getColumn(3).getInt() != 0});
      return out;
    });
  }

  bool add_target_group(const fair_target_group& g) override {
    return c_.locked("add_target_group", [&] {
      auto s = c_.prepare(
          "INSERT INTO target_groups (key, label_tr, label_en, builtin) VALUES (?, ?, ?, 0) "
          "ON CONFLICT (key) DO NOTHING");
      s->bind(1, g.key);
      s->bind(2, g.label_tr);
      s->bind(3, g.label_en);
      return s->exec() == 1;
    });
  }

  std::vector<std::string> fair_target_groups(std::int64_t fair_id) override {
    return c_.locked("fair_target_groups", [&] { return groups_locked(fair_id); });
  }

  std::int64_t create_fair(const fair& f, const std::vector<std::string>& groups, std::int64_t now) override {
    return c_.locked("create_fair", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      std::int64_t id = 0;
      {
        auto s = c_.prepare(
            "INSERT INTO fairs (title_tr, title_en, description_tr, description_en, theme, timezone, "
            "starts_at, ends_at, status, is_demo, capacity, min_age, max_age, created_by, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        bind_fair(*s, f);
        s->bind(10, f.is_demo ? 1 : 0);
        if (f.created_by > 0) s->bind(14, f.created_by);
        s->bind(15, now);
        s->bind(16, now);
        s->exec();
        id = c_.db().getLastInsertRowid();
      }
      set_groups_locked(id, groups);
      tx.commit();
      return id;
    });
  }

  bool update_fair(const fair& f, const std::vector<std::string>* groups, std::int64_t now) override {
    return c_.locked("update_fair", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      {
        auto s = c_.prepare(
            "UPDATE fairs SET title_tr = ?, title_en = ?, description_tr = ?, description_en = ?, theme = ?, "
            "timezone = ?, starts_at = ?, ends_at = ?, status = ?, capacity = ?, min_age = ?, max_age = ?, "
            "updated_at = ? WHERE id = ?");
        s->bind(1, f.title_tr);
        s->bind(2, f.title_en);
        s->bind(3, f.description_tr);
        s->bind(4, f.description_en);
        s->bind(5, f.theme);
        s->bind(6, f.timezone);
        s->bind(7, f.starts_at);
        s->bind(8, f.ends_at);
        s->bind(9, f.status);
        s->bind(10, f.capacity);
        if (f.min_age) s->bind(11, *f.min_age);
        if (f.max_age) s->bind(12, *f.max_age);
        s->bind(13, now);
        s->bind(14, f.id);
        if (s->exec() != 1) return false;
      }
      if (groups) set_groups_locked(f.id, *groups);
      tx.commit();
      return true;
    });
  }

  std::vector<fair_summary> organiser_fairs(std::int64_t organiser_id, std::int64_t now) override {
    return c_.locked("organiser_fairs", [&] {
      auto s = c_.prepare(
          "SELECT " FUAR_FAIR_COLUMNS
          ", (SELECT count(*) FROM booths b WHERE b.fair_id = f.id), "
          "(SELECT count(*) FROM invitations i WHERE i.fair_id = f.id AND i.kind = 'firm' AND "
          "i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ?) "
          "FROM fairs f WHERE f.created_by = ? ORDER BY f.starts_at DESC, f.id DESC");
      s->bind(1, now);
      s->bind(2, organiser_id);
      std::vector<fair_summary> out;
      while (s->executeStep()) {
        fair_summary fs;
        fs.f = read_fair(*s);
        fs.booths = s->getColumn(17).getInt64();
        fs.pending_invitations = s->getColumn(18).getInt64();
        out.push_back(std::move(fs));
      }
      return out;
    });
  }

  invitation create_invitation(const invitation& inv, const std::string& token_hash) override {
    return c_.locked("create_invitation", [&] {
      {
        auto s = c_.prepare(
            "INSERT INTO invitations (token_hash, kind, fair_id, booth_id, firm_name, email, created_by, "
            "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        s->bind(1, token_hash);
        s->bind(2, inv.kind);
        s->bind(3, inv.fair_id);
        if (inv.booth_id > 0) s->bind(4, inv.booth_id);
        s->bind(5, inv.firm_name);
        s->bind(6, lower_ascii(inv.email));
        if (inv.created_by > 0) s->bind(7, inv.created_by);
        s->bind(8, inv.created_at);
        s->bind(9, inv.expires_at);
        s->exec();
      }
      return *find_invitation_locked(c_.db().getLastInsertRowid());
    });
  }

  std::optional<invitation> find_invitation(std::int64_t id) override {
    return c_.locked("find_invitation", [&] { return find_invitation_locked(id); });
  }

  std::optional<invitation> find_invitation_by_token(const std::string& token_hash) override {
    return c_.locked("find_invitation_by_token", [&] { return find_by_token_locked(token_hash); });
  }

  std::vector<invitation> fair_invitations(std::int64_t fair_id) override {
    return c_.locked("fair_invitations", [&] {
      auto s = c_.prepare("SELECT " FUAR_INVITATION_COLUMNS
                          " FROM invitations WHERE fair_id = ? AND kind = 'firm' ORDER BY id DESC");
      s->bind(1, fair_id);
      std::vector<invitation> out;
      while (s->executeStep()) out.push_back(read_invitation(*s));
      return out;
    });
  }

  std::vector<invitation> booth_invitations(std::int64_t booth_id) override {
    return c_.locked("booth_invitations", [&] {
      auto s = c_.prepare("SELECT " FUAR_INVITATION_COLUMNS
                          " FROM invitations WHERE booth_id = ? AND kind = 'colleague' ORDER BY id DESC");
      s->bind(1, booth_id);
      std::vector<invitation> out;
      while (s->executeStep()) out.push_back(read_invitation(*s));
      return out;
    });
  }

  bool revoke_invitation(std::int64_t id, std::int64_t now) override {
    return c_.locked("revoke_invitation", [&] {
      auto s = c_.prepare(
          "UPDATE invitations SET revoked_at = ? WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL "
          "AND expires_at > ?");
      s->bind(1, now);
      s->bind(2, id);
      s->bind(3, now);
      return s->exec() == 1;
    });
  }

  accept_result accept_invitation(const std::string& token_hash, std::int64_t now, std::int64_t existing_user_id,
                                  const std::optional<new_account>& account) override {
    return c_.locked("accept_invitation", [&] {
      accept_result r;
      // IMMEDIATE takes the write lock before the state is read, so a second accept (from this
      // process or another one on the same file) sees the first one's result.
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto inv = find_by_token_locked(token_hash);
      if (!inv) return r;
      r.inv = *inv;
      auto state = invitation_state(*inv, now);
      if (state != "pending") {
        r.outcome = state == "accepted" ? accept_outcome::already_used
                    : state == "revoked" ? accept_outcome::revoked
                                         : accept_outcome::expired;
        return r;
      }
      std::int64_t user_id = existing_user_id;
      if (account) {
        auto s = c_.prepare(
            "INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, 'employer', ?) "
            "ON CONFLICT (email) DO NOTHING");
        s->bind(1, lower_ascii(account->email));
        s->bind(2, account->name);
        s->bind(3, account->password_hash);
        if (s->exec() == 0) {
          r.outcome = accept_outcome::email_taken;
          return r;  // the transaction rolls back: nothing written
        }
        user_id = c_.db().getLastInsertRowid();
        auto ss = c_.prepare("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)");
        ss->bind(1, account->session_token_hash);
        ss->bind(2, user_id);
        ss->bind(3, account->session_expires_at);
        ss->exec();
      }
      std::int64_t booth_id = inv->booth_id;
      if (inv->kind == "firm") {
        auto b = c_.prepare("INSERT INTO booths (fair_id, name, updated_at) VALUES (?, ?, ?)");
        b->bind(1, inv->fair_id);
        b->bind(2, inv->firm_name);
        b->bind(3, now);
        b->exec();
        booth_id = c_.db().getLastInsertRowid();
        auto m = c_.prepare("INSERT INTO booth_members (booth_id, user_id, member_role) VALUES (?, ?, 'owner')");
        m->bind(1, booth_id);
        m->bind(2, user_id);
        m->exec();
      } else {
        // An existing owner who follows a colleague link keeps being the owner.
        auto m = c_.prepare(
            "INSERT INTO booth_members (booth_id, user_id, member_role) VALUES (?, ?, 'recruiter') "
            "ON CONFLICT (booth_id, user_id) DO NOTHING");
        m->bind(1, booth_id);
        m->bind(2, user_id);
        m->exec();
      }
      {
        auto u = c_.prepare(
            "UPDATE invitations SET accepted_at = ?, accepted_by = ?, booth_id = ? "
            "WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL");
        u->bind(1, now);
        u->bind(2, user_id);
        u->bind(3, booth_id);
        u->bind(4, inv->id);
        if (u->exec() != 1) throw store_error("store: accept_invitation: the invitation changed under the lock");
      }
      r.inv = *find_invitation_locked(inv->id);
      r.account = find_user_locked(user_id);
      r.booth_id = booth_id;
      tx.commit();
      r.outcome = accept_outcome::accepted;
      return r;
    });
  }

  std::vector<staff_member> booth_members(std::int64_t booth_id) override {
    return c_.locked("booth_members", [&] {
      auto s = c_.prepare(
          "SELECT u.id, u.name, u.email, m.member_role FROM booth_members m JOIN users u ON u.id = m.user_id "
          "WHERE m.booth_id = ? ORDER BY m.member_role = 'owner' DESC, u.name, u.id");
      s->bind(1, booth_id);
      std::vector<staff_member> out;
      while (s->executeStep())
        out.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getString(), s->getColumn(2).getString(),
                       s->getColumn(3).getString()});
      return out;
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

  bool remove_recruiter(std::int64_t booth_id, std::int64_t user_id) override {
    return c_.locked("remove_recruiter", [&] {
      auto s = c_.prepare("DELETE FROM booth_members WHERE booth_id = ? AND user_id = ? AND member_role = 'recruiter'");
      s->bind(1, booth_id);
      s->bind(2, user_id);
      return s->exec() == 1;
    });
  }

private:
  // Binds columns 1..13 of the INSERT (all but is_demo, created_by and the times).
  static void bind_fair(SQLite::Statement& s, const fair& f) {
    s.bind(1, f.title_tr);
    s.bind(2, f.title_en);
    s.bind(3, f.description_tr);
    s.bind(4, f.description_en);
    s.bind(5, f.theme);
    s.bind(6, f.timezone);
    s.bind(7, f.starts_at);
    s.bind(8, f.ends_at);
    s.bind(9, f.status);
    s.bind(11, f.capacity);
    if (f.min_age) s.bind(12, *f.min_age);
    if (f.max_age) s.bind(13, *f.max_age);
  }

  std::vector<std::string> groups_locked(std::int64_t fair_id) {
    auto s = c_.prepare("SELECT group_key FROM fair_target_groups WHERE fair_id = ? ORDER BY group_key");
    s->bind(1, fair_id);
    std::vector<std::string> out;
    while (s->executeStep()) out.push_back(s->getColumn(0).getString());
    return out;
  }

  void set_groups_locked(std::int64_t fair_id, const std::vector<std::string>& groups) {
    {
      auto d = c_.prepare("DELETE FROM fair_target_groups WHERE fair_id = ?");
      d->bind(1, fair_id);
      d->exec();
    }
    for (const auto& g : groups) {
      auto s = c_.prepare("INSERT INTO fair_target_groups (fair_id, group_key) VALUES (?, ?) ON CONFLICT DO NOTHING");
      s->bind(1, fair_id);
      s->bind(2, g);
      s->exec();
    }
  }

  std::optional<invitation> find_invitation_locked(std::int64_t id) {
    auto s = c_.prepare("SELECT " FUAR_INVITATION_COLUMNS " FROM invitations WHERE id = ?");
    s->bind(1, id);
    if (!s->executeStep()) return std::nullopt;
    return read_invitation(*s);
  }

  std::optional<invitation> find_by_token_locked(const std::string& token_hash) {
    auto s = c_.prepare("SELECT " FUAR_INVITATION_COLUMNS " FROM invitations WHERE token_hash = ?");
    s->bind(1, token_hash);
    if (!s->executeStep()) return std::nullopt;
    return read_invitation(*s);
  }

  std::optional<user> find_user_locked(std::int64_t id) {
    auto s = c_.prepare("SELECT id, email, name, role, password_hash, created_at FROM users WHERE id = ?");
    s->bind(1, id);
    if (!s->executeStep()) return std::nullopt;
    user u;
    u.id = s->getColumn(0).getInt64();
    u.email = s->getColumn(1).getString();
    u.name = s->getColumn(2).getString();
    auto r = role_from_string(s->getColumn(3).getString());
    if (!r) throw store_error("store: unknown role in database");
    u.user_role = *r;
    u.created_at = s->getColumn(5).getInt64();  // the password hash stays in the store
    return u;
  }

  sqlite_conn& c_;
};

#undef FUAR_FAIR_COLUMNS
#undef FUAR_INVITATION_COLUMNS

}  // namespace

std::unique_ptr<fairs_store> make_sqlite_fairs(sqlite_conn& c) { return std::make_unique<sqlite_fairs>(c); }

}  // namespace fuar::store

// SQLite implementation of fuar::store::fairs_store over the shared connection.
#include "server/store/sqlite_rows.hpp"

namespace fuar::store {

std::string invitation_state(const invitation& inv, std::int64_t now) {
  if (inv.accepted_at) return "accepted";
  if (inv.revoked_at) return "revoked";
  if (inv.expires_at <= now) return "expired";
  return "pending";
}

namespace {

#define FUAR_INVITATION_COLUMNS                                                                      \
  "id, kind, fair_id, booth_id, firm_name, email, created_by, created_at, expires_at, accepted_at, " \
  "accepted_by, revoked_at"

invitation read_invitation(row& r) {
  invitation i;
  r >> i.id >> i.kind >> i.fair_id >> i.booth_id >> i.firm_name >> i.email >> i.created_by >> i.created_at >>
      i.expires_at >> i.accepted_at >> i.accepted_by >> i.revoked_at;
  return i;
}

std::optional<std::int64_t> id_or_null(std::int64_t id) {
  return id > 0 ? std::optional(id) : std::nullopt;
}

class sqlite_fairs final : public fairs_store {
public:
  explicit sqlite_fairs(sqlite_conn& c) : c_(c) {}

  std::vector<fair_target_group> list_target_groups() override {
    return c_.locked("list_target_groups", [&] {
      return c_.query("SELECT key, label_tr, label_en, builtin FROM target_groups ORDER BY builtin DESC, key")
          .all([](row& r) {
            fair_target_group g;
            r >> g.key >> g.label_tr >> g.label_en >> g.builtin;
            return g;
          });
    });
  }

  bool add_target_group(const fair_target_group& g) override {
    return c_.locked("add_target_group", [&] {
      return c_.exec("INSERT INTO target_groups (key, label_tr, label_en, builtin) VALUES (?, ?, ?, 0) "
                     "ON CONFLICT (key) DO NOTHING",
                     g.key, g.label_tr, g.label_en) == 1;
    });
  }

  std::vector<std::string> fair_target_groups(std::int64_t fair_id) override {
    return c_.locked("fair_target_groups", [&] {
      return c_.query("SELECT group_key FROM fair_target_groups WHERE fair_id = ? ORDER BY group_key", fair_id)
          .all([](row& r) { return r.get<std::string>(); });
    });
  }

  std::vector<fair> list_fairs() override {
    return c_.locked("list_fairs", [&] {
      return c_.query("SELECT " FUAR_FAIR_COLUMNS " FROM fairs f ORDER BY f.starts_at, f.id").all(read_fair);
    });
  }

  std::optional<fair> find_fair(std::int64_t id) override {
    return c_.locked("find_fair",
                     [&] { return c_.query("SELECT " FUAR_FAIR_COLUMNS " FROM fairs f WHERE f.id = ?", id).first(read_fair); });
  }

  std::int64_t create_fair(const fair& f, const std::vector<std::string>& groups, std::int64_t now) override {
    return c_.locked("create_fair", [&] {
      auto tx = c_.write_transaction();
      auto id = c_.insert(
          "INSERT INTO fairs (title_tr, title_en, description_tr, description_en, theme, timezone, "
          "starts_at, ends_at, status, is_demo, capacity, min_age, max_age, created_by, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          f.title_tr, f.title_en, f.description_tr, f.description_en, f.theme, f.timezone, f.starts_at, f.ends_at,
          f.status, f.is_demo, f.capacity, f.min_age, f.max_age, id_or_null(f.created_by), now, now);
      set_groups_locked(id, groups);
      tx.commit();
      return id;
    });
  }

  bool update_fair(const fair& f, const std::vector<std::string>* groups, std::int64_t now) override {
    return c_.locked("update_fair", [&] {
      auto tx = c_.write_transaction();
      if (c_.exec("UPDATE fairs SET title_tr = ?, title_en = ?, description_tr = ?, description_en = ?, theme = ?, "
                  "timezone = ?, starts_at = ?, ends_at = ?, status = ?, capacity = ?, min_age = ?, max_age = ?, "
                  "updated_at = ? WHERE id = ?",
                  f.title_tr, f.title_en, f.description_tr, f.description_en, f.theme, f.timezone, f.starts_at,
                  f.ends_at, f.status, f.capacity, f.min_age, f.max_age, now, f.id) != 1)
        return false;
      if (groups) set_groups_locked(f.id, *groups);
      tx.commit();
      return true;
    });
  }

  std::vector<fair_summary> organiser_fairs(std::int64_t organiser_id, std::int64_t now) override {
    return c_.locked("organiser_fairs", [&] {
      return c_
          .query("SELECT " FUAR_FAIR_COLUMNS
                 ", (SELECT count(*) FROM booths b WHERE b.fair_id = f.id), "
                 "(SELECT count(*) FROM invitations i WHERE i.fair_id = f.id AND i.kind = 'firm' AND "
                 "i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ?) "
                 "FROM fairs f WHERE f.created_by = ? ORDER BY f.starts_at DESC, f.id DESC",
                 now, organiser_id)
          .all([](row& r) {
            fair_summary fs;
            fs.f = read_fair(r);
            r >> fs.booths >> fs.pending_invitations;
            return fs;
          });
    });
  }

  invitation create_invitation(const invitation& inv, const std::string& token_hash) override {
    return c_.locked("create_invitation", [&] {
      auto id = c_.insert(
          "INSERT INTO invitations (token_hash, kind, fair_id, booth_id, firm_name, email, created_by, "
          "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          token_hash, inv.kind, inv.fair_id, id_or_null(inv.booth_id), inv.firm_name, lower_ascii(inv.email),
          id_or_null(inv.created_by), inv.created_at, inv.expires_at);
      return *find_invitation_locked(id);
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
      return c_
          .query("SELECT " FUAR_INVITATION_COLUMNS " FROM invitations WHERE fair_id = ? AND kind = 'firm' ORDER BY id DESC",
                 fair_id)
          .all(read_invitation);
    });
  }

  std::vector<invitation> booth_invitations(std::int64_t booth_id) override {
    return c_.locked("booth_invitations", [&] {
      return c_
          .query("SELECT " FUAR_INVITATION_COLUMNS
                 " FROM invitations WHERE booth_id = ? AND kind = 'colleague' ORDER BY id DESC",
                 booth_id)
          .all(read_invitation);
    });
  }

  bool revoke_invitation(std::int64_t id, std::int64_t now) override {
    return c_.locked("revoke_invitation", [&] {
      return c_.exec("UPDATE invitations SET revoked_at = ? WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL "
                     "AND expires_at > ?",
                     now, id, now) == 1;
    });
  }

  accept_result accept_invitation(const std::string& token_hash, std::int64_t now, std::int64_t existing_user_id,
                                  const std::optional<new_account>& account) override {
    return c_.locked("accept_invitation", [&] {
      accept_result r;
      // IMMEDIATE takes the write lock before the state is read, so a second accept (from this
      // process or another one on the same file) sees the first one's result.
      auto tx = c_.write_transaction();
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
        if (c_.exec("INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, 'employer', ?) "
                    "ON CONFLICT (email) DO NOTHING",
                    lower_ascii(account->email), account->name, account->password_hash) == 0) {
          r.outcome = accept_outcome::email_taken;
          return r;  // the transaction rolls back: nothing written
        }
        user_id = c_.last_insert_id();
        c_.exec("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)", account->session_token_hash,
                user_id, account->session_expires_at);
      }
      std::int64_t booth_id = inv->booth_id;
      if (inv->kind == "firm") {
        booth_id = c_.insert("INSERT INTO booths (fair_id, name, updated_at) VALUES (?, ?, ?)", inv->fair_id,
                             inv->firm_name, now);
        c_.exec("INSERT INTO booth_members (booth_id, user_id, member_role) VALUES (?, ?, 'owner')", booth_id, user_id);
      } else {
        // An existing owner who follows a colleague link keeps being the owner.
        c_.exec("INSERT INTO booth_members (booth_id, user_id, member_role) VALUES (?, ?, 'recruiter') "
                "ON CONFLICT (booth_id, user_id) DO NOTHING",
                booth_id, user_id);
      }
      if (c_.exec("UPDATE invitations SET accepted_at = ?, accepted_by = ?, booth_id = ? "
                  "WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL",
                  now, user_id, booth_id, inv->id) != 1)
        throw store_error("store: accept_invitation: the invitation changed under the lock");
      r.inv = *find_invitation_locked(inv->id);
      r.account = c_.query("SELECT " FUAR_USER_COLUMNS " FROM users u WHERE u.id = ?", user_id).first(read_user);
      if (r.account) r.account->password_hash.clear();  // the hash stays in the store
      r.booth_id = booth_id;
      tx.commit();
      r.outcome = accept_outcome::accepted;
      return r;
    });
  }

private:
  void set_groups_locked(std::int64_t fair_id, const std::vector<std::string>& groups) {
    c_.exec("DELETE FROM fair_target_groups WHERE fair_id = ?", fair_id);
    for (const auto& g : groups)
      c_.exec("INSERT INTO fair_target_groups (fair_id, group_key) VALUES (?, ?) ON CONFLICT DO NOTHING", fair_id, g);
  }

  std::optional<invitation> find_invitation_locked(std::int64_t id) {
    return c_.query("SELECT " FUAR_INVITATION_COLUMNS " FROM invitations WHERE id = ?", id).first(read_invitation);
  }

  std::optional<invitation> find_by_token_locked(const std::string& token_hash) {
    return c_.query("SELECT " FUAR_INVITATION_COLUMNS " FROM invitations WHERE token_hash = ?", token_hash)
        .first(read_invitation);
  }

  sqlite_conn& c_;
};

#undef FUAR_INVITATION_COLUMNS

}  // namespace

std::unique_ptr<fairs_store> make_sqlite_fairs(sqlite_conn& c) { return std::make_unique<sqlite_fairs>(c); }

}  // namespace fuar::store

// SQLite implementation of fuar::store::chat_store over the shared connection.
#include "server/store/sqlite_rows.hpp"

#include <algorithm>
#include <limits>

namespace fuar::store {
namespace {

// m.id, m.booth_id, m.user_id, u.name, u.role, m.text, m.sent_at_ms
#define PUBLIC_SELECT \
  "SELECT m.id, m.booth_id, m.user_id, u.name, u.role, m.text, m.sent_at_ms FROM chat_messages m JOIN users u ON u.id = m.user_id "

chat_message read_chat(row& r) {
  chat_message m;
  r >> m.id >> m.booth_id >> m.user_id >> m.user_name;
  m.user_role = read_role(r);
  r >> m.text >> m.sent_at_ms;
  return m;
}

// Thread columns (read_thread); the last column is the caller-side unread count.
#define THREAD_SELECT                                                                                  \
  "SELECT t.id, t.booth_id, b.fair_id, b.name, t.jobseeker_id, u.name, t.created_at, t.last_message_at, " \
  "t.jobseeker_read, t.booth_read, "
#define THREAD_FROM " FROM chat_threads t JOIN booths b ON b.id = t.booth_id JOIN users u ON u.id = t.jobseeker_id "

chat_thread read_thread(row& r) {
  chat_thread t;
  r >> t.id >> t.booth_id >> t.fair_id >> t.booth_name >> t.jobseeker_id >> t.jobseeker_name >> t.created_at >>
      t.last_message_at >> t.jobseeker_read >> t.booth_read >> t.unread;
  return t;
}

#define TMSG_SELECT \
  "SELECT m.id, m.thread_id, m.author_id, u.name, u.role, m.text, m.sent_at_ms FROM thread_messages m JOIN users u ON u.id = m.author_id "

thread_message read_tmsg(row& r) {
  thread_message m;
  r >> m.id >> m.thread_id >> m.author_id >> m.author_name;
  m.author_role = role_from_string(r.get<std::string>()).value_or(role::jobseeker);
  r >> m.text >> m.sent_at_ms;
  return m;
}

#define REPORT_SELECT                                                                                       \
  "SELECT r.id, r.fair_id, r.booth_id, coalesce(b.name, ''), r.kind, r.message_id, coalesce(r.thread_id, 0), " \
  "r.author_id, coalesce(a.name, ''), r.reporter_id, coalesce(p.name, ''), r.reason, r.text, r.status, "       \
  "r.created_at FROM chat_reports r LEFT JOIN booths b ON b.id = r.booth_id "                                  \
  "LEFT JOIN users a ON a.id = r.author_id LEFT JOIN users p ON p.id = r.reporter_id "

chat_report read_report(row& r) {
  chat_report x;
  r >> x.id >> x.fair_id >> x.booth_id >> x.booth_name >> x.kind >> x.message_id >> x.thread_id >> x.author_id >>
      x.author_name >> x.reporter_id >> x.reporter_name >> x.reason >> x.text >> x.status >> x.created_at;
  return x;
}

// fair_id, user_id, user name, until, reason, created_by (NULL reads as 0), its name, created_at
chat_sanction read_sanction(row& r) {
  chat_sanction x;
  r >> x.fair_id >> x.user_id >> x.user_name >> x.until >> x.reason >> x.created_by >> x.created_by_name >>
      x.created_at;
  return x;
}

std::optional<std::int64_t> id_or_null(std::int64_t id) { return id > 0 ? std::optional(id) : std::nullopt; }
std::optional<std::string> text_or_null(const std::string& s) { return s.empty() ? std::nullopt : std::optional(s); }

class sqlite_chat final : public chat_store {
public:
  explicit sqlite_chat(sqlite_conn& c) : c_(c) {}

  // ---- the public booth chat ----

  // Insert and read-back share one transaction: the unique index on (user_id, nonce) decides
  // whether this is a retry, and the returned row is the one that index holds. An empty nonce is
  // stored as NULL, which the partial index ignores, so it never deduplicates.
  chat_insert add_chat_message(std::int64_t booth_id, std::int64_t user_id, const std::string& text,
                               const std::string& nonce, std::int64_t now_ms) override {
    return c_.locked("add_chat_message", [&] {
      auto tx = c_.write_transaction();
      chat_insert result;
      std::int64_t id = 0;
      result.created = c_.exec("INSERT INTO chat_messages (booth_id, user_id, text, nonce, sent_at_ms) "
                               "VALUES (?, ?, ?, ?, ?) "
                               "ON CONFLICT (user_id, nonce) WHERE nonce IS NOT NULL DO NOTHING",
                               booth_id, user_id, text, text_or_null(nonce), now_ms) == 1;
      if (result.created) {
        id = c_.last_insert_id();
      } else {
        auto earlier = c_.query("SELECT id FROM chat_messages WHERE user_id = ? AND nonce = ?", user_id, nonce)
                           .value<std::int64_t>();
        if (!earlier) throw store_error("store: chat nonce conflict without a row");
        id = *earlier;
      }
      auto m = c_.query(PUBLIC_SELECT "WHERE m.id = ?", id).first(read_chat);
      if (!m) throw store_error("store: chat message vanished during insert");
      result.message = std::move(*m);
      tx.commit();
      return result;
    });
  }

  // Reads newest-first through the (booth_id, id) index, then reverses to oldest-first.
  // limit <= 0 returns nothing (SQLite would read a negative LIMIT as "no limit").
  std::vector<chat_message> chat_history(std::int64_t booth_id, std::int64_t before_id, int limit) override {
    return c_.locked("chat_history", [&] {
      std::vector<chat_message> out;
      if (limit <= 0) return out;
      out = c_.query(PUBLIC_SELECT "WHERE m.booth_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?", booth_id,
                     before_id == 0 ? std::numeric_limits<std::int64_t>::max() : before_id, limit)
                .all(read_chat);
      std::reverse(out.begin(), out.end());
      return out;
    });
  }

  std::vector<chat_message> chat_messages_of(std::int64_t user_id) override {
    return c_.locked("chat_messages_of",
                     [&] { return c_.query(PUBLIC_SELECT "WHERE m.user_id = ? ORDER BY m.id", user_id).all(read_chat); });
  }

  // ---- threads ----

  chat_thread open_thread(std::int64_t booth_id, std::int64_t jobseeker_id, std::int64_t now, bool& created) override {
    return c_.locked("open_thread", [&] {
      auto tx = c_.write_transaction();
      created = c_.exec("INSERT INTO chat_threads (booth_id, jobseeker_id, created_at) VALUES (?, ?, ?) "
                        "ON CONFLICT (booth_id, jobseeker_id) DO NOTHING",
                        booth_id, jobseeker_id, now) > 0;
      auto t = c_.query(THREAD_SELECT "0" THREAD_FROM "WHERE t.booth_id = ? AND t.jobseeker_id = ?", booth_id,
                        jobseeker_id)
                   .first(read_thread);
      if (!t) throw store_error("store: open_thread: thread vanished");
      tx.commit();
      return *t;
    });
  }

  std::optional<chat_thread> find_thread(std::int64_t thread_id) override {
    return c_.locked("find_thread",
                     [&] { return c_.query(THREAD_SELECT "0" THREAD_FROM "WHERE t.id = ?", thread_id).first(read_thread); });
  }

  std::vector<chat_thread> threads_of_jobseeker(std::int64_t user_id, std::int64_t booth_id, int limit) override {
    return c_.locked("threads_of_jobseeker", [&] {
      return c_
          .query(THREAD_SELECT
                 "(SELECT count(*) FROM thread_messages m WHERE m.thread_id = t.id AND m.id > t.jobseeker_read "
                 "AND m.author_id <> t.jobseeker_id)" THREAD_FROM
                 "WHERE t.jobseeker_id = ? AND (? = 0 OR t.booth_id = ?) "
                 "ORDER BY t.last_message_at DESC, t.id DESC LIMIT ?",
                 user_id, booth_id, booth_id, limit)
          .all(read_thread);
    });
  }

  std::vector<chat_thread> threads_of_booth(std::int64_t booth_id, int limit) override {
    return c_.locked("threads_of_booth", [&] {
      return c_
          .query(THREAD_SELECT
                 "(SELECT count(*) FROM thread_messages m WHERE m.thread_id = t.id AND m.id > t.booth_read "
                 "AND m.author_id = t.jobseeker_id)" THREAD_FROM
                 "WHERE t.booth_id = ? ORDER BY t.last_message_at DESC, t.id DESC LIMIT ?",
                 booth_id, limit)
          .all(read_thread);
    });
  }

  thread_insert add_thread_message(std::int64_t thread_id, std::int64_t author_id, const std::string& text,
                                   const std::string& nonce, std::int64_t now_ms) override {
    return c_.locked("add_thread_message", [&] {
      auto tx = c_.write_transaction();
      thread_insert out;
      std::int64_t id = 0;
      if (!nonce.empty())
        id = c_.query("SELECT id FROM thread_messages WHERE author_id = ? AND nonce = ?", author_id, nonce)
                 .value<std::int64_t>()
                 .value_or(0);
      if (id == 0) {
        id = c_.insert("INSERT INTO thread_messages (thread_id, author_id, text, nonce, sent_at_ms) VALUES (?, ?, ?, ?, ?)",
                       thread_id, author_id, text, text_or_null(nonce), now_ms);
        c_.exec("UPDATE chat_threads SET last_message_at = ? WHERE id = ?", now_ms, thread_id);
        out.created = true;
      }
      auto m = c_.query(TMSG_SELECT "WHERE m.id = ?", id).first(read_tmsg);
      if (!m) throw store_error("store: add_thread_message: row vanished");
      out.message = std::move(*m);
      tx.commit();
      return out;
    });
  }

  std::vector<thread_message> thread_history(std::int64_t thread_id, std::int64_t before_id, int limit) override {
    return c_.locked("thread_history", [&] {
      auto out = c_.query(TMSG_SELECT "WHERE m.thread_id = ? AND (? = 0 OR m.id < ?) ORDER BY m.id DESC LIMIT ?",
                          thread_id, before_id, before_id, limit)
                     .all(read_tmsg);
      std::reverse(out.begin(), out.end());
      return out;
    });
  }

  std::optional<thread_message> find_thread_message(std::int64_t message_id) override {
    return c_.locked("find_thread_message",
                     [&] { return c_.query(TMSG_SELECT "WHERE m.id = ?", message_id).first(read_tmsg); });
  }

  std::int64_t mark_read(std::int64_t thread_id, bool booth_side, std::int64_t message_id) override {
    return c_.locked("mark_read", [&] {
      auto tx = c_.write_transaction();
      std::optional<std::int64_t> mark;
      if (booth_side) {
        c_.exec("UPDATE chat_threads SET booth_read = max(booth_read, ?) WHERE id = ?", message_id, thread_id);
        mark = c_.query("SELECT booth_read FROM chat_threads WHERE id = ?", thread_id).value<std::int64_t>();
      } else {
        c_.exec("UPDATE chat_threads SET jobseeker_read = max(jobseeker_read, ?) WHERE id = ?", message_id, thread_id);
        mark = c_.query("SELECT jobseeker_read FROM chat_threads WHERE id = ?", thread_id).value<std::int64_t>();
      }
      tx.commit();
      return mark.value_or(0);
    });
  }

  std::vector<own_thread_message> thread_messages_of(std::int64_t user_id, int limit) override {
    return c_.locked("thread_messages_of", [&] {
      return c_
          .query("SELECT m.id, m.thread_id, t.booth_id, b.name, m.text, m.sent_at_ms FROM thread_messages m "
                 "JOIN chat_threads t ON t.id = m.thread_id JOIN booths b ON b.id = t.booth_id "
                 "WHERE m.author_id = ? ORDER BY m.id LIMIT ?",
                 user_id, limit)
          .all([](row& r) {
            own_thread_message m;
            r >> m.id >> m.thread_id >> m.booth_id >> m.booth_name >> m.text >> m.sent_at_ms;
            return m;
          });
    });
  }

  // ---- reports and moderation ----

  std::optional<message_ref> find_message(const std::string& kind, std::int64_t message_id) override {
    return c_.locked("find_message", [&]() -> std::optional<message_ref> {
      auto read = [&](row& r) {
        message_ref m;
        m.kind = kind;
        r >> m.id >> m.booth_id >> m.fair_id >> m.thread_id >> m.author_id >> m.text;
        return m;
      };
      if (kind == "public")
        return c_
            .query("SELECT m.id, m.booth_id, b.fair_id, 0, m.user_id, m.text FROM chat_messages m "
                   "JOIN booths b ON b.id = m.booth_id WHERE m.id = ?",
                   message_id)
            .first(read);
      if (kind != "thread") return std::nullopt;
      return c_
          .query("SELECT m.id, t.booth_id, b.fair_id, m.thread_id, m.author_id, m.text FROM thread_messages m "
                 "JOIN chat_threads t ON t.id = m.thread_id JOIN booths b ON b.id = t.booth_id WHERE m.id = ?",
                 message_id)
          .first(read);
    });
  }

  bool add_report(const message_ref& m, std::int64_t reporter_id, const std::string& reason, std::int64_t now) override {
    return c_.locked("add_report", [&] {
      return c_.exec("INSERT INTO chat_reports (fair_id, booth_id, kind, message_id, thread_id, author_id, reporter_id, "
                     "reason, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                     "ON CONFLICT (kind, message_id, reporter_id) DO NOTHING",
                     m.fair_id, m.booth_id, m.kind, m.id,
                     m.kind == "thread" ? std::optional(m.thread_id) : std::nullopt, m.author_id, reporter_id,
                     reason, m.text, now) > 0;
    });
  }

  std::vector<chat_report> reports(std::int64_t fair_id, const std::string& status, int limit) override {
    return c_.locked("reports", [&] {
      return c_
          .query(REPORT_SELECT "WHERE r.fair_id = ? AND (? = '' OR r.status = ?) ORDER BY r.id DESC LIMIT ?", fair_id,
                 status, status, limit)
          .all(read_report);
    });
  }

  std::optional<chat_report> find_report(std::int64_t report_id) override {
    return c_.locked("find_report", [&] { return c_.query(REPORT_SELECT "WHERE r.id = ?", report_id).first(read_report); });
  }

  bool delete_message(const message_ref& m, std::int64_t actor_id, const std::string& detail, std::int64_t now) override {
    return c_.locked("delete_message", [&] {
      auto tx = c_.write_transaction();
      int n = m.kind == "public" ? c_.exec("DELETE FROM chat_messages WHERE id = ?", m.id)
                                 : c_.exec("DELETE FROM thread_messages WHERE id = ?", m.id);
      if (n == 0) return false;
      c_.exec("UPDATE chat_reports SET status = 'deleted' WHERE kind = ? AND message_id = ? AND status = 'open'", m.kind,
              m.id);
      log(m.fair_id, actor_id, "delete", m.author_id, m.kind, m.id, detail, now);
      tx.commit();
      return true;
    });
  }

  bool dismiss_report(std::int64_t report_id, std::int64_t actor_id, std::int64_t now) override {
    return c_.locked("dismiss_report", [&] {
      auto tx = c_.write_transaction();
      struct open_report {
        std::int64_t fair = 0, author = 0, message = 0;
        std::string kind;
      };
      auto rep = c_.query("SELECT fair_id, author_id, kind, message_id FROM chat_reports WHERE id = ? AND status = 'open'",
                          report_id)
                     .first([](row& r) {
                       open_report o;
                       r >> o.fair >> o.author >> o.kind >> o.message;
                       return o;
                     });
      if (!rep) return false;
      c_.exec("UPDATE chat_reports SET status = 'dismissed' WHERE id = ?", report_id);
      log(rep->fair, actor_id, "dismiss", rep->author, rep->kind, rep->message, "report " + std::to_string(report_id),
          now);
      tx.commit();
      return true;
    });
  }

  void mute(std::int64_t fair_id, std::int64_t user_id, std::int64_t until, const std::string& reason,
            std::int64_t actor_id, std::int64_t now) override {
    c_.locked("mute", [&] {
      auto tx = c_.write_transaction();
      c_.exec("INSERT INTO chat_mutes (fair_id, user_id, until, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (fair_id, user_id) DO UPDATE SET until = excluded.until, reason = excluded.reason, "
              "created_by = excluded.created_by, created_at = excluded.created_at",
              fair_id, user_id, until, reason, actor_id, now);
      log(fair_id, actor_id, "mute", user_id, "", 0, reason, now);
      tx.commit();
    });
  }

  bool unmute(std::int64_t fair_id, std::int64_t user_id, std::int64_t actor_id, std::int64_t now) override {
    return c_.locked("unmute", [&] {
      auto tx = c_.write_transaction();
      if (c_.exec("DELETE FROM chat_mutes WHERE fair_id = ? AND user_id = ? AND until > ?", fair_id, user_id, now) == 0)
        return false;
      log(fair_id, actor_id, "unmute", user_id, "", 0, "", now);
      tx.commit();
      return true;
    });
  }

  bool ban(std::int64_t fair_id, std::int64_t user_id, const std::string& reason, std::int64_t actor_id,
           std::int64_t now) override {
    return c_.locked("ban", [&] {
      auto tx = c_.write_transaction();
      if (c_.exec("INSERT INTO chat_bans (fair_id, user_id, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?) "
                  "ON CONFLICT (fair_id, user_id) DO NOTHING",
                  fair_id, user_id, reason, actor_id, now) == 0)
        return false;
      log(fair_id, actor_id, "ban", user_id, "", 0, reason, now);
      tx.commit();
      return true;
    });
  }

  bool unban(std::int64_t fair_id, std::int64_t user_id, std::int64_t actor_id, std::int64_t now) override {
    return c_.locked("unban", [&] {
      auto tx = c_.write_transaction();
      if (c_.exec("DELETE FROM chat_bans WHERE fair_id = ? AND user_id = ?", fair_id, user_id) == 0) return false;
      log(fair_id, actor_id, "unban", user_id, "", 0, "", now);
      tx.commit();
      return true;
    });
  }

  std::optional<std::int64_t> muted_until(std::int64_t fair_id, std::int64_t user_id, std::int64_t now) override {
    return c_.locked("muted_until", [&] {
      return c_.query("SELECT until FROM chat_mutes WHERE fair_id = ? AND user_id = ? AND until > ?", fair_id, user_id,
                      now)
          .value<std::int64_t>();
    });
  }

  bool is_banned(std::int64_t fair_id, std::int64_t user_id) override {
    return c_.locked("is_banned", [&] {
      return c_.query("SELECT 1 FROM chat_bans WHERE fair_id = ? AND user_id = ?", fair_id, user_id).exists();
    });
  }

  std::vector<std::int64_t> banned_users() override {
    return c_.locked("banned_users", [&] {
      return c_.query("SELECT DISTINCT user_id FROM chat_bans").all([](row& r) { return r.get<std::int64_t>(); });
    });
  }

  std::vector<chat_sanction> mutes(std::int64_t fair_id, std::int64_t now) override {
    return c_.locked("mutes", [&] {
      return c_
          .query("SELECT m.fair_id, m.user_id, u.name, m.until, m.reason, m.created_by, coalesce(c.name, ''), "
                 "m.created_at FROM chat_mutes m JOIN users u ON u.id = m.user_id "
                 "LEFT JOIN users c ON c.id = m.created_by WHERE m.fair_id = ? AND m.until > ? ORDER BY m.until LIMIT 500",
                 fair_id, now)
          .all(read_sanction);
    });
  }

  std::vector<chat_sanction> bans(std::int64_t fair_id) override {
    return c_.locked("bans", [&] {
      return c_
          .query("SELECT b.fair_id, b.user_id, u.name, 0, b.reason, b.created_by, coalesce(c.name, ''), b.created_at "
                 "FROM chat_bans b JOIN users u ON u.id = b.user_id LEFT JOIN users c ON c.id = b.created_by "
                 "WHERE b.fair_id = ? ORDER BY b.created_at DESC LIMIT 500",
                 fair_id)
          .all(read_sanction);
    });
  }

  std::vector<moderation_entry> moderation_log(std::int64_t fair_id, int limit) override {
    return c_.locked("moderation_log", [&] {
      return c_
          .query("SELECT l.id, l.fair_id, l.actor_id, coalesce(a.name, ''), l.action, l.target_user_id, "
                 "coalesce(t.name, ''), l.kind, l.message_id, l.detail, l.at FROM moderation_log l "
                 "LEFT JOIN users a ON a.id = l.actor_id LEFT JOIN users t ON t.id = l.target_user_id "
                 "WHERE l.fair_id = ? ORDER BY l.id DESC LIMIT ?",
                 fair_id, limit)
          .all([](row& r) {
            moderation_entry e;
            r >> e.id >> e.fair_id >> e.actor_id >> e.actor_name >> e.action >> e.target_user_id >> e.target_name >>
                e.kind >> e.message_id >> e.detail >> e.at;
            return e;
          });
    });
  }

  std::vector<chat_report> reports_by(std::int64_t reporter_id, int limit) override {
    return c_.locked("reports_by", [&] {
      return c_.query(REPORT_SELECT "WHERE r.reporter_id = ? ORDER BY r.id LIMIT ?", reporter_id, limit).all(read_report);
    });
  }

  std::vector<chat_sanction> sanctions_of(std::int64_t user_id, int limit) override {
    return c_.locked("sanctions_of", [&] {
      // The two tables in one statement, the same columns as mutes() and bans() but with the
      // organiser who acted blanked (NULL created_by reads as 0).
      return c_
          .query("SELECT x.fair_id, x.user_id, u.name, x.until, x.reason, NULL, '', x.created_at FROM ("
                 "SELECT fair_id, user_id, until, reason, created_at FROM chat_mutes WHERE user_id = ?1 "
                 "UNION ALL SELECT fair_id, user_id, 0, reason, created_at FROM chat_bans WHERE user_id = ?1) x "
                 "JOIN users u ON u.id = x.user_id ORDER BY x.created_at, x.fair_id, x.until DESC LIMIT ?2",
                 user_id, limit)
          .all(read_sanction);
    });
  }

private:
  // Inside a transaction (the caller holds the lock).
  void log(std::int64_t fair_id, std::int64_t actor_id, const char* action, std::int64_t target, const std::string& kind,
           std::int64_t message_id, const std::string& detail, std::int64_t now) {
    c_.exec("INSERT INTO moderation_log (fair_id, actor_id, action, target_user_id, kind, message_id, detail, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            fair_id, id_or_null(actor_id), action, id_or_null(target), text_or_null(kind), id_or_null(message_id),
            detail, now);
  }

  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<chat_store> make_sqlite_chat(sqlite_conn& c) { return std::make_unique<sqlite_chat>(c); }

}  // namespace fuar::store

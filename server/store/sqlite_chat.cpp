// SQLite implementation of fuar::store::chat_store over the shared connection.
#include "server/store/sqlite_conn.hpp"

#include <SQLiteCpp/Transaction.h>

#include <algorithm>

namespace fuar::store {
namespace {

// Thread columns (read_thread); the last column is the caller-side unread count.
#define THREAD_SELECT                                                                                  \
  "SELECT t.id, t.booth_id, b.fair_id, b.name, t.jobseeker_id, u.name, t.created_at, t.last_message_at, " \
  "t.jobseeker_read, t.booth_read, "
#define THREAD_FROM " FROM chat_threads t JOIN booths b ON b.id = t.booth_id JOIN users u ON u.id = t.jobseeker_id "

chat_thread read_thread(SQLite::Statement& s, bool with_unread) {
  chat_thread t;
  t.id = s.getColumn(0).getInt64();
  t.booth_id = s.getColumn(1).getInt64();
  t.fair_id = s.getColumn(2).getInt64();
  t.booth_name = s.getColumn(3).getString();
  t.jobseeker_id = s.getColumn(4).getInt64();
  t.jobseeker_name = s.getColumn(5).getString();
  t.created_at = s.getColumn(6).getInt64();
  t.last_message_at = s.getColumn(7).getInt64();
  t.jobseeker_read = s.getColumn(8).getInt64();
  t.booth_read = s.getColumn(9).getInt64();
  if (with_unread) t.unread = s.getColumn(10).getInt64();
  return t;
}

#define TMSG_SELECT \
  "SELECT m.id, m.thread_id, m.author_id, u.name, u.role, m.text, m.sent_at_ms FROM thread_messages m JOIN users u ON u.id = m.author_id "

thread_message read_tmsg(SQLite::Statement& s) {
  thread_message m;
  m.id = s.getColumn(0).getInt64();
  m.thread_id = s.getColumn(1).getInt64();
  m.author_id = s.getColumn(2).getInt64();
  m.author_name = s.getColumn(3).getString();
  m.author_role = role_from_string(s.getColumn(4).getString()).value_or(role::jobseeker);
  m.text = s.getColumn(5).getString();
  m.sent_at_ms = s.getColumn(6).getInt64();
  return m;
}

#define REPORT_SELECT                                                                                       \
  "SELECT r.id, r.fair_id, r.booth_id, coalesce(b.name, ''), r.kind, r.message_id, coalesce(r.thread_id, 0), " \
  "r.author_id, coalesce(a.name, ''), r.reporter_id, coalesce(p.name, ''), r.reason, r.text, r.status, "       \
  "r.created_at FROM chat_reports r LEFT JOIN booths b ON b.id = r.booth_id "                                  \
  "LEFT JOIN users a ON a.id = r.author_id LEFT JOIN users p ON p.id = r.reporter_id "

chat_report read_report(SQLite::Statement& s) {
  chat_report r;
  r.id = s.getColumn(0).getInt64();
  r.fair_id = s.getColumn(1).getInt64();
  r.booth_id = s.getColumn(2).getInt64();
  r.booth_name = s.getColumn(3).getString();
  r.kind = s.getColumn(4).getString();
  r.message_id = s.getColumn(5).getInt64();
  r.thread_id = s.getColumn(6).getInt64();
  r.author_id = s.getColumn(7).getInt64();
  r.author_name = s.getColumn(8).getString();
  r.reporter_id = s.getColumn(9).getInt64();
  r.reporter_name = s.getColumn(10).getString();
  r.reason = s.getColumn(11).getString();
  r.text = s.getColumn(12).getString();
  r.status = s.getColumn(13).getString();
  r.created_at = s.getColumn(14).getInt64();
  return r;
}

chat_sanction read_sanction(SQLite::Statement& s) {
  chat_sanction x;
  x.fair_id = s.getColumn(0).getInt64();
  x.user_id = s.getColumn(1).getInt64();
  x.user_name = s.getColumn(2).getString();
  x.until = s.getColumn(3).getInt64();
  x.reason = s.getColumn(4).getString();
  x.created_by = s.getColumn(5).isNull() ? 0 : s.getColumn(5).getInt64();
  x.created_by_name = s.getColumn(6).getString();
  x.created_at = s.getColumn(7).getInt64();
  return x;
}

class sqlite_chat final : public chat_store {
public:
  explicit sqlite_chat(sqlite_conn& c) : c_(c) {}

  chat_thread open_thread(std::int64_t booth_id, std::int64_t jobseeker_id, std::int64_t now, bool& created) override {
    return c_.locked("open_thread", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      {
        auto s = c_.prepare(
            "INSERT INTO chat_threads (booth_id, jobseeker_id, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (booth_id, jobseeker_id) DO NOTHING");
        s->bind(1, booth_id);
        s->bind(2, jobseeker_id);
        s->bind(3, now);
        created = s->exec() > 0;
      }
      auto s = c_.prepare(THREAD_SELECT "0" THREAD_FROM "WHERE t.booth_id = ? AND t.jobseeker_id = ?");
      s->bind(1, booth_id);
      s->bind(2, jobseeker_id);
      if (!s->executeStep()) throw store_error("store: open_thread: thread vanished");
      auto t = read_thread(*s, false);
      s->tryReset();
      tx.commit();
      return t;
    });
  }

  std::optional<chat_thread> find_thread(std::int64_t thread_id) override {
    return c_.locked("find_thread", [&]() -> std::optional<chat_thread> {
      auto s = c_.prepare(THREAD_SELECT "0" THREAD_FROM "WHERE t.id = ?");
      s->bind(1, thread_id);
      if (!s->executeStep()) return std::nullopt;
      return read_thread(*s, false);
    });
  }

  std::vector<chat_thread> threads_of_jobseeker(std::int64_t user_id, std::int64_t booth_id, int limit) override {
    return c_.locked("threads_of_jobseeker", [&] {
      auto s = c_.prepare(THREAD_SELECT
                          "(SELECT count(*) FROM thread_messages m WHERE m.thread_id = t.id AND m.id > t.jobseeker_read "
                          "AND m.author_id <> t.jobseeker_id)" THREAD_FROM
                          "WHERE t.jobseeker_id = ? AND (? = 0 OR t.booth_id = ?) "
                          "ORDER BY t.last_message_at DESC, t.id DESC LIMIT ?");
      s->bind(1, user_id);
      s->bind(2, booth_id);
      s->bind(3, booth_id);
      s->bind(4, limit);
      std::vector<chat_thread> out;
      while (s->executeStep()) out.push_back(read_thread(*s, true));
      return out;
    });
  }

  std::vector<chat_thread> threads_of_booth(std::int64_t booth_id, int limit) override {
    return c_.locked("threads_of_booth", [&] {
      auto s = c_.prepare(THREAD_SELECT
                          "(SELECT count(*) FROM thread_messages m WHERE m.thread_id = t.id AND m.id > t.booth_read "
                          "AND m.author_id = t.jobseeker_id)" THREAD_FROM
                          "WHERE t.booth_id = ? ORDER BY t.last_message_at DESC, t.id DESC LIMIT ?");
      s->bind(1, booth_id);
      s->bind(2, limit);
      std::vector<chat_thread> out;
      while (s->executeStep()) out.push_back(read_thread(*s, true));
      return out;
    });
  }

  thread_insert add_thread_message(std::int64_t thread_id, std::int64_t author_id, const std::string& text,
                                   const std::string& nonce, std::int64_t now_ms) override {
    return c_.locked("add_thread_message", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      thread_insert out;
      std::int64_t id = 0;
      if (!nonce.empty()) {
        auto s = c_.prepare("SELECT id FROM thread_messages WHERE author_id = ? AND nonce = ?");
        s->bind(1, author_id);
        s->bind(2, nonce);
        if (s->executeStep()) id = s->getColumn(0).getInt64();
      }
      if (id == 0) {
        {
          auto s = c_.prepare("INSERT INTO thread_messages (thread_id, author_id, text, nonce, sent_at_ms) VALUES (?, ?, ?, ?, ?)");
          s->bind(1, thread_id);
          s->bind(2, author_id);
          s->bind(3, text);
          if (nonce.empty()) s->bind(4);
          else s->bind(4, nonce);
          s->bind(5, now_ms);
          s->exec();
          id = c_.db().getLastInsertRowid();
        }
        auto s = c_.prepare("UPDATE chat_threads SET last_message_at = ? WHERE id = ?");
        s->bind(1, now_ms);
        s->bind(2, thread_id);
        s->exec();
        out.created = true;
      }
      auto s = c_.prepare(TMSG_SELECT "WHERE m.id = ?");
      s->bind(1, id);
      if (!s->executeStep()) throw store_error("store: add_thread_message: row vanished");
      out.message = read_tmsg(*s);
      s->tryReset();
      tx.commit();
      return out;
    });
  }

  std::vector<thread_message> thread_history(std::int64_t thread_id, std::int64_t before_id, int limit) override {
    return c_.locked("thread_history", [&] {
      auto s = c_.prepare(TMSG_SELECT "WHERE m.thread_id = ? AND (? = 0 OR m.id < ?) ORDER BY m.id DESC LIMIT ?");
      s->bind(1, thread_id);
      s->bind(2, before_id);
      s->bind(3, before_id);
      s->bind(4, limit);
      std::vector<thread_message> out;
      while (s->executeStep()) out.push_back(read_tmsg(*s));
      std::reverse(out.begin(), out.end());
      return out;
    });
  }

  std::optional<thread_message> find_thread_message(std::int64_t message_id) override {
    return c_.locked("find_thread_message", [&]() -> std::optional<thread_message> {
      auto s = c_.prepare(TMSG_SELECT "WHERE m.id = ?");
      s->bind(1, message_id);
      if (!s->executeStep()) return std::nullopt;
      return read_tmsg(*s);
    });
  }

  std::int64_t mark_read(std::int64_t thread_id, bool booth_side, std::int64_t message_id) override {
    return c_.locked("mark_read", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      {
        auto s = booth_side ? c_.prepare("UPDATE chat_threads SET booth_read = max(booth_read, ?) WHERE id = ?")
                            : c_.prepare("UPDATE chat_threads SET jobseeker_read = max(jobseeker_read, ?) WHERE id = ?");
        s->bind(1, message_id);
        s->bind(2, thread_id);
        s->exec();
      }
      auto s = booth_side ? c_.prepare("SELECT booth_read FROM chat_threads WHERE id = ?")
                          : c_.prepare("SELECT jobseeker_read FROM chat_threads WHERE id = ?");
      s->bind(1, thread_id);
      std::int64_t mark = s->executeStep() ? s->getColumn(0).getInt64() : 0;
      s->tryReset();
      tx.commit();
      return mark;
    });
  }

  std::vector<own_thread_message> thread_messages_of(std::int64_t user_id, int limit) override {
    return c_.locked("thread_messages_of", [&] {
      auto s = c_.prepare(
          "SELECT m.id, m.thread_id, t.booth_id, b.name, m.text, m.sent_at_ms FROM thread_messages m "
          "JOIN chat_threads t ON t.id = m.thread_id JOIN booths b ON b.id = t.booth_id "
          "WHERE m.author_id = ? ORDER BY m.id LIMIT ?");
      s->bind(1, user_id);
      s->bind(2, limit);
      std::vector<own_thread_message> out;
      while (s->executeStep())
        out.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getInt64(), s->getColumn(2).getInt64(),
                       s->getColumn(3).getString(), s->getColumn(4).getString(), s->getColumn(5).getInt64()});
      return out;
    });
  }

  std::optional<message_ref> find_message(const std::string& kind, std::int64_t message_id) override {
    return c_.locked("find_message", [&]() -> std::optional<message_ref> {
      message_ref m;
      m.kind = kind;
      if (kind == "public") {
        auto s = c_.prepare(
            "SELECT m.id, m.booth_id, b.fair_id, m.user_id, m.text FROM chat_messages m JOIN booths b ON b.id = m.booth_id "
            "WHERE m.id = ?");
        s->bind(1, message_id);
        if (!s->executeStep()) return std::nullopt;
        m.id = s->getColumn(0).getInt64();
        m.booth_id = s->getColumn(1).getInt64();
        m.fair_id = s->getColumn(2).getInt64();
        m.author_id = s->getColumn(3).getInt64();
        m.text = s->getColumn(4).getString();
        return m;
      }
      if (kind != "thread") return std::nullopt;
      auto s = c_.prepare(
          "SELECT m.id, t.booth_id, b.fair_id, m.thread_id, m.author_id, m.text FROM thread_messages m "
          "JOIN chat_threads t ON t.id = m.thread_id JOIN booths b ON b.id = t.booth_id WHERE m.id = ?");
      s->bind(1, message_id);
      if (!s->executeStep()) return std::nullopt;
      m.id = s->getColumn(0).getInt64();
      m.booth_id = s->getColumn(1).getInt64();
      m.fair_id = s->getColumn(2).getInt64();
      m.thread_id = s->getColumn(3).getInt64();
      m.author_id = s->getColumn(4).getInt64();
      m.text = s->getColumn(5).getString();
      return m;
    });
  }

  bool add_report(const message_ref& m, std::int64_t reporter_id, const std::string& reason, std::int64_t now) override {
    return c_.locked("add_report", [&] {
      auto s = c_.prepare(
          "INSERT INTO chat_reports (fair_id, booth_id, kind, message_id, thread_id, author_id, reporter_id, reason, "
          "text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, message_id, reporter_id) DO NOTHING");
      s->bind(1, m.fair_id);
      s->bind(2, m.booth_id);
      s->bind(3, m.kind);
      s->bind(4, m.id);
      if (m.kind == "thread") s->bind(5, m.thread_id);
      else s->bind(5);
      s->bind(6, m.author_id);
      s->bind(7, reporter_id);
      s->bind(8, reason);
      s->bind(9, m.text);
      s->bind(10, now);
      return s->exec() > 0;
    });
  }

  std::vector<chat_report> reports(std::int64_t fair_id, const std::string& status, int limit) override {
    return c_.locked("reports", [&] {
      auto s = c_.prepare(REPORT_SELECT "WHERE r.fair_id = ? AND (? = '' OR r.status = ?) ORDER BY r.id DESC LIMIT ?");
      s->bind(1, fair_id);
      s->bind(2, status);
      s->bind(3, status);
      s->bind(4, limit);
      std::vector<chat_report> out;
      while (s->executeStep()) out.push_back(read_report(*s));
      return out;
    });
  }

  std::optional<chat_report> find_report(std::int64_t report_id) override {
    return c_.locked("find_report", [&]() -> std::optional<chat_report> {
      auto s = c_.prepare(REPORT_SELECT "WHERE r.id = ?");
      s->bind(1, report_id);
      if (!s->executeStep()) return std::nullopt;
      return read_report(*s);
    });
  }

  bool delete_message(const message_ref& m, std::int64_t actor_id, const std::string& detail, std::int64_t now) override {
    return c_.locked("delete_message", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      int n = 0;
      {
        auto s = m.kind == "public" ? c_.prepare("DELETE FROM chat_messages WHERE id = ?")
                                    : c_.prepare("DELETE FROM thread_messages WHERE id = ?");
        s->bind(1, m.id);
        n = s->exec();
      }
      if (n == 0) return false;
      {
        auto s = c_.prepare("UPDATE chat_reports SET status = 'deleted' WHERE kind = ? AND message_id = ? AND status = 'open'");
        s->bind(1, m.kind);
        s->bind(2, m.id);
        s->exec();
      }
      log(m.fair_id, actor_id, "delete", m.author_id, m.kind, m.id, detail, now);
      tx.commit();
      return true;
    });
  }

  bool dismiss_report(std::int64_t report_id, std::int64_t actor_id, std::int64_t now) override {
    return c_.locked("dismiss_report", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      std::int64_t fair = 0, author = 0, message = 0;
      std::string kind;
      {
        auto s = c_.prepare("SELECT fair_id, author_id, kind, message_id FROM chat_reports WHERE id = ? AND status = 'open'");
        s->bind(1, report_id);
        if (!s->executeStep()) return false;
        fair = s->getColumn(0).getInt64();
        author = s->getColumn(1).getInt64();
        kind = s->getColumn(2).getString();
        message = s->getColumn(3).getInt64();
      }
      {
        auto s = c_.prepare("UPDATE chat_reports SET status = 'dismissed' WHERE id = ?");
        s->bind(1, report_id);
        s->exec();
      }
      log(fair, actor_id, "dismiss", author, kind, message, "report " + std::to_string(report_id), now);
      tx.commit();
      return true;
    });
  }

  void mute(std::int64_t fair_id, std::int64_t user_id, std::int64_t until, const std::string& reason,
            std::int64_t actor_id, std::int64_t now) override {
    c_.locked("mute", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto s = c_.prepare(
          "INSERT INTO chat_mutes (fair_id, user_id, until, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (fair_id, user_id) DO UPDATE SET until = excluded.until, reason = excluded.reason, "
          "created_by = excluded.created_by, created_at = excluded.created_at");
      s->bind(1, fair_id);
      s->bind(2, user_id);
      s->bind(3, until);
      s->bind(4, reason);
      s->bind(5, actor_id);
      s->bind(6, now);
      s->exec();
      log(fair_id, actor_id, "mute", user_id, "", 0, reason, now);
      tx.commit();
    });
  }

  bool unmute(std::int64_t fair_id, std::int64_t user_id, std::int64_t actor_id, std::int64_t now) override {
    return c_.locked("unmute", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto s = c_.prepare("DELETE FROM chat_mutes WHERE fair_id = ? AND user_id = ? AND until > ?");
      s->bind(1, fair_id);
      s->bind(2, user_id);
      s->bind(3, now);
      if (s->exec() == 0) return false;
      log(fair_id, actor_id, "unmute", user_id, "", 0, "", now);
      tx.commit();
      return true;
    });
  }

  bool ban(std::int64_t fair_id, std::int64_t user_id, const std::string& reason, std::int64_t actor_id,
           std::int64_t now) override {
    return c_.locked("ban", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto s = c_.prepare(
          "INSERT INTO chat_bans (fair_id, user_id, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?) "
          "ON CONFLICT (fair_id, user_id) DO NOTHING");
      s->bind(1, fair_id);
      s->bind(2, user_id);
      s->bind(3, reason);
      s->bind(4, actor_id);
      s->bind(5, now);
      if (s->exec() == 0) return false;
      log(fair_id, actor_id, "ban", user_id, "", 0, reason, now);
      tx.commit();
      return true;
    });
  }

  bool unban(std::int64_t fair_id, std::int64_t user_id, std::int64_t actor_id, std::int64_t now) override {
    return c_.locked("unban", [&] {
      SQLite::Transaction tx(c_.db(), SQLite::TransactionBehavior::IMMEDIATE);
      auto s = c_.prepare("DELETE FROM chat_bans WHERE fair_id = ? AND user_id = ?");
      s->bind(1, fair_id);
      s->bind(2, user_id);
      if (s->exec() == 0) return false;
      log(fair_id, actor_id, "unban", user_id, "", 0, "", now);
      tx.commit();
      return true;
    });
  }

  std::optional<std::int64_t> muted_until(std::int64_t fair_id, std::int64_t user_id, std::int64_t now) override {
    return c_.locked("muted_until", [&]() -> std::optional<std::int64_t> {
      auto s = c_.prepare("SELECT until FROM chat_mutes WHERE fair_id = ? AND user_id = ? AND until > ?");
      s->bind(1, fair_id);
      s->bind(2, user_id);
      s->bind(3, now);
      if (!s->executeStep()) return std::nullopt;
      return s->getColumn(0).getInt64();
    });
  }

  bool is_banned(std::int64_t fair_id, std::int64_t user_id) override {
    return c_.locked("is_banned", [&] {
      auto s = c_.prepare("SELECT 1 FROM chat_bans WHERE fair_id = ? AND user_id = ?");
      s->bind(1, fair_id);
      s->bind(2, user_id);
      return s->executeStep();
    });
  }

  std::vector<std::int64_t> banned_users() override {
    return c_.locked("banned_users", [&] {
      auto s = c_.prepare("SELECT DISTINCT user_id FROM chat_bans");
      std::vector<std::int64_t> out;
      while (s->executeStep()) out.push_back(s->getColumn(0).getInt64());
      return out;
    });
  }

  std::vector<chat_sanction> mutes(std::int64_t fair_id, std::int64_t now) override {
    return c_.locked("mutes", [&] {
      auto s = c_.prepare(
          "SELECT m.fair_id, m.user_id, u.name, m.until, m.reason, m.created_by, coalesce(c.name, ''), m.created_at "
          "FROM chat_mutes m JOIN users u ON u.id = m.user_id LEFT JOIN users c ON c.id = m.created_by "
          "WHERE m.fair_id = ? AND m.until > ? ORDER BY m.until LIMIT 500");
      s->bind(1, fair_id);
      s->bind(2, now);
      std::vector<chat_sanction> out;
      while (s->executeStep()) out.push_back(read_sanction(*s));
      return out;
    });
  }

  std::vector<chat_sanction> bans(std::int64_t fair_id) override {
    return c_.locked("bans", [&] {
      auto s = c_.prepare(
          "SELECT b.fair_id, b.user_id, u.name, 0, b.reason, b.created_by, coalesce(c.name, ''), b.created_at "
          "FROM chat_bans b JOIN users u ON u.id = b.user_id LEFT JOIN users c ON c.id = b.created_by "
          "WHERE b.fair_id = ? ORDER BY b.created_at DESC LIMIT 500");
      s->bind(1, fair_id);
      std::vector<chat_sanction> out;
      while (s->executeStep()) out.push_back(read_sanction(*s));
      return out;
    });
  }

  std::vector<moderation_entry> moderation_log(std::int64_t fair_id, int limit) override {
    return c_.locked("moderation_log", [&] {
      auto s = c_.prepare(
          "SELECT l.id, l.fair_id, coalesce(l.actor_id, 0), coalesce(a.name, ''), l.action, coalesce(l.target_user_id, 0), "
          "coalesce(t.name, ''), coalesce(l.kind, ''), coalesce(l.message_id, 0), l.detail, l.at FROM moderation_log l "
          "LEFT JOIN users a ON a.id = l.actor_id LEFT JOIN users t ON t.id = l.target_user_id "
          "WHERE l.fair_id = ? ORDER BY l.id DESC LIMIT ?");
      s->bind(1, fair_id);
      s->bind(2, limit);
      std::vector<moderation_entry> out;
      while (s->executeStep()) {
        moderation_entry e;
        e.id = s->getColumn(0).getInt64();
        e.fair_id = s->getColumn(1).getInt64();
        e.actor_id = s->getColumn(2).getInt64();
        e.actor_name = s->getColumn(3).getString();
        e.action = s->getColumn(4).getString();
        e.target_user_id = s->getColumn(5).getInt64();
        e.target_name = s->getColumn(6).getString();
        e.kind = s->getColumn(7).getString();
        e.message_id = s->getColumn(8).getInt64();
        e.detail = s->getColumn(9).getString();
        e.at = s->getColumn(10).getInt64();
        out.push_back(std::move(e));
      }
      return out;
    });
  }

  std::vector<chat_report> reports_by(std::int64_t reporter_id, int limit) override {
    return c_.locked("reports_by", [&] {
      auto s = c_.prepare(REPORT_SELECT "WHERE r.reporter_id = ? ORDER BY r.id LIMIT ?");
      s->bind(1, reporter_id);
      s->bind(2, limit);
      std::vector<chat_report> out;
      while (s->executeStep()) out.push_back(read_report(*s));
      return out;
    });
  }

  std::vector<chat_sanction> sanctions_of(std::int64_t user_id, int limit) override {
    return c_.locked("sanctions_of", [&] {
      // The two tables in one statement, the same columns as mutes() and bans() but with the
      // organiser who acted blanked (NULL created_by reads as 0).
      auto s = c_.prepare(
          "SELECT x.fair_id, x.user_id, u.name, x.until, x.reason, NULL, '', x.created_at FROM ("
          "SELECT fair_id, user_id, until, reason, created_at FROM chat_mutes WHERE user_id = ?1 "
          "UNION ALL SELECT fair_id, user_id, 0, reason, created_at FROM chat_bans WHERE user_id = ?1) x "
          "JOIN users u ON u.id = x.user_id ORDER BY x.created_at, x.fair_id, x.until DESC LIMIT ?2");
      s->bind(1, user_id);
      s->bind(2, limit);
      std::vector<chat_sanction> out;
      while (s->executeStep()) out.push_back(read_sanction(*s));
      return out;
    });
  }

private:
  // Inside a transaction (the caller holds the lock).
  void log(std::int64_t fair_id, std::int64_t actor_id, const char* action, std::int64_t target, const std::string& kind,
           std::int64_t message_id, const std::string& detail, std::int64_t now) {
    auto s = c_.prepare(
        "INSERT INTO moderation_log (fair_id, actor_id, action, target_user_id, kind, message_id, detail, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    s->bind(1, fair_id);
    if (actor_id > 0) s->bind(2, actor_id);
    else s->bind(2);
    s->bind(3, action);
    if (target > 0) s->bind(4, target);
    else s->bind(4);
    if (kind.empty()) s->bind(5);
    else s->bind(5, kind);
    if (message_id > 0) s->bind(6, message_id);
    else s->bind(6);
    s->bind(7, detail);
    s->bind(8, now);
    s->exec();
  }

  sqlite_conn& c_;
};

}  // namespace

std::unique_ptr<chat_store> make_sqlite_chat(sqlite_conn& c) { return std::make_unique<sqlite_chat>(c); }

}  // namespace fuar::store

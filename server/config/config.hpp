#pragma once
// fuar configuration. Every key is listed once, in config.cpp's key table, with its default;
// config/fuar.json documents each one. Loading rules:
//   1. defaults; 2. the file given with --config (JSON with // comments); 3. environment
//   variables FUAR_<SECTION>_<KEY> (upper case), e.g. FUAR_SERVER_PORT=0. Lists take a JSON
//   array or a comma-separated string.
// An unknown section or key, a wrong type or an out-of-range value throws config_error naming
// the key: start-up stops rather than running with a setting the operator did not mean.
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace fuar::app {

struct config_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct config {
  struct {
    std::string host = "127.0.0.1";
    std::int64_t port = 8080;
    std::int64_t threads = 0;  // 0: one per core
    std::string data_dir = "var";
    std::string static_dir = "web-static";
    std::string node_name;     // empty: host name
    bool demo = true;
    std::int64_t shutdown_timeout_s = 30;
  } server;
  struct {
    std::vector<std::string> allowed_origins;
    std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For is believed
    std::int64_t max_body_bytes = 65536;
    std::int64_t max_header_bytes = 8192;
    std::int64_t request_timeout_ms = 30000;
    std::int64_t max_connections = 4000;  // HTTP connections not (yet) upgraded to WebSocket
    bool secure_cookies = false;
    std::int64_t max_json_depth = 32;
  } http;
  struct {
    std::int64_t max_message_bytes = 65536;
    std::int64_t max_queue_bytes = 1048576;
    std::int64_t handshake_timeout_ms = 10000;
    std::int64_t idle_timeout_ms = 60000;
    std::int64_t max_connections = 19000;
    std::int64_t max_connections_per_user = 10;
    bool allow_missing_origin_with_bearer = true;
    std::int64_t rate_per_s = 20;
    std::int64_t rate_burst = 40;
    std::int64_t max_json_depth = 32;
  } ws;
  struct {
    std::string type = "memory";
    std::int64_t history_size = 300;
    std::int64_t history_ttl_s = 300;
    std::string redis_host = "127.0.0.1";
    std::int64_t redis_port = 6379;
    std::string redis_prefix = "fuar:";
    std::int64_t presence_ttl_s = 60;
    std::int64_t presence_refresh_s = 25;
    std::int64_t reconnect_max_ms = 5000;
  } broker;
  struct {
    std::int64_t push_interval_ms = 1000;
    std::int64_t hall_push_interval_ms = 2000;   // the fair hall's per-booth counts, at most this often
    std::int64_t visit_flush_ms = 5000;          // visits for the organiser's report are stored this often
  } presence;
  struct {
    std::string type = "sqlite";
    std::string sqlite_path;  // empty: <data_dir>/fuar.db
    std::int64_t pool_threads = 2;
  } store;
  struct {
    std::int64_t session_ttl_s = 1209600;
    std::int64_t login_max_failures_per_account = 5;
    std::int64_t login_max_failures_per_ip = 20;
    std::int64_t login_window_s = 300;
    std::int64_t registrations_per_ip = 100;  // per login_window_s
    std::string password_cost = "interactive";  // interactive | minimal (tests only)
  } auth;
  struct {
    std::string public_url;                      // base of links and QR codes; empty: from the request's Host
    std::int64_t invitation_ttl_s = 1209600;     // employer and colleague invitation links (14 days)
  } fairs;
  struct {
    std::int64_t cv_max_bytes = 5242880;         // 5 MiB; 413 beyond it
    std::int64_t cv_max_per_user = 5;
    std::int64_t logo_max_bytes = 1048576;
    std::string pdftotext = "pdftotext";         // the extractor binary (poppler-utils)
    std::int64_t extract_timeout_ms = 10000;     // wall clock, then SIGKILL
    std::int64_t extract_memory_mb = 512;        // RLIMIT_AS of the extractor process
    std::int64_t extract_workers = 1;            // extractions running at once
  } uploads;
  struct {
    std::int64_t messages_per_min = 20;          // per user, public and private chat together
    std::int64_t burst = 5;                      // messages allowed at once before the rate applies
  } chat;
  struct {
    std::int64_t max_per_user = 3;               // queues a jobseeker may stand in at once
    std::int64_t max_length = 500;               // places per queue
    std::int64_t accept_timeout_s = 60;          // a called jobseeker's time to accept, then no-show
    std::int64_t disconnect_grace_s = 120;       // a place survives a disconnect this long
    std::int64_t default_interview_s = 600;      // wait estimate before any interview has ended
  } queues;
  struct {
    std::int64_t max_participants = 8;           // group rooms: candidates and recruiters together
    std::string turn_secret;                     // TURN REST shared secret (coturn static-auth-secret); empty: no TURN
    std::vector<std::string> turn_urls;          // e.g. "turn:turn.example.org:3478?transport=udp"
    std::vector<std::string> stun_urls;          // e.g. "stun:turn.example.org:3478"
    std::int64_t turn_ttl_s = 3600;              // lifetime of issued TURN credentials
    std::int64_t rejoin_grace_s = 30;            // a disconnected participant's place is kept this long
  } rooms;
  struct {
    std::int64_t cancel_cutoff_min = 60;         // no cancelling later than this before the start
    std::int64_t reminder_first_min = 10;        // reminders pushed this many minutes before
    std::int64_t reminder_second_min = 1;
    std::int64_t max_group_size = 8;
    std::int64_t offer_hold_min = 10;            // a freed place is held this long for the next on the waitlist
    std::int64_t sweep_interval_ms = 5000;       // how often reminders and expired offers are looked at
  } slots;

  std::string sqlite_file() const;
  std::string files_dir() const;  // <data_dir>/files: uploads (CVs, logos), never under web-static
};

// Loads defaults, then `path` (may be empty), then the environment `env` (name -> value).
config load_config(const std::string& path, const std::map<std::string, std::string>& env);
std::map<std::string, std::string> process_environment();
// The effective configuration as JSON, for `fuar admin config`.
nlohmann::json to_json(const config& c);

}  // namespace fuar::app

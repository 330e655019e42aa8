#pragma once
// The Redis broker: what several fuar nodes share through one Redis (hiredis 0.14.1, RESP2).
//
// Keys (prefix P, topic T; the braces keep a topic's keys in one Redis Cluster slot):
//   P{T}:m   hash  e = epoch, o = last offset          (expires after meta_ttl, refreshed on use)
//   P{T}:s   stream, entry id "<offset>-0", fields t = publish time (ms), f = push frame
//   P{T}:p   hash  "<node>|<conn>" -> "<expires_ms>\t<user_id>\t<role>\t<name>"   (presence)
//   channel P{T}  payload "<offset> <epoch> <frame>"; offset -1: ephemeral, -2: epoch reset
// Publishing is one Lua script (next offset, stream append with MAXLEN, expiry, PUBLISH), so
// history and live delivery can never disagree. The node subscribes to a topic's channel once
// (the hub reference-counts), on one subscriber connection; publishes and presence use one
// pipelined command connection.
//
// Redis unavailable: publications are delivered to this node's subscribers only, as ephemeral
// pushes, and the topic is remembered; when Redis returns, such topics get a new epoch and
// every node's subscribers are told (subscription.reset) to reload a snapshot. Subscribed
// topics are re-subscribed in batches and the gap is read back from the streams; a topic whose
// stream is gone (Redis restarted empty) also gets a reset. Nothing waits in memory meanwhile.
#include <memory>
#include <string>

#include "server/broker/broker.hpp"

namespace fuar::broker {

struct redis_options {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string prefix = "fuar:";
  std::string node_id = "node";
  std::size_t history_size = 300;
  std::int64_t history_ttl_ms = 300000;
  std::int64_t presence_ttl_ms = 60000;
  std::int64_t presence_refresh_ms = 25000;
  std::int64_t connect_timeout_ms = 2000;
  std::int64_t reconnect_max_ms = 5000;
  std::size_t subscribe_batch = 200;
};

std::unique_ptr<broker> make_redis_broker(const redis_options& opts);

}  // namespace fuar::broker

#!/usr/bin/env bash
# Starts and stops the example cluster of config/cluster/ on loopback:
#   scripts/cluster.sh start [N]   redis-server, N fuar nodes (default 4), haproxy if installed
#   scripts/cluster.sh status
#   scripts/cluster.sh stop
# Environment: FUAR_CLUSTER_DIR (state, default build/cluster), FUAR_CLUSTER_REDIS_PORT (6379),
# FUAR_CLUSTER_BASE_PORT (8081: nodes use BASE..BASE+N-1), FUAR_CLUSTER_PROXY_PORT (8080),
# FUAR_CLUSTER_ENV (extra "K=V K=V" for every node, e.g. rate limits for load runs).
# Everything listens on 127.0.0.1 only. Needs build/fuar (make build) and redis-server.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${FUAR_CLUSTER_DIR:-build/cluster}
redis_port=${FUAR_CLUSTER_REDIS_PORT:-6379}
base=${FUAR_CLUSTER_BASE_PORT:-8081}
proxy_port=${FUAR_CLUSTER_PROXY_PORT:-8080}

wait_port() {  # wait_port PORT SECONDS
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "cluster: nothing listens on 127.0.0.1:$1 after $2 s" >&2
  return 1
}

start() {
  local n=${1:-4}
  [ -x build/fuar ] || { echo "cluster: build/fuar is missing; run make build" >&2; exit 1; }
  command -v redis-server >/dev/null || { echo "cluster: redis-server is missing (apt-get install redis-server)" >&2; exit 1; }
  mkdir -p "$dir"
  if [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
    echo "cluster: already running (scripts/cluster.sh stop first)" >&2
    exit 1
  fi
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" \
    --daemonize no --loglevel warning >"$dir/redis.log" 2>&1 &
  echo $! >"$dir/redis.pid"
  wait_port "$redis_port" 10

  local origins="http://127.0.0.1:$proxy_port,http://localhost:$proxy_port"
  for ((k = 1; k <= n; k++)); do
    local port=$((base + k - 1))
    mkdir -p "$dir/node$k"
    # shellcheck disable=SC2086
    env FUAR_SERVER_PORT="$port" FUAR_SERVER_NODE_NAME="node$k" FUAR_SERVER_DATA_DIR="$dir/node$k" \
      FUAR_BROKER_REDIS_PORT="$redis_port" FUAR_HTTP_ALLOWED_ORIGINS="$origins" ${FUAR_CLUSTER_ENV:-} \
      build/fuar --config config/cluster/node.json >"$dir/node$k.log" 2>&1 &
    echo $! >"$dir/node$k.pid"
  done
  for ((k = 1; k <= n; k++)); do wait_port $((base + k - 1)) 30; done

  if command -v haproxy >/dev/null; then
    {
      sed -n '1,/^backend fuar_nodes/p' config/cluster/haproxy.cfg | sed "s/bind 127.0.0.1:8080/bind 127.0.0.1:$proxy_port/"
      echo "    balance source"
      echo "    option httpchk GET /healthz"
      echo "    http-check expect status 200"
      for ((k = 1; k <= n; k++)); do echo "    server node$k 127.0.0.1:$((base + k - 1)) check inter 2s"; done
    } >"$dir/haproxy.cfg"
    haproxy -f "$dir/haproxy.cfg" -db >"$dir/haproxy.log" 2>&1 &
    echo $! >"$dir/haproxy.pid"
    wait_port "$proxy_port" 10
    echo "cluster: $n node(s) on 127.0.0.1:$base-$((base + n - 1)), redis :$redis_port, haproxy http://127.0.0.1:$proxy_port"
  else
    echo "cluster: $n node(s) on 127.0.0.1:$base-$((base + n - 1)), redis :$redis_port (haproxy not installed: no proxy)"
  fi
  echo "cluster: logs and demo accounts in $dir/"
}

stop() {
  local f
  for f in "$dir"/haproxy.pid "$dir"/node*.pid "$dir"/redis.pid; do
    [ -f "$f" ] || continue
    local pid
    pid=$(cat "$f")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$f"
  done
  echo "cluster: stopped"
}

status() {
  local f
  for f in "$dir"/*.pid; do
    [ -f "$f" ] || continue
    if kill -0 "$(cat "$f")" 2>/dev/null; then echo "$(basename "$f" .pid): running"; else echo "$(basename "$f" .pid): dead"; fi
  done
}

case "${1:-}" in
  start) start "${2:-4}" ;;
  stop) stop ;;
  status) status ;;
  *) sed -n '2,9p' "$0"; exit 2 ;;
esac

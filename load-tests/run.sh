#!/usr/bin/env bash
# load-tests/run.sh — run one fuar-load scenario against a fresh fuar server on this machine.
#
# usage: load-tests/run.sh SCENARIO [fuar-load options...]
#
#   SCENARIO   idle | seminar | booth-chat | join-storm | reconnect-storm
#   options    passed to fuar-load unchanged (fuar-load --help), e.g.
#                load-tests/run.sh idle --connections 1000
#                load-tests/run.sh seminar --connections 500 --publishers 2 --rate 5 --duration 10
#                load-tests/run.sh join-storm --connections 1000
#                load-tests/run.sh reconnect-storm --connections 500
#                load-tests/run.sh booth-chat --connections 1000 --publishers 20
#
# What it does (it builds nothing: run `make build` first):
#   1. creates a data directory on /dev/shm (tmpfs: fsync is cheap, nothing touches the disk);
#   2. provisions one account and session per connection with `fuar admin provision-load`
#      (one shared password hash, one transaction) and BOOTHS booths in the "Load test fair";
#   3. starts build/fuar on 127.0.0.1, port 0, demo off, with the per-connection command rate
#      limit raised, FUAR_SERVER_THREADS=$SERVER_THREADS, pinned with taskset to $SERVER_CPU;
#      with NODES=N > 1: a private redis-server on a free port and N fuar nodes on the Redis
#      broker, all sharing one SQLite file (WAL; one machine), all pinned to $SERVER_CPU;
#   4. runs fuar-load pinned to $LOAD_CPU with --tokens, --port and --server-pid filled in
#      (connection i goes to node i mod N);
#   5. stops the servers with SIGTERM (SIGKILL after 20 s) and removes the directory.
# The table goes to stdout, followed by the line "RESULT {json}". The exit status is
# fuar-load's (0 ok, 3 a check failed, 1 error, 2 usage).
#
# Environment (defaults in brackets):
#   FUAR_BIN [build/fuar]   FUAR_LOAD_BIN [build/load-tests/fuar-load]
#   SERVER_CPU [0] (or FUAR_LOAD_SERVER_CPU)  LOAD_CPU [1] (or FUAR_LOAD_CPU)
#   SERVER_THREADS [1]  BOOTHS [8]
#   MAX_CONNECTIONS [19000]  each node's ws.max_connections (its file limit is 20,000 here)
#   NODES [1]  fuar nodes; BROKER [memory, redis when NODES > 1]: the broker type
#   SERVER_ENV ["" ]  extra KEY=VALUE words for the server, e.g. "FUAR_BROKER_HISTORY_SIZE=1000"
#   KEEP [0]  1 keeps the data directory and the server logs (path printed at the end)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FUAR_BIN=${FUAR_BIN:-$root/build/fuar}
FUAR_LOAD_BIN=${FUAR_LOAD_BIN:-$root/build/load-tests/fuar-load}
SERVER_CPU=${SERVER_CPU:-${FUAR_LOAD_SERVER_CPU:-0}}
LOAD_CPU=${LOAD_CPU:-${FUAR_LOAD_CPU:-1}}
SERVER_THREADS=${SERVER_THREADS:-1}
BOOTHS=${BOOTHS:-8}
MAX_CONNECTIONS=${MAX_CONNECTIONS:-19000}
SERVER_ENV=${SERVER_ENV:-}
KEEP=${KEEP:-0}
NODES=${NODES:-1}
if ((NODES > 1)); then BROKER=${BROKER:-redis}; else BROKER=${BROKER:-memory}; fi

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }

if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
  usage
  [[ $# -ge 1 ]] && exit 0 || exit 2
fi
scenario=$1
shift
case $scenario in
  idle | join-storm) connections=1000 publishers=0 ;;
  seminar) connections=500 publishers=2 ;;
  booth-chat) connections=1000 publishers=20 ;;
  reconnect-storm) connections=500 publishers=2 ;;
  *) echo "run.sh: unknown scenario \"$scenario\"" >&2; usage >&2; exit 2 ;;
esac

# The account count follows the options fuar-load will see; the last occurrence wins there too.
booths=$BOOTHS
have_source_ips=0
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  a=${args[i]}
  v=${args[i + 1]:-}
  case $a in
    --connections | -n) connections=$v ;;
    --connections=*) connections=${a#*=} ;;
    --publishers) publishers=$v ;;
    --publishers=*) publishers=${a#*=} ;;
    --booths) ((v > booths)) && booths=$v ;;
    --booths=*) ((${a#*=} > booths)) && booths=${a#*=} ;;
    --source-ips | --source-ips=*) have_source_ips=1 ;;
    --tokens* | --port* | --host* | --url* | --server-pid* | --target*)
      echo "run.sh: $a is set by run.sh (it runs fuar locally); call fuar-load directly for other targets" >&2
      exit 2 ;;
  esac
done
case $scenario in idle | join-storm) publishers=0 ;; esac
users=$((connections + publishers))
if ((users > NODES * MAX_CONNECTIONS)); then
  echo "run.sh: $users connections exceed $NODES node(s) x ws.max_connections ($MAX_CONNECTIONS); one fuar" \
    "node holds about 19,000 here (20,000 open files per process): set NODES" >&2
  exit 2
fi
if [[ $BROKER != memory && $BROKER != redis ]]; then
  echo "run.sh: BROKER must be memory or redis" >&2
  exit 2
fi
if ((NODES > 1)) && [[ $BROKER != redis ]]; then
  echo "run.sh: several nodes need BROKER=redis (the memory broker does not cross processes)" >&2
  exit 2
fi

for bin in "$FUAR_BIN" "$FUAR_LOAD_BIN"; do
  [[ -x $bin ]] || { echo "run.sh: $bin not found; build first (make build)" >&2; exit 1; }
done
if [[ $BROKER == redis ]] && ! command -v redis-server >/dev/null; then
  echo "run.sh: BROKER=redis needs redis-server (apt-get install redis-server)" >&2
  exit 1
fi

dir=$(mktemp -d /dev/shm/fuar-load.XXXXXX)
pids=()      # fuar nodes
redis_pid=""
stop_pid() {  # stop_pid PID NAME: SIGTERM, then SIGKILL after 20 s
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "run.sh: $2 (pid $pid) did not stop within 20 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do stop_pid "$pid" fuar; done
  [[ -n $redis_pid ]] && stop_pid "$redis_pid" redis-server
  if [[ $KEEP == 1 ]]; then
    echo "run.sh: kept $dir (node*.log, fuar.db, tokens.txt)" >&2
  else
    rm -rf "$dir"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

broker_env=(FUAR_BROKER_TYPE="$BROKER")
if [[ $BROKER == redis ]]; then
  redis_port=$(free_port)
  taskset -c "$SERVER_CPU" redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
    --dir "$dir" --daemonize no --loglevel warning >"$dir/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && break
    sleep 0.1
  done
  broker_env+=(FUAR_BROKER_REDIS_HOST=127.0.0.1 FUAR_BROKER_REDIS_PORT="$redis_port" FUAR_BROKER_REDIS_PREFIX=fuarload:)
fi

server_env=(
  FUAR_SERVER_HOST=127.0.0.1
  FUAR_SERVER_PORT=0
  FUAR_SERVER_DATA_DIR="$dir"
  # One SQLite file for every node: the same accounts, sessions and booths everywhere.
  FUAR_STORE_SQLITE_PATH="$dir/fuar.db"
  FUAR_SERVER_STATIC_DIR="$root/web-static"
  FUAR_SERVER_DEMO=false
  FUAR_SERVER_THREADS="$SERVER_THREADS"
  FUAR_SERVER_SHUTDOWN_TIMEOUT_S=10
  FUAR_AUTH_PASSWORD_COST=minimal
  FUAR_WS_MAX_CONNECTIONS="$MAX_CONNECTIONS"
  # Publishers send far more than a person types; the limit itself is tested elsewhere.
  FUAR_WS_RATE_PER_S=1000000
  FUAR_WS_RATE_BURST=1000000
  # Likewise the chat's per-user limit (config chat.*), at its maximum.
  FUAR_CHAT_MESSAGES_PER_MIN=100000
  FUAR_CHAT_BURST=100000
)
server_env+=("${broker_env[@]}")
# shellcheck disable=SC2206
server_env+=($SERVER_ENV)

env "${server_env[@]}" "$FUAR_BIN" admin provision-load --users "$users" --prefix load \
  --booths "$booths" --out "$dir/tokens.txt" >&2

ports=()
for ((k = 1; k <= NODES; k++)); do
  mkdir -p "$dir/node$k"
  env "${server_env[@]}" FUAR_SERVER_DATA_DIR="$dir/node$k" FUAR_SERVER_NODE_NAME="load$k" \
    taskset -c "$SERVER_CPU" "$FUAR_BIN" >"$dir/node$k.log" 2>&1 &
  pids+=($!)
done
for ((k = 1; k <= NODES; k++)); do
  port=""
  for _ in $(seq 1 300); do
    port=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$dir/node$k.log" | head -n 1)
    [[ -n $port ]] && break
    kill -0 "${pids[k - 1]}" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z $port ]]; then
    echo "run.sh: fuar node $k did not start; its output:" >&2
    cat "$dir/node$k.log" >&2
    exit 1
  fi
  ports+=("$port")
done
port_list=$(IFS=,; echo "${ports[*]}")
pid_list=$(IFS=,; echo "${pids[*]}")
echo "run.sh: $NODES fuar node(s) (pid $pid_list) on 127.0.0.1:$port_list, broker $BROKER, cpu $SERVER_CPU," \
  "$SERVER_THREADS thread(s) each; fuar-load on cpu $LOAD_CPU" >&2

extra=()
((have_source_ips)) || extra+=(--source-ips 127.0.0.2-127.0.0.17)
set +e
taskset -c "$LOAD_CPU" "$FUAR_LOAD_BIN" "$scenario" --host 127.0.0.1 --port "$port_list" \
  --tokens "$dir/tokens.txt" --server-pid "$pid_list" --cpu "$LOAD_CPU" "${extra[@]}" "$@"
rc=$?
set -e
for ((k = 1; k <= NODES; k++)); do
  if ((rc != 0 && rc != 3)); then
    echo "run.sh: fuar-load exited with $rc; node $k log tail:" >&2
    tail -n 20 "$dir/node$k.log" >&2
  fi
  grep -E 'store error|internal error|accept failed|redis (not reachable|publish|.*unreachable)' "$dir/node$k.log" | head -n 5 >&2 || true
done
exit $rc

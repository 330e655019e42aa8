#!/usr/bin/env bash
# Runs the seminar scenario of fuar-load against fuar, the raw epoll peer and the Socket.IO
# peer back to back with the same parameters, and prints a table and the ratios
# fuar/raw and fuar/socketio (deliveries/s and p99). See load-tests/peers/README.md.
#
#   load-tests/compare.sh                      small run, about a minute
#   load-tests/compare.sh --connections 10000 --publishers 4 --rate 200 --duration 20
#                                              the issue's targets: seminar, one core,
#                                              10,000 viewers
#
# Each server is pinned to core 0 (taskset) and the generator to core 1. Every process this
# script starts is stopped when it exits (trap EXIT); every step is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

usage() {
  cat <<'EOF'
usage: load-tests/compare.sh [options]
  --connections N     viewers (default 1000)
  --publishers M      publishing connections (default 2)
  --rate R            publish rate, as fuar-load --rate means it (default 50)
  --duration S        seconds of measurement per target (default 10)
  --workers W         fuar-load --workers (default: fuar-load's own)
  --targets LIST      comma-separated subset of fuar,raw,socketio (default all three, in that order)
  --server-cpu LIST   cores for the servers (default 0)
  --load-cpu LIST     cores for the generator (default 1)
  --socketio-redis auto|yes|no
                      run the Socket.IO peer with @socket.io/redis-adapter and a private
                      redis-server pinned with it (default auto: yes if redis-server is installed)
  --fuar-mode auto|run.sh|direct
                      run.sh: load-tests/run.sh seminar ...; direct: start build/fuar here
                      (default auto: run.sh if it exists)
  --load-bin PATH     the generator (default build/load-tests/fuar-load)
  --fuar-bin PATH     the server (default build/fuar)
  --out DIR           where logs and RESULT lines go (default build/load-tests/compare-TIMESTAMP)
EOF
}

N=1000 M=2 R=50 S=10 W=""
TARGETS="fuar,raw,socketio"
SERVER_CPU=0 LOAD_CPU=1
SIO_REDIS=auto FUAR_MODE=auto
LOAD_BIN=$ROOT/build/load-tests/fuar-load
FUAR_BIN=$ROOT/build/fuar
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) N=$2; shift 2 ;;
    --publishers) M=$2; shift 2 ;;
    --rate) R=$2; shift 2 ;;
    --duration) S=$2; shift 2 ;;
    --workers) W=$2; shift 2 ;;
    --targets) TARGETS=$2; shift 2 ;;
    --server-cpu) SERVER_CPU=$2; shift 2 ;;
    --load-cpu) LOAD_CPU=$2; shift 2 ;;
    --socketio-redis) SIO_REDIS=$2; shift 2 ;;
    --fuar-mode) FUAR_MODE=$2; shift 2 ;;
    --load-bin) LOAD_BIN=$(realpath "$2"); shift 2 ;;
    --fuar-bin) FUAR_BIN=$(realpath "$2"); shift 2 ;;
    --out) OUT=$(realpath -m "$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compare: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
for v in "$N" "$M" "$R" "$S"; do
  [[ $v =~ ^[0-9]+$ ]] || { echo "compare: --connections/--publishers/--rate/--duration take integers" >&2; exit 2; }
done

OUT=${OUT:-$ROOT/build/load-tests/compare-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
RAW_BIN=$ROOT/build/load-tests/raw_peer
RAW_SRC=$ROOT/load-tests/peers/raw/raw_peer.cpp
SIO_DIR=$ROOT/load-tests/peers/socketio
START_TIMEOUT=60          # seconds for a server to say it listens
RUN_TIMEOUT=$((S + 120))  # seconds for one generator run (connect, measure, drain)

# ---------------------------------------------------------------- cleanup
PIDS=()
TMPDIRS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    local alive=0
    for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.5
  done
  for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  for d in "${TMPDIRS[@]}"; do rm -rf "$d"; done
  PIDS=()
  TMPDIRS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_pids() {  # stop_pids PID...: TERM, wait up to 10 s, then KILL
  local p
  for p in "$@"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "$@"; do
    for _ in $(seq 1 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  local keep=() q
  for q in "${PIDS[@]}"; do [[ " $* " == *" $q "* ]] || keep+=("$q"); done
  PIDS=("${keep[@]}")
}

# wait_listen LOG PREFIX PID: prints the port from "PREFIX...:PORT" in LOG
wait_listen() {
  local log=$1 prefix=$2 pid=$3 line
  for _ in $(seq 1 $((START_TIMEOUT * 10))); do
    line=$(grep -m1 "^$prefix" "$log" 2>/dev/null || true)
    if [ -n "$line" ]; then
      line=${line%% (*}            # drop a trailing note such as "(redis adapter ...)"
      echo "${line##*:}"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "compare: server exited; log $log:" >&2; tail -20 "$log" >&2; return 1; }
    sleep 0.1
  done
  echo "compare: server did not listen within ${START_TIMEOUT}s; log $log" >&2
  return 1
}

cpu_ticks() {  # utime+stime of a process, in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}
peak_rss_kib() {
  awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0
}

# ---------------------------------------------------------------- preparation
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
IFS=, read -r -a TARGET_LIST <<<"$TARGETS"
for t in "${TARGET_LIST[@]}"; do
  case "$t" in fuar|raw|socketio) ;; *) echo "compare: unknown target $t" >&2; exit 2 ;; esac
done
want() { [[ ",$TARGETS," == *",$1,"* ]]; }

if [ ! -x "$LOAD_BIN" ]; then
  echo "compare: generator $LOAD_BIN not found; build it (cmake --build build --target fuar-load)" >&2
  exit 1
fi
if want raw && { [ ! -x "$RAW_BIN" ] || [ "$RAW_SRC" -nt "$RAW_BIN" ]; }; then
  echo "compare: building $RAW_BIN"
  mkdir -p "$(dirname "$RAW_BIN")"
  timeout 300 g++ -std=c++20 -O2 -o "$RAW_BIN" "$RAW_SRC"
fi
if want socketio; then
  command -v node >/dev/null || { echo "compare: node is needed for the socketio target" >&2; exit 1; }
  if [ ! -d "$SIO_DIR/node_modules/socket.io" ]; then
    echo "compare: npm ci in $SIO_DIR"
    (cd "$SIO_DIR" && timeout 300 npm ci --no-audit --no-fund --loglevel=error)
  fi
  case "$SIO_REDIS" in
    auto) if command -v redis-server >/dev/null; then SIO_REDIS=yes; else SIO_REDIS=no; fi ;;
    yes) command -v redis-server >/dev/null || { echo "compare: redis-server not installed (apt-get install redis-server)" >&2; exit 1; } ;;
    no) ;;
    *) echo "compare: --socketio-redis takes auto, yes or no" >&2; exit 2 ;;
  esac
fi
if want fuar; then
  case "$FUAR_MODE" in
    auto) if [ -x load-tests/run.sh ]; then FUAR_MODE=run.sh; else FUAR_MODE=direct; fi ;;
    run.sh|direct) ;;
    *) echo "compare: --fuar-mode takes auto, run.sh or direct" >&2; exit 2 ;;
  esac
  if [ "$FUAR_MODE" = direct ] && [ ! -x "$FUAR_BIN" ]; then
    echo "compare: $FUAR_BIN not found; build it (cmake --build build --target fuar)" >&2
    exit 1
  fi
fi

GEN_ARGS=(--host 127.0.0.1 --connections "$N" --publishers "$M" --rate "$R" --duration "$S")
[ -n "$W" ] && GEN_ARGS+=(--workers "$W")

# run_load TARGET PORT [extra generator args]: runs the generator, stores its RESULT JSON
run_load() {
  local target=$1 port=$2
  shift 2
  local log=$OUT/$target.load.log
  echo "compare: $target: fuar-load ${GEN_ARGS[*]} --port $port $*"
  local rc=0
  timeout -k 10 "$RUN_TIMEOUT" taskset -c "$LOAD_CPU" "$LOAD_BIN" seminar --target "$target" "${GEN_ARGS[@]}" \
    --port "$port" --cpu "$LOAD_CPU" "$@" >"$log" 2>&1 || rc=$?
  grep -m1 '^RESULT ' "$log" | sed 's/^RESULT //' >"$OUT/$target.json" || true
  if [ ! -s "$OUT/$target.json" ]; then
    echo "compare: $target: no RESULT line (exit $rc); last lines of $log:" >&2
    tail -15 "$log" >&2
    return 1
  fi
  [ $rc = 0 ] || echo "compare: $target: fuar-load exited with $rc (RESULT kept)" >&2
}

# measure TARGET PID PORT [generator args]: run_load plus the server's CPU time and peak RSS
measure() {
  local target=$1 pid=$2 port=$3
  shift 3
  local t0 t1 hz ok=0
  hz=$(getconf CLK_TCK)
  t0=$(cpu_ticks "$pid")
  run_load "$target" "$port" "$@" && ok=1
  t1=$(cpu_ticks "$pid")
  echo "{\"server_cpu_s\": $(awk -v a="$t0" -v b="$t1" -v h="$hz" 'BEGIN{printf "%.2f", (b-a)/h}'), \"server_peak_rss_mib\": $(awk -v k="$(peak_rss_kib "$pid")" 'BEGIN{printf "%.1f", k/1024}')}" \
    >"$OUT/$target.server.json"
  [ $ok = 1 ]
}

# ---------------------------------------------------------------- targets
run_fuar() {
  if [ "$FUAR_MODE" = run.sh ]; then
    local log=$OUT/fuar.load.log rc=0
    echo "compare: fuar: load-tests/run.sh seminar --connections $N --publishers $M --rate $R --duration $S"
    local extra=()
    [ -n "$W" ] && extra+=(--workers "$W")
    FUAR_LOAD_SERVER_CPU=$SERVER_CPU FUAR_LOAD_CPU=$LOAD_CPU \
      timeout -k 10 $((RUN_TIMEOUT + 120)) load-tests/run.sh seminar --connections "$N" --publishers "$M" \
      --rate "$R" --duration "$S" "${extra[@]}" >"$log" 2>&1 || rc=$?
    grep -m1 '^RESULT ' "$log" | sed 's/^RESULT //' >"$OUT/fuar.json" || true
    echo '{}' >"$OUT/fuar.server.json"
    if [ ! -s "$OUT/fuar.json" ]; then
      echo "compare: fuar: run.sh printed no RESULT line (exit $rc); last lines of $log" \
        "(--fuar-mode direct starts build/fuar from here instead):" >&2
      tail -15 "$log" >&2
      return 1
    fi
    return 0
  fi
  local data tokens log=$OUT/fuar.server.log
  data=$(mktemp -d -p /dev/shm fuar-compare.XXXXXX)
  TMPDIRS+=("$data")
  tokens=$data/tokens.txt
  local env=(FUAR_SERVER_PORT=0 FUAR_SERVER_HOST=127.0.0.1 FUAR_SERVER_DATA_DIR="$data" FUAR_SERVER_THREADS=1
    FUAR_SERVER_DEMO=false FUAR_AUTH_PASSWORD_COST=minimal
    FUAR_WS_RATE_PER_S=100000 FUAR_WS_RATE_BURST=100000 FUAR_CHAT_MESSAGES_PER_MIN=100000 FUAR_CHAT_BURST=100000
    FUAR_WS_MAX_CONNECTIONS=19000 FUAR_WS_MAX_CONNECTIONS_PER_USER=100000)
  echo "compare: fuar: provisioning $((N + M)) load users"
  env "${env[@]}" timeout 600 "$FUAR_BIN" admin provision-load --users $((N + M)) --prefix load --out "$tokens" \
    >"$OUT/fuar.provision.log" 2>&1 || { echo "compare: provision-load failed:" >&2; tail -15 "$OUT/fuar.provision.log" >&2; return 1; }
  env "${env[@]}" taskset -c "$SERVER_CPU" "$FUAR_BIN" >"$log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  local port
  port=$(wait_listen "$log" "fuar: listening on" "$pid") || return 1
  measure fuar "$pid" "$port" --tokens "$tokens" || { stop_pids "$pid"; return 1; }
  stop_pids "$pid"
}

run_raw() {
  local log=$OUT/raw.server.log
  taskset -c "$SERVER_CPU" "$RAW_BIN" --port 0 --host 127.0.0.1 >"$log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  local port
  port=$(wait_listen "$log" "raw: listening on" "$pid") || return 1
  measure raw "$pid" "$port" || { stop_pids "$pid"; return 1; }
  stop_pids "$pid"
}

run_socketio() {
  local log=$OUT/socketio.server.log redis_args=() rpid=""
  if [ "$SIO_REDIS" = yes ]; then
    local rport
    rport=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    taskset -c "$SERVER_CPU" redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no \
      --daemonize no >"$OUT/redis.log" 2>&1 &
    rpid=$!
    PIDS+=("$rpid")
    for _ in $(seq 1 100); do grep -q "Ready to accept connections" "$OUT/redis.log" && break; sleep 0.1; done
    grep -q "Ready to accept connections" "$OUT/redis.log" || { echo "compare: redis-server did not start" >&2; return 1; }
    redis_args=(--redis "redis://127.0.0.1:$rport")
  fi
  taskset -c "$SERVER_CPU" node "$SIO_DIR/server.mjs" --port 0 --host 127.0.0.1 "${redis_args[@]}" >"$log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  local port
  port=$(wait_listen "$log" "socketio: listening on" "$pid") || return 1
  measure socketio "$pid" "$port" || { stop_pids "$pid" $rpid; return 1; }
  stop_pids "$pid" $rpid
}

echo "compare: seminar, $N viewers, $M publishers, rate $R, ${S}s; servers on cpu $SERVER_CPU, generator on cpu $LOAD_CPU; logs in $OUT"
FAILED=()
for t in "${TARGET_LIST[@]}"; do
  rm -f "$OUT/$t.json" "$OUT/$t.server.json"
  "run_$t" || FAILED+=("$t")
done

# ---------------------------------------------------------------- report
SIO_NOTE=""
want socketio && SIO_NOTE="socketio: $( [ "$SIO_REDIS" = yes ] && echo "with @socket.io/redis-adapter (redis-server on cpu $SERVER_CPU)" || echo "in-memory adapter (no redis-server)")"
want fuar || FUAR_MODE=""
node - "$OUT" "$TARGETS" "$N" "$M" "$R" "$S" "${FUAR_MODE:-}" "$SIO_NOTE" <<'EOF'
const fs = require("fs");
const [out, targets, n, m, r, s, fuarMode, sioNote] = process.argv.slice(2);
const read = (f) => { try { return JSON.parse(fs.readFileSync(`${out}/${f}`, "utf8")); } catch { return null; } };
const res = {};
for (const t of targets.split(",")) {
  const j = read(`${t}.json`);
  res[t] = j && { ...j, server: read(`${t}.server.json`) || {} };
}
const num = (x, d = 0) => (typeof x === "number" && isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }) : "-");
const rows = [["target", "deliveries/s", "p50 ms", "p99 ms", "p99.9 ms", "server cpu s", "server peak RSS MiB"]];
for (const t of targets.split(",")) {
  const j = res[t];
  if (!j) { rows.push([t, "FAILED", "", "", "", "", ""]); continue; }
  const l = j.latency_ms || {};
  rows.push([t, num(j.deliveries_per_s), num(l.p50, 2), num(l.p99, 2), num(l.p999, 2),
    num(j.server.server_cpu_s, 2), num(j.server.server_peak_rss_mib, 1)]);
}
const w = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
console.log(`\nseminar: ${n} viewers, ${m} publishers, rate ${r}, ${s} s` + (fuarMode ? ` (fuar via ${fuarMode})` : ""));
if (sioNote) console.log(sioNote);
for (const row of rows) console.log(row.map((c, i) => (i ? String(c).padStart(w[i]) : String(c).padEnd(w[i]))).join("  "));
const ratio = (a, b, f) => (res[a] && res[b] && f(res[b]) > 0 ? f(res[a]) / f(res[b]) : NaN);
const dps = (j) => j.deliveries_per_s;
const p99 = (j) => (j.latency_ms || {}).p99;
console.log("");
if (res.fuar !== undefined && res.raw !== undefined) {
  const d = ratio("fuar", "raw", dps), p = ratio("fuar", "raw", p99);
  console.log(`fuar/raw       deliveries/s ${isNaN(d) ? "-" : d.toFixed(2)}  p99 ${isNaN(p) ? "-" : p.toFixed(2)}   (target: deliveries/s >= 0.80)`);
}
if (res.fuar !== undefined && res.socketio !== undefined) {
  const d = ratio("fuar", "socketio", dps), p = ratio("fuar", "socketio", p99);
  console.log(`fuar/socketio  deliveries/s ${isNaN(d) ? "-" : d.toFixed(2)}  p99 ${isNaN(p) ? "-" : p.toFixed(2)}   (target: deliveries/s >= 3.00 with p99 <= 1.00)`);
}
console.log("The targets apply to a saturating run with 10,000 viewers; a small run only checks the plumbing.");
fs.writeFileSync(`${out}/summary.json`, JSON.stringify({ viewers: +n, publishers: +m, rate: +r, duration_s: +s, results: res }, null, 2) + "\n");
EOF
echo "compare: results in $OUT/summary.json"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "compare: failed: ${FAILED[*]}" >&2
  exit 1
fi

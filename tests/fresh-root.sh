#!/usr/bin/env bash
# The README's two commands on a machine that has nothing but Debian 12 (and make).
#
# Makes a fresh Debian 12 root (debootstrap --variant=minbase bookworm) in a temporary
# directory, copies this checkout in, and in a chroot:
#   1. runs `make run`, waits from outside the root for /healthz and the index page, stops it;
#   2. runs `make test` there;
#   3. runs `make run` again (after `make test` reconfigured the build), checks and stops it.
# Then it unmounts and removes the root. On failure it says which step failed and prints the
# last lines of that step's log (the whole log is kept next to the root, path printed).
#
#   tests/fresh-root.sh              run, test, run, in the README's order
#   tests/fresh-root.sh --order test-first   `make test` first, then `make run`
#   tests/fresh-root.sh --only run   only `make run` (about a third of the time)
#   tests/fresh-root.sh --keep-going go on to the next step when one fails
#   tests/fresh-root.sh --keep       leave the root in place (for a look inside; remove it by hand)
#
# Needs root (chroot, mounts) and the network to Debian's archive and the npm registry. The
# downloaded base packages are cached as a tarball in $FUAR_FRESH_ROOT_CACHE
# (/var/cache/fuar-fresh-root), outside the repository; nothing that was built is ever cached.
# From the host only this reaches the root: the checkout, the npm configuration files and the
# certificate-authority files they and NODE_EXTRA_CA_CERTS name (so npm reaches its registry
# through the machine's own configuration).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
cache=${FUAR_FRESH_ROOT_CACHE:-/var/cache/fuar-fresh-root}
mirror=${FUAR_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${FUAR_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
tmp_parent=${TMPDIR:-/var/tmp}
order=run-first only="" keep=0 keep_going=0
run_wait_s=${FUAR_FRESH_ROOT_RUN_WAIT_S:-2400}   # install + build + start of `make run`

while [ $# -gt 0 ]; do
  case "$1" in
    --order) order=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --keep-going) keep_going=1; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "fresh-root: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$order" in run-first|test-first) ;; *) echo "fresh-root: --order run-first|test-first" >&2; exit 2 ;; esac
case "$only" in ""|run|test) ;; *) echo "fresh-root: --only run|test" >&2; exit 2 ;; esac

if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=NODE_EXTRA_CA_CERTS,FUAR_FRESH_ROOT_CACHE,FUAR_DEBIAN_MIRROR,TMPDIR "$0" "$@"
fi

t_start=$(date +%s)
stamp() { printf '[fresh-root %4ds] %s\n' "$(( $(date +%s) - t_start ))" "$*"; }

# The check's own tools, installed like every other dependency of the project.
if ! command -v debootstrap >/dev/null || ! command -v curl >/dev/null; then
  stamp "installing debootstrap and curl"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap curl >/dev/null
fi

root=$(mktemp -d "$tmp_parent/fuar-fresh-root.XXXXXX")
log_dir="$root.logs"
mkdir -p "$log_dir"
server_pgid=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  [ -n "$server_pgid" ] && kill -TERM -- "-$server_pgid" 2>/dev/null
  # Anything still running inside the root (a server, a browser, redis) is stopped first.
  for attempt in 1 2 3; do
    local pids=()
    for p in /proc/[0-9]*; do
      [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && pids+=("${p#/proc/}")
    done
    [ ${#pids[@]} -eq 0 ] && break
    kill -"$([ $attempt -lt 3 ] && echo TERM || echo KILL)" "${pids[@]}" 2>/dev/null
    sleep 2
  done
  for m in dev/shm dev/pts dev sys proc; do
    mountpoint -q "$root/$m" && { umount "$root/$m" 2>/dev/null || umount -l "$root/$m"; }
  done
  if [ $keep = 1 ]; then
    stamp "kept the root at $root (logs in $log_dir)"
  elif ! grep -q " $root/" /proc/mounts; then
    rm -rf "$root"
    [ $rc -eq 0 ] && rm -rf "$log_dir"
  else
    stamp "a mount under $root is still busy; not removing it" >&2
  fi
  [ $rc -ne 0 ] && [ -d "$log_dir" ] && stamp "logs kept in $log_dir"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. The base system ------------------------------------------------------------------------
tarball="$cache/bookworm-minbase.tgz"
mkdir -p "$cache"
if [ ! -s "$tarball" ]; then
  stamp "downloading the Debian 12 base packages once into $tarball"
  work=$(mktemp -d "$tmp_parent/fuar-debootstrap.XXXXXX")
  debootstrap --variant=minbase --make-tarball="$tarball.part" bookworm "$work" "$mirror" \
    >"$log_dir/debootstrap.log" 2>&1 || { tail -n 30 "$log_dir/debootstrap.log"; rm -rf "$work"; exit 1; }
  rm -rf "$work"
  mv "$tarball.part" "$tarball"
fi
stamp "debootstrap --variant=minbase bookworm into $root"
debootstrap --variant=minbase --unpack-tarball="$tarball" bookworm "$root" "$mirror" \
  >"$log_dir/debootstrap.log" 2>&1 || { tail -n 30 "$log_dir/debootstrap.log"; exit 1; }

# The archive a Debian 12 installation points at: the release, its updates and security.
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security_mirror bookworm-security main
EOF
# No service a package installs may start inside the root (a redis or turnserver on the
# host's ports); the tests start their own.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"

# npm's configuration files and the certificate-authority files named by them and by
# NODE_EXTRA_CA_CERTS, at the same paths. A CA file is also placed where Debian's
# update-ca-certificates finds local CAs, so installing ca-certificates in the root keeps it.
declare -A copied=()
copy_in() {  # copy_in FILE: the host's FILE to the same path in the root, once
  [ -f "$1" ] && [ -z "${copied[$1]:-}" ] || return 0
  copied[$1]=1
  mkdir -p "$root$(dirname "$1")"
  cp -L "$1" "$root$1"
  echo "  copied $1"
}
ca_files=()
[ -n "${NODE_EXTRA_CA_CERTS:-}" ] && ca_files+=("$NODE_EXTRA_CA_CERTS")
if command -v npm >/dev/null; then
  for conf in "$(npm config get userconfig 2>/dev/null)" "$(npm config get globalconfig 2>/dev/null)" \
              /etc/npmrc "$HOME/.npmrc"; do
    [ -f "$conf" ] || continue
    copy_in "$conf"
    while IFS= read -r ca; do ca_files+=("$ca"); done \
      < <(sed -n 's/^[[:space:]]*cafile[[:space:]]*=[[:space:]]*//p' "$conf")
  done
fi
if [ ${#ca_files[@]} -gt 0 ]; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  i=0
  for ca in "${ca_files[@]}"; do
    [ -f "$ca" ] && [ -z "${copied[$ca]:-}" ] || continue
    copy_in "$ca"
    cp -L "$ca" "$root/usr/local/share/ca-certificates/host-npm-ca-$i.crt"; i=$((i + 1))
  done
fi

mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
mount -t tmpfs -o mode=1777 shm "$root/dev/shm"

# The checkout: tracked and untracked files that git does not ignore, never a build.
mkdir -p "$root/src/fuar"
(cd "$src" && git ls-files -z --cached --others --exclude-standard \
   | xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh \
   | tar --null -T - -cf -) | tar -xf - -C "$root/src/fuar"

root_env=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
  LANG=C.UTF-8 TERM=dumb)
[ -n "${NODE_EXTRA_CA_CERTS:-}" ] && root_env+=("NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS")

in_root() {  # in_root LOG 'COMMAND': COMMAND in the checkout inside the root, plain environment
  local log=$1 cmd=$2
  # In the background and waited for, so that a signal to this script is handled at once.
  "${root_env[@]}" chroot "$root" /bin/sh -c "cd /src/fuar && $cmd" >>"$log" 2>&1 &
  wait $!
}

fail_step() {  # fail_step NAME LOG
  echo "fresh-root: FAILED: $1" >&2
  # With -j, make goes on building after the first error: name the first errors, then the end.
  if grep -q -E '(^|[^a-z])(error|Error [0-9])' "$2"; then
    echo "  the first errors in $2:" >&2
    grep -n -m 8 -E '(^|[^a-z])(error|Error [0-9])' "$2" | sed 's/^/    /' >&2
  fi
  echo "  the last lines of $2:" >&2
  tail -n 40 "$2" | sed 's/^/    /' >&2
}

# Only make is assumed on a new machine.
stamp "apt-get install make (the only thing the README assumes)"
in_root "$log_dir/setup.log" "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends make >/dev/null" \
  || { fail_step "installing make" "$log_dir/setup.log"; exit 1; }

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo $p; return 0; }
  done
  echo "fresh-root: no free port found" >&2; return 1
}

step_run() {
  local log="$log_dir/make-run-$((++run_count)).log" port t0 pid code
  port=$(free_port)
  t0=$(date +%s)
  stamp "make run (server on 127.0.0.1:$port); log $log"
  # FUAR_SERVER_PORT only moves the port off 8080, which the host may be using.
  setsid "${root_env[@]}" FUAR_SERVER_PORT="$port" \
    chroot "$root" /bin/sh -c "cd /src/fuar && exec make run" >"$log" 2>&1 &
  pid=$!
  server_pgid=$pid
  local deadline=$(( t0 + run_wait_s )) up=0
  while [ "$(date +%s)" -lt $deadline ]; do
    if ! kill -0 $pid 2>/dev/null; then break; fi
    if curl -fsS -m 5 "http://127.0.0.1:$port/healthz" >"$log_dir/healthz.json" 2>/dev/null; then up=1; break; fi
    sleep 3
  done
  if [ $up = 0 ]; then
    kill -TERM -- "-$pid" 2>/dev/null; wait $pid 2>/dev/null || true; server_pgid=""
    fail_step "make run did not serve /healthz within ${run_wait_s}s" "$log"; return 1
  fi
  stamp "  /healthz after $(( $(date +%s) - t0 ))s: $(head -c 200 "$log_dir/healthz.json")"
  code=$(curl -sS -m 5 -o "$log_dir/index.html" -w '%{http_code}' "http://127.0.0.1:$port/" || true)
  if [ "$code" != 200 ] || ! grep -qi '<html' "$log_dir/index.html"; then
    kill -TERM -- "-$pid" 2>/dev/null; wait $pid 2>/dev/null || true; server_pgid=""
    fail_step "the index page answered HTTP $code" "$log"; return 1
  fi
  if ! grep -q 'demo account role=jobseeker' "$log"; then
    kill -TERM -- "-$pid" 2>/dev/null; wait $pid 2>/dev/null || true; server_pgid=""
    fail_step "make run started without the demo accounts" "$log"; return 1
  fi
  stamp "  index page: HTTP 200, demo accounts printed; stopping with SIGINT (Ctrl-C)"
  kill -INT -- "-$pid" 2>/dev/null
  for _ in $(seq 1 30); do kill -0 $pid 2>/dev/null || break; sleep 1; done
  if kill -0 $pid 2>/dev/null; then
    kill -KILL -- "-$pid" 2>/dev/null; server_pgid=""
    fail_step "fuar did not stop within 30 s of Ctrl-C" "$log"; return 1
  fi
  wait $pid 2>/dev/null || true
  server_pgid=""
  stamp "make run: ok in $(( $(date +%s) - t0 ))s"
}

step_test() {
  local log="$log_dir/make-test.log" t0
  t0=$(date +%s)
  stamp "make test; log $log"
  if ! in_root "$log" "make test"; then
    fail_step "make test" "$log"; return 1
  fi
  stamp "make test: ok in $(( $(date +%s) - t0 ))s ($(grep -E 'tests passed' "$log" | tail -n 1))"
}

# run → test → run: `make test` must work where `make run` built the server, and `make run`
# must still work (and start at once) after `make test` reconfigured the same build directory.
steps=(run test run)
[ "$order" = test-first ] && steps=(test run)
[ -n "$only" ] && steps=("$only")
failed=0 run_count=0
for s in "${steps[@]}"; do
  if ! "step_$s"; then
    failed=1
    [ $keep_going = 1 ] || break
  fi
done
stamp "node in the root: $(chroot "$root" sh -c 'command -v node >/dev/null && node --version || echo none')"
if [ $failed = 0 ]; then
  stamp "passed: ${steps[*]} on a fresh Debian 12 root"
else
  stamp "FAILED (see above)"
  exit 1
fi

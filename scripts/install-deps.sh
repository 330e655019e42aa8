#!/usr/bin/env bash
# Installs what fuar needs on Debian 12, idempotently. Fast when everything is present:
# it asks dpkg first and only calls apt-get for what is missing.
#   scripts/install-deps.sh          what the server needs to build and run (`make run`)
#   scripts/install-deps.sh --test   also what the test suites need (`make test`): Catch2,
#                                    Redis, coturn, Chromium, Node.js 18+ and the pinned
#                                    browser-test packages of tests/e2e/
# Node.js: Debian 12's own (18) is enough; a newer one already on PATH is used as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

build_pkgs=(g++ cmake make pkg-config ccache
  libboost1.81-dev nlohmann-json3-dev libsqlite3-dev libsqlitecpp-dev libsodium-dev libhiredis-dev
  libqrencode-dev zlib1g-dev poppler-utils tzdata)
# coturn: the room tests start their own turnserver on free ports (Debian ships the system
# service disabled: TURNSERVER_ENABLED stays commented out in /etc/default/coturn).
test_pkgs=(catch2 chromium nodejs npm procps redis-server sqlite3 coturn)

pkgs=("${build_pkgs[@]}")
[ $want_test = 1 ] && pkgs+=("${test_pkgs[@]}")

min_node_major=18
node_ok() {
  command -v node >/dev/null || return 1
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || return 1
  [ "${major:-0}" -ge $min_node_major ]
}

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # Node.js may come from elsewhere than Debian (NodeSource, nvm): accept one on PATH that
    # is new enough, with its own npm.
    if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
    if [ "$p" = nodejs ] && node_ok; then continue; fi
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # On systemd hosts the coturn package enables and starts a system turnserver on port 3478
  # (/etc/default/coturn only gates the SysV script). The tests run their own on free ports;
  # a TURN relay nobody configured must not stay up, so switch off the one just installed.
  if [[ " ${missing[*]} " == *" coturn "* ]] && command -v systemctl >/dev/null \
     && systemctl is-enabled coturn >/dev/null 2>&1; then
    echo "install-deps: disabling the system coturn service (see config/coturn/turnserver.conf)"
    $SUDO systemctl disable --now coturn || true
  fi
fi

if [ $want_test = 1 ]; then
  if ! node_ok; then
    echo "install-deps: Node.js $min_node_major or newer is needed for the browser tests;" \
         "found $(node --version 2>/dev/null || echo none) at $(command -v node || echo '(none)')" >&2
    exit 1
  fi
  # Browser-test packages, pinned by tests/e2e/package-lock.json. playwright-core never
  # downloads a browser; the tests use Debian's /usr/bin/chromium.
  if [ ! -d tests/e2e/node_modules/playwright-core ] || [ ! -d tests/e2e/node_modules/axe-core ] \
     || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
    echo "install-deps: installing browser-test packages (npm ci)"
    (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
  fi
fi
echo "install-deps: ok"

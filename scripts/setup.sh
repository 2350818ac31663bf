#!/usr/bin/env bash
# Everything `npm start` and `npm test` need on a fresh clone, and nothing when it is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# Install exactly the locked dependencies when they are missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] installing node modules (npm ci)"
  npm ci --no-audit --no-fund
fi

# Debian packages the service or its tests run for real.
need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
for pkg in "$@"; do
  case "$pkg" in
    chromium) [ -x /usr/bin/chromium ] || need_apt+=(chromium) ;;
    *) dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg") ;;
  esac
done

# Another package manager run (unattended upgrades, a parallel setup) holds apt's locks for a while:
# wait for it rather than fail. apt-get waits for dpkg's lock when given DPkg::Lock::Timeout, but
# `apt-get update` takes the package lists' lock, which no option makes it wait for: retried here.
apt_lock_wait=${APT_LOCK_TIMEOUT:-600}

apt_update() {
  local deadline=$((SECONDS + apt_lock_wait)) out said=
  # English messages, whatever the locale, so that a held lock can be told from other failures.
  until out=$(LC_ALL=C apt-get -o DPkg::Lock::Timeout="$apt_lock_wait" update -qq 2>&1); do
    if ! grep -q 'Could not get lock' <<<"$out" || [ "$SECONDS" -ge "$deadline" ]; then
      echo "$out" >&2
      return 1
    fi
    [ -n "$said" ] || echo "[setup] another package manager holds apt's lists lock: waiting for it"
    said=1
    sleep 2
  done
  [ -z "$out" ] || echo "$out" >&2
}

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "[setup] missing: ${need_apt[*]}. Install with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
  echo "[setup] installing ${need_apt[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt_update
  apt-get -o DPkg::Lock::Timeout="$apt_lock_wait" install -y -qq --no-install-recommends \
    "${need_apt[@]}" >/dev/null
fi

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

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "[setup] missing: ${need_apt[*]}. Install with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
  echo "[setup] installing ${need_apt[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

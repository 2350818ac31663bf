#!/usr/bin/env bash
# Type-checks every project's sources, specs and end-to-end tests (the builds only check app code).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for config in apps/*/tsconfig.app.json apps/*/tsconfig.spec.json apps/*/test/tsconfig.json \
  libs/*/tsconfig.lib.json libs/*/tsconfig.spec.json tools/*/tsconfig.app.json tools/*/tsconfig.spec.json \
  libs/*/test/tsconfig.json tools/*/test/tsconfig.json; do
  [ -f "$config" ] || continue
  npx --no-install tsc -p "$config" --noEmit || { echo "type errors in $config" >&2; status=1; }
done
exit $status

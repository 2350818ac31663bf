#!/usr/bin/env bash
# Generates the typed client's types (libs/api-client) from the gateway's exported OpenAPI document
# (dist/openapi/gateway.json, written by `npm run openapi:export`). With --check, fails instead when
# the committed types differ from the document: a route or field changed without the client.
set -euo pipefail
cd "$(dirname "$0")/.."
committed=libs/api-client/src/generated/gateway-api.ts
generate() {
  npx --no-install openapi-typescript dist/openapi/gateway.json --output "$1" --silent
  # dist/ is ignored by prettier: format the fresh copy all the same, so the two compare.
  npx --no-install prettier --write "$1" --ignore-path /dev/null --log-level warn
}
if [ "${1:-}" = "--check" ]; then
  fresh=dist/openapi/gateway-api.ts
  generate "$fresh"
  if ! cmp -s "$fresh" "$committed"; then
    diff -u "$committed" "$fresh" | head -40 >&2 || true
    echo "$committed does not match the API document: run npm run openapi:client and commit it" >&2
    exit 1
  fi
  echo "the typed client matches the API document"
else
  generate "$committed"
  echo "wrote $committed"
fi

#!/usr/bin/env bash
# The API as an operator installs it, in a fresh copy of the committed tree (git archive HEAD): npm ci, npm run
# build:api, npm prune --omit=dev (no tsx, no TypeScript, no devDependencies left), then npm run start:api on a free
# port must answer /api/v1/health and /api/v1/warnings with 200 JSON. Stops the server (by its pid) and removes the
# copy, also on failure. Uncommitted changes are not part of the check.
#
# Usage: scripts/check-api-package.sh [--keep]   (--keep leaves the copy for a look)
set -euo pipefail
cd "$(dirname "$0")/.."

keep=false
[[ "${1:-}" == "--keep" ]] && keep=true

copy="$(mktemp -d "${TMPDIR:-/tmp}/shijian-api-package-XXXXXX")"
server_pid=""
# npm runs the script through sh, which does not pass SIGTERM on to node: the server runs in a process group of its
# own (setsid), and stopping it means signalling that group and waiting until none of it is left.
stop_server() {
  [[ -n "$server_pid" ]] || return 0
  kill -TERM -- "-$server_pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 -- "-$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
cleanup() {
  stop_server
  if $keep; then echo "kept $copy"; else rm -rf "$copy"; fi
}
trap cleanup EXIT

step() { echo "check-api-package: $*"; }

step "copying HEAD ($(git rev-parse --short HEAD)) to $copy"
git archive --format=tar HEAD | tar -x -C "$copy"
cd "$copy"

step "npm ci"
npm ci --no-audit --no-fund --prefer-offline --loglevel=error >npm-ci.log 2>&1 || { cat npm-ci.log; exit 1; }
step "npm run build:api"
npm run --silent build:api
step "npm prune --omit=dev"
npm prune --omit=dev --no-audit --no-fund --loglevel=error
for dev in tsx typescript jest; do
  if [[ -e "node_modules/$dev" ]]; then
    echo "check-api-package: node_modules/$dev is still there after npm prune --omit=dev" >&2
    exit 1
  fi
done

port="$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })')"
step "npm run start:api on 127.0.0.1:$port"
PORT="$port" HOST=127.0.0.1 CONTENT_DIR=seeds setsid npm run --silent start:api >api.log 2>&1 &
server_pid=$!

origin="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  grep -q "^Shijian API listening on $origin " api.log && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "check-api-package: the built API exited before listening:" >&2
    cat api.log >&2
    exit 1
  fi
  sleep 0.1
done
grep -q "^Shijian API listening on $origin " api.log || {
  echo "check-api-package: the built API printed no listening line within 30 s:" >&2
  cat api.log >&2
  exit 1
}

check() {
  local path="$1" headers body status type
  headers="$(mktemp)"
  body="$(mktemp)"
  status="$(curl -sS -o "$body" -D "$headers" -w '%{http_code}' "$origin$path")"
  type="$(grep -i '^content-type:' "$headers" | tr -d '\r' | cut -d' ' -f2-)"
  if [[ "$status" != 200 || "$type" != application/json* ]]; then
    echo "check-api-package: $path answered $status ($type)" >&2
    head -c 500 "$body" >&2
    exit 1
  fi
  node -e 'JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"))' "$body" || {
    echo "check-api-package: $path: the body is not JSON" >&2
    exit 1
  }
  step "$path: $status $type, $(wc -c <"$body") bytes: $(head -c 100 "$body")…"
  rm -f "$headers" "$body"
}
check /api/v1/health
check /api/v1/warnings

stop_server
if curl -s -o /dev/null --max-time 2 "$origin/api/v1/health"; then
  echo "check-api-package: the API still answers after npm run start:api was stopped" >&2
  exit 1
fi
step "OK: the built API runs with production dependencies only"

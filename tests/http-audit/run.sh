#!/usr/bin/env bash
# Runs the graphql-http audit suite (GraphQL over HTTP: every MUST and SHOULD) against a jobbro
# started here on a scratch SQLite file. Fails when an audit does not pass.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "installing Node.js for the audit"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
(cd "$here" && npm ci --no-audit --no-fund --silent)
(cd "$root" && cargo build --quiet -p jobbro-api --bin jobbro)
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac

scratch="$(mktemp -d)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
(cd "$scratch" && JOBBRO_LISTEN="127.0.0.1:$port" JOBBRO_LOG_FILTER=warn \
  exec "$target/debug/jobbro" serve) > "$scratch/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$scratch"' EXIT
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  if ! kill -0 $server 2>/dev/null; then cat "$scratch/server.log"; exit 1; fi
  sleep 0.1
done
node "$here/audit.mjs" "http://127.0.0.1:$port/graphql"

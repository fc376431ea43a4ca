#!/usr/bin/env bash
# Opens GraphiQL in headless Chromium against a jobbro started here with `serve --demo` on a
# scratch SQLite file, with every request to another host refused, and runs a query as the demo
# caseworker from the ready link the demo banner prints. Fails when the page needs anything from
# another host, logs an error, or does not show the answer.
# JOBBRO_BIN names a jobbro binary to test instead of building one; CHROMIUM a browser binary
# instead of /usr/bin/chromium.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "installing Node.js for the browser test"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "installing Chromium for the browser test"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
(cd "$here" && npm ci --no-audit --no-fund --silent)
if [ -n "${JOBBRO_BIN:-}" ]; then
  bin="$(realpath -e "$JOBBRO_BIN")"
else
  (cd "$root" && cargo build --quiet -p jobbro-api --bin jobbro)
  target="${CARGO_TARGET_DIR:-$root/target}"
  case "$target" in /*) ;; *) target="$root/$target" ;; esac
  bin="$target/debug/jobbro"
fi

scratch="$(mktemp -d)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# Default settings but the address: no JOBBRO_* from the environment, so the database is
# jobbro.db in the scratch folder.
unset_jobbro=()
for name in $(compgen -e | grep '^JOBBRO_' || true); do unset_jobbro+=(-u "$name"); done
(cd "$scratch" && exec env "${unset_jobbro[@]}" JOBBRO_LISTEN="127.0.0.1:$port" \
  JOBBRO_LOG_FILTER=warn "$bin" serve --demo) > "$scratch/stdout.log" 2> "$scratch/stderr.log" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$scratch"' EXIT

# The caseworker's ready link from the demo banner: `GraphiQL as caseworker: http://…#token=<jwt>`.
caseworker_link() {
  grep -oE 'GraphiQL as caseworker: https?://[^[:space:]]+/graphiql#token=eyJ[A-Za-z0-9._-]+' \
    "$scratch/stdout.log" | head -n 1 | sed -E 's/^GraphiQL as caseworker: //' | grep .
}

link=""
for _ in $(seq 1 600); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && link="$(caseworker_link)"; then break; fi
  if ! kill -0 $server 2>/dev/null; then
    echo "jobbro serve --demo stopped:"; cat "$scratch/stderr.log"; exit 1
  fi
  sleep 0.1
done
if [ -z "$link" ]; then
  echo "no ready link for the caseworker in the demo banner after 60 s; it read:"
  sed -E 's/eyJ[A-Za-z0-9._-]+/<token>/g' "$scratch/stdout.log"
  exit 1
fi
node "$here/check.mjs" "$link"

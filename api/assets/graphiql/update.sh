#!/usr/bin/env bash
# Re-fetches the vendored GraphiQL files at the pinned versions from the npm registry
# (`npm pack`, which checks each tarball against the registry's integrity hash) and copies them
# into this folder. Run it after changing a version below, then update README.md.
set -euo pipefail
GRAPHIQL_VERSION=3.9.0
REACT_VERSION=18.3.1

here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
npm pack --silent "graphiql@$GRAPHIQL_VERSION" "react@$REACT_VERSION" \
  "react-dom@$REACT_VERSION" >/dev/null
unpack() { mkdir "$1" && tar -xzf "$1-$2.tgz" -C "$1" --strip-components=1; }
unpack graphiql "$GRAPHIQL_VERSION"
unpack react "$REACT_VERSION"
unpack react-dom "$REACT_VERSION"

cp graphiql/graphiql.min.js graphiql/graphiql.min.css "$here/"
cp react/umd/react.production.min.js "$here/"
cp react-dom/umd/react-dom.production.min.js "$here/"
cp graphiql/LICENSE "$here/LICENSE.graphiql"
cp react/LICENSE "$here/LICENSE.react"
cp react-dom/LICENSE "$here/LICENSE.react-dom"

cd "$here"
sha256sum graphiql.min.js graphiql.min.css react.production.min.js react-dom.production.min.js

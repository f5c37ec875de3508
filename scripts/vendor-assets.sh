#!/usr/bin/env bash
# Copy the pinned front-end packages (installed from the npm registry) into the static folder
# the server serves, so that no page loads anything from outside the server.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=src/techbridge/web/static/vendor
mkdir -p "$dest"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx.min.js"
cp node_modules/echarts/dist/echarts.min.js "$dest/echarts.min.js"

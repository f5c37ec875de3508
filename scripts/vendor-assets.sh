#!/usr/bin/env bash
# Copy the pinned front-end packages (installed from the npm registry) into the static folder
# the server serves, so that no page loads anything from outside the server.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=src/techbridge/web/static/vendor
mkdir -p "$dest"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx.min.js"
cp node_modules/echarts/dist/echarts.min.js "$dest/echarts.min.js"
# The API docs (/docs, /redoc) are drawn by Swagger UI and ReDoc from the same folder.
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js "$dest/swagger-ui-bundle.js"
cp node_modules/swagger-ui-dist/swagger-ui.css "$dest/swagger-ui.css"
# ReDoc's bundle draws its maker's logo from the maker's CDN on every page view: blank that one
# address (the logo's own error handler then hides it) so the docs load nothing from outside.
sed 's#https://cdn\.redoc\.ly/redoc/logo-mini\.svg##g' node_modules/redoc/bundles/redoc.standalone.js \
  > "$dest/redoc.standalone.js"
if grep -q 'cdn\.redoc\.ly' "$dest/redoc.standalone.js"; then
  echo "vendor-assets: redoc.standalone.js still names cdn.redoc.ly" >&2
  exit 1
fi

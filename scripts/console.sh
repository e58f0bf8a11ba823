#!/usr/bin/env bash
# The web console's build, shared by ./sluice start and the browser tests.
#
#   scripts/console.sh build   build console/dist with the machine's Node.js and npm when it was never built or its
#                              sources changed (npm ci only when the lock file changed); exits 3 when npm is missing
set -euo pipefail
cd "$(dirname "$0")/../console"

build() {
    local stamp=dist/.sluice-build.stamp
    if [[ -f "$stamp" ]] && [[ -z "$(find src index.html package.json package-lock.json vite.config.js -newer "$stamp" -print -quit)" ]]; then
        return
    fi
    if ! command -v npm >/dev/null; then
        echo "console.sh: npm not found, so the web console cannot be built (install Node.js 20 or newer)" >&2
        exit 3
    fi
    echo "console.sh: building the web console (first run, or its sources changed)..." >&2
    # npm ci installs exactly the lock file's versions, and never a browser (playwright-core has no install step).
    if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
        npm ci --no-audit --no-fund --loglevel=error >&2
    fi
    npm run --silent build >/dev/null
    touch "$stamp"
}

case "${1:-}" in
    build) build ;;
    *) echo "usage: $0 build" >&2; exit 2 ;;
esac

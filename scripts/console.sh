#!/usr/bin/env bash
# The web console's build and style check, shared by ./sluice start, ./sluice test and the browser tests.
#
#   scripts/console.sh build   build console/dist with the machine's Node.js and npm when it was never built or its
#                              sources changed (npm ci only when the lock file changed); exits 3 when npm is missing
#   scripts/console.sh lint    ESLint and Prettier's check on the console's sources (npm run lint:js and lint:format,
#                              npm ci only when the lock file changed); exits 1 on a finding, 3 when npm is missing
set -euo pipefail
cd "$(dirname "$0")/../console"

# Exits 3 when there is no npm; $1 says what cannot be done without it.
require_npm() {
    if ! command -v npm >/dev/null; then
        echo "console.sh: npm not found, so the web console cannot be $1 (install Node.js 20.19 or newer)" >&2
        exit 3
    fi
}

# npm ci installs exactly the lock file's versions, and never a browser (playwright-core has no install step).
install_if_needed() {
    if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
        npm ci --no-audit --no-fund --loglevel=error >&2
    fi
}

build() {
    local stamp=dist/.sluice-build.stamp
    # What dist/ is built from; the lint configuration (eslint.config.js, .prettierrc.json) is not.
    if [[ -f "$stamp" ]] && [[ -z "$(find src index.html package.json package-lock.json vite.config.js -newer "$stamp" -print -quit)" ]]; then
        return
    fi
    require_npm built
    echo "console.sh: building the web console (first run, or its sources changed)..." >&2
    install_if_needed
    npm run --silent build >/dev/null
    touch "$stamp"
}

lint() {
    require_npm checked
    install_if_needed
    # Both checks run, so one run shows everything to fix (npm run lint stops at ESLint's first failure).
    local failed=false
    npm run --silent lint:js >&2 || failed=true
    npm run --silent lint:format >&2 || failed=true
    if $failed; then
        echo "console.sh: the web console's style check failed (above: ESLint's findings, or the files Prettier would" \
            "change); 'cd console && npm run format' formats, ESLint's findings are fixed by hand" >&2
        exit 1
    fi
}

case "${1:-}" in
    build) build ;;
    lint) lint ;;
    *) echo "usage: $0 build|lint" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Debian's Chromium for the console's browser tests: prints the browser's path on stdout, installing it with apt-get
# first when it is missing (as root). The tests never download a browser of their own.
set -euo pipefail

find_chromium() {
    local candidate
    for candidate in "${SLUICE_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
        if [[ -n "$candidate" && -x "$candidate" ]]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if find_chromium; then
    exit 0
fi
if [[ $EUID -ne 0 ]]; then
    echo "chromium.sh: Chromium is not installed; as root, run: apt-get update && apt-get install -y chromium" >&2
    exit 1
fi
echo "chromium.sh: installing Chromium with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends chromium >&2
find_chromium || { echo "chromium.sh: apt-get installed no chromium binary" >&2; exit 1; }

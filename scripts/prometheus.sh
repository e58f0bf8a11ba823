#!/usr/bin/env bash
# Prometheus and promtool from Debian's package, for the tests that have a real Prometheus scrape the gateway
# (PrometheusScrapeIT) and check the alert rules of docs/operations.md. The tests start their own Prometheus on
# 127.0.0.1 and stop it; the package's own service must not run.
#
#   scripts/prometheus.sh ensure   install it when missing (apt-get, as root); say what to run otherwise
#
# Idempotent: nothing is installed when both commands are there.
set -euo pipefail

readonly POLICY=/usr/sbin/policy-rc.d

die() {
    echo "prometheus.sh: $*" >&2
    exit 1
}

ensure() {
    if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
        return
    fi
    [[ $EUID -eq 0 ]] || die "missing: prometheus; as root, run: apt-get update && apt-get install -y --no-install-recommends prometheus && systemctl disable --now prometheus"
    echo "prometheus.sh: installing prometheus with apt-get (its service is kept from starting)" >&2
    # Debian's maintainer scripts ask policy-rc.d whether a service may start; 101 says no. One the host has is kept.
    local own_policy=false
    if [[ ! -e $POLICY ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$POLICY"
        chmod 755 "$POLICY"
        own_policy=true
    fi
    local status=0
    {
        apt-get update >&2
        # No recommends: the node exporter would be one more service.
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus >&2
    } || status=$?
    if $own_policy; then
        rm -f "$POLICY"
    fi
    [[ $status -eq 0 ]] || die "apt-get failed ($status)"
    # Nor at the next boot.
    if [[ -d /run/systemd/system ]]; then
        systemctl disable --now prometheus >&2 || true
    fi
}

[[ $# -eq 1 ]] || die "usage: $0 ensure"
case "$1" in
    ensure) ensure ;;
    *) die "usage: $0 ensure" ;;
esac

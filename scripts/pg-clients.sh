#!/usr/bin/env bash
# The PostgreSQL clients the tests drive Sluice's PostgreSQL listener with, from Debian's packages: psql, and psycopg2,
# pandas and SQLAlchemy for /usr/bin/python3; and jq, which the README's tour (ReadmeTourIT) uses.
#
#   scripts/pg-clients.sh ensure   install those that are missing (apt-get, as root); say what to run otherwise
#
# Idempotent: nothing is installed when all are there.
set -euo pipefail

# Each package with what shows it is there: a command, or a module /usr/bin/python3 imports.
readonly COMMANDS=(psql jq)
readonly PACKAGES=(postgresql-client:psql python3-psycopg2:psycopg2 python3-pandas:pandas python3-sqlalchemy:sqlalchemy
    jq:jq)

die() {
    echo "pg-clients.sh: $*" >&2
    exit 1
}

missing() {
    local entry package probe
    for entry in "${PACKAGES[@]}"; do
        package=${entry%%:*}
        probe=${entry#*:}
        if [[ " ${COMMANDS[*]} " == *" $probe "* ]]; then
            command -v "$probe" >/dev/null 2>&1 || echo "$package"
        elif ! /usr/bin/python3 -c "import $probe" >/dev/null 2>&1; then
            echo "$package"
        fi
    done
}

ensure() {
    local absent
    absent=$(missing | tr '\n' ' ')
    if [[ -z "${absent// /}" ]]; then
        return
    fi
    [[ $EUID -eq 0 ]] || die "missing: $absent; as root, run: apt-get update && apt-get install -y $absent"
    echo "pg-clients.sh: installing $absent with apt-get" >&2
    apt-get update >&2
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y $absent >&2
}

[[ $# -eq 1 ]] || die "usage: $0 ensure"
case "$1" in
    ensure) ensure ;;
    *) die "usage: $0 ensure" ;;
esac

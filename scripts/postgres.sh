#!/usr/bin/env bash
# A throw-away PostgreSQL for tests: everything (data, socket, log, port) lives under one directory.
#
#   scripts/postgres.sh start <dir>   start it (or find it running) and print its JDBC URL on stdout
#   scripts/postgres.sh stop <dir>    stop it, if it runs
#
# The server listens on 127.0.0.1 only, on a free port, and trusts every local connection (user "sluice", no
# password): it is for tests, never for data that matters. As root, the server runs as the unprivileged user
# "sluicepg", because PostgreSQL refuses to run as root.
set -euo pipefail

readonly PG_USER=sluice
readonly PG_DATABASE=sluice
readonly OS_USER=sluicepg

die() {
    echo "postgres.sh: $*" >&2
    exit 1
}

usage() {
    die "usage: $0 start|stop <dir>"
}

# The directory holding initdb and pg_ctl: from PATH, else the newest Debian install, else none.
pg_bin_dir() {
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return
    fi
    local candidate
    candidate=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$candidate" && -x "$candidate/initdb" ]]; then
        echo "$candidate"
    fi
}

install_postgres() {
    [[ $EUID -eq 0 ]] || die "PostgreSQL is not installed; as root, run: apt-get update && apt-get install -y postgresql"
    echo "postgres.sh: installing PostgreSQL with apt-get" >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
}

# Runs a command as the server's owner: ourselves, or the unprivileged user when we are root.
as_owner() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u "$OS_USER" -- "$@"
    else
        "$@"
    fi
}

ensure_os_user() {
    if [[ $EUID -eq 0 ]] && ! id "$OS_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$OS_USER"
    fi
}

port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
    local port attempt
    for attempt in $(seq 1 100); do
        port=$((20000 + RANDOM % 40000))
        if port_is_free "$port"; then
            echo "$port"
            return
        fi
    done
    die "found no free port on 127.0.0.1"
}

jdbc_url() {
    echo "jdbc:postgresql://127.0.0.1:$(cat "$1/port")/$PG_DATABASE"
}

is_running() {
    local dir=$1 bin=$2
    [[ -f "$dir/data/PG_VERSION" ]] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

start() {
    local dir=$1 bin
    bin=$(pg_bin_dir)
    if [[ -z "$bin" ]]; then
        install_postgres
        bin=$(pg_bin_dir)
        [[ -n "$bin" ]] || die "initdb not found after installing PostgreSQL"
    fi
    ensure_os_user
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)
    if [[ $EUID -eq 0 ]]; then
        chown "$OS_USER" "$dir"
        as_owner test -w "$dir" || die "$OS_USER cannot write $dir; choose a directory under /tmp"
    fi

    if is_running "$dir" "$bin"; then
        jdbc_url "$dir"
        return
    fi
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
        as_owner "$bin/initdb" -D "$dir/data" -U "$PG_USER" --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
            || die "initdb failed; see $dir/initdb.log"
    fi
    # A port kept from an earlier start may have been taken since.
    if [[ ! -f "$dir/port" ]] || ! port_is_free "$(cat "$dir/port")"; then
        free_port >"$dir/port"
    fi
    local port
    port=$(cat "$dir/port")
    # fsync off: a test database need not survive a power cut, and the tests run much faster without it.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >&2 || die "PostgreSQL did not start; see $dir/postgres.log"
    if [[ -z "$(as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U "$PG_USER" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" ]]; then
        as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$PG_USER" "$PG_DATABASE"
    fi
    jdbc_url "$dir"
}

stop() {
    local dir=$1 bin
    [[ -d "$dir" ]] || return 0
    bin=$(pg_bin_dir)
    [[ -n "$bin" ]] || return 0
    if is_running "$dir" "$bin"; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2
    fi
}

[[ $# -eq 2 ]] || usage
case "$1" in
    start) start "$2" ;;
    stop) stop "$2" ;;
    *) usage ;;
esac

# Throwaway PostgreSQL 15 servers for the tests (issue 11), each in a temporary directory on a free loopback port,
# run as the postgres user when this script runs as root (PostgreSQL refuses to run as root).
#
# Sourced by test.sh: start_test_postgres starts the tests' shared server, stopped and deleted when test.sh exits,
# and exports GRIDPULSE_TEST_POSTGRES (its connection string) and GRIDPULSE_TEST_POSTGRES_SCRIPT (this file).
# Run by a test that needs a server of its own to stop and start (tests/TestSupport/PostgresServer.cs):
#   test-postgres.sh create DIR   initialises and starts a server in DIR (created empty by the caller); prints its connection string
#   test-postgres.sh stop DIR     stops it (fast shutdown: connections are cut)
#   test-postgres.sh start DIR    starts it again on the same port
#   test-postgres.sh delete DIR   stops it and deletes DIR

readonly POSTGRES_BIN=/usr/lib/postgresql/15/bin

postgres_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# postgres_create DIR: initdb in DIR/data and start on a free port, kept in DIR/port; prints the connection string.
postgres_create() {
    local dir=$1 port
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    # Below the kernel's ephemeral range: a port in it may be taken as the local port of an outgoing connection between
    # this probe and the server's bind (seen: "could not start server" under load).
    local ephemeral_low
    ephemeral_low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
    for port in $(shuf -i 10000-$((ephemeral_low - 1)) -n 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
    done
    echo "$port" >"$dir/port"
    postgres_as_owner "$POSTGRES_BIN/initdb" -D "$dir/data" -U gridpulse -A trust --no-sync -E UTF8 --locale C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { echo "PostgreSQL initdb 失败 / initdb failed, see $dir/initdb.log" >&2; return 1; }
    postgres_start "$dir" || return 1
    echo "Host=127.0.0.1;Port=$port;Username=gridpulse;Database=postgres"
}

postgres_start() {
    local dir=$1
    postgres_as_owner "$POSTGRES_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $(cat "$dir/port") -k $dir" start >/dev/null \
        || { echo "PostgreSQL 启动失败 / PostgreSQL did not start, see $dir/server.log" >&2; return 1; }
}

postgres_stop() {
    postgres_as_owner "$POSTGRES_BIN/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null 2>&1 || true
}

start_test_postgres() {
    TEST_POSTGRES_DIR=$(mktemp -d /tmp/gridpulse-postgres.XXXXXX)
    trap stop_test_postgres EXIT
    GRIDPULSE_TEST_POSTGRES=$(postgres_create "$TEST_POSTGRES_DIR") || fail "PostgreSQL for the tests did not start"
    export GRIDPULSE_TEST_POSTGRES
    export GRIDPULSE_TEST_POSTGRES_SCRIPT="$PWD/scripts/test-postgres.sh"
    echo "test.sh: PostgreSQL 15 for the tests: $GRIDPULSE_TEST_POSTGRES ($TEST_POSTGRES_DIR)"
}

stop_test_postgres() {
    postgres_stop "$TEST_POSTGRES_DIR"
    rm -rf "$TEST_POSTGRES_DIR"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-}" in
        create) postgres_create "$2" ;;
        start) postgres_start "$2" ;;
        stop) postgres_stop "$2" ;;
        delete) postgres_stop "$2"; rm -rf "$2" ;;
        *) echo "usage: $0 create|start|stop|delete DIR" >&2; exit 2 ;;
    esac
fi

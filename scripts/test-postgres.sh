# Sourced by test.sh: a throwaway PostgreSQL 15 server for the storage tests (issue 11), in a temporary directory on a
# free loopback port, run as the postgres user when this script runs as root (PostgreSQL refuses to run as root);
# stopped and deleted when test.sh exits. Exports GRIDPULSE_TEST_POSTGRES, the connection string the tests use.

readonly POSTGRES_BIN=/usr/lib/postgresql/15/bin

start_test_postgres() {
    local dir port as_owner=()
    dir=$(mktemp -d /tmp/gridpulse-postgres.XXXXXX)
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres:postgres "$dir"
        as_owner=(runuser -u postgres --)
    fi
    for port in $(shuf -i 20000-60000 -n 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
    done
    "${as_owner[@]}" "$POSTGRES_BIN/initdb" -D "$dir/data" -U gridpulse -A trust --no-sync -E UTF8 --locale C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || fail "PostgreSQL initdb 失败 / initdb failed, see $dir/initdb.log"
    "${as_owner[@]}" "$POSTGRES_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir" start >/dev/null \
        || fail "PostgreSQL 启动失败 / the test PostgreSQL did not start, see $dir/server.log"
    TEST_POSTGRES_DIR=$dir
    trap stop_test_postgres EXIT
    export GRIDPULSE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=gridpulse;Database=postgres"
    echo "test.sh: PostgreSQL 15 for the tests on 127.0.0.1:$port ($dir)"
}

stop_test_postgres() {
    local as_owner=()
    [ "$(id -u)" -eq 0 ] && as_owner=(runuser -u postgres --)
    "${as_owner[@]}" "$POSTGRES_BIN/pg_ctl" -D "$TEST_POSTGRES_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$TEST_POSTGRES_DIR"
}

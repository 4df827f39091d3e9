#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL 15 server on a loopback port, then stop it.
# The command sees KINDLY_TEST_PG_URL (a superuser URL; tests create their own databases).
set -euo pipefail

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
[ -x "$PGBIN/initdb" ] || { echo "with-postgres: no PostgreSQL server found (install postgresql)" >&2; exit 1; }
# A port the kernel says is free right now (a guessed one collided once).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=${KINDLY_TEST_PG_PORT:-$(free_port)}
ROOT=$(mktemp -d /tmp/kindly-pg.XXXXXX)

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$ROOT/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$ROOT"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$ROOT"
as_pg "$PGBIN/initdb" -D "$ROOT/data" -U kindly --auth=trust -E UTF8 --locale=C.UTF-8 >"$ROOT/initdb.log" 2>&1 \
  || { cat "$ROOT/initdb.log" >&2; exit 1; }
start_pg() {
  as_pg "$PGBIN/pg_ctl" -D "$ROOT/data" -l "$ROOT/log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $ROOT -c fsync=off -c max_connections=200" start >/dev/null
}
# If another process takes the port in between, try once more on a new one.
start_pg || { [ -z "${KINDLY_TEST_PG_PORT:-}" ] && PORT=$(free_port) && start_pg; } \
  || { cat "$ROOT/log" >&2; exit 1; }
export KINDLY_TEST_PG_URL="postgres://kindly@127.0.0.1:$PORT/postgres"
echo "with-postgres: PostgreSQL on 127.0.0.1:$PORT"
"$@"

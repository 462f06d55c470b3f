# Real services for tests and benchmarks, on loopback only, in throwaway folders.
# Source this file, then call start_postgres / start_redis; stop_services stops what was started.

PG_PORT="${PG_PORT:-54329}"
SERVICES_DIR="$(mktemp -d /tmp/core-portal-services.XXXXXX)"
chmod 755 "$SERVICES_DIR"

start_postgres() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  mkdir -p "$SERVICES_DIR/pg" && chown postgres "$SERVICES_DIR/pg"
  su postgres -c "$bin/initdb -D $SERVICES_DIR/pg -A trust -U postgres -E UTF8 >/dev/null"
  su postgres -c "$bin/pg_ctl -D $SERVICES_DIR/pg -l $SERVICES_DIR/pg/server.log -w \
    -o '-h 127.0.0.1 -p $PG_PORT -k $SERVICES_DIR/pg -c fsync=off -c synchronous_commit=off' start >/dev/null"
  su postgres -c "$bin/createdb -h 127.0.0.1 -p $PG_PORT portal"
  PG_CTL="$bin/pg_ctl"
  export POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/portal"
}

stop_services() {
  if [ -f "$SERVICES_DIR/redis.pid" ]; then
    kill "$(cat "$SERVICES_DIR/redis.pid")" 2>/dev/null || true
  fi
  if [ -n "${PG_CTL:-}" ]; then
    su postgres -c "$PG_CTL -D $SERVICES_DIR/pg -m fast stop >/dev/null" || true
  fi
  rm -rf "$SERVICES_DIR"
}

REDIS_PORT="${REDIS_PORT:-63799}"

start_redis() {
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --dir "$SERVICES_DIR" --daemonize yes --pidfile "$SERVICES_DIR/redis.pid" >/dev/null
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
}

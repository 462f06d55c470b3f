# A real Elasticsearch for tests and benchmarks: Elastic's minimal distribution from Maven Central
# (org.elasticsearch.distribution.integ-test-zip), fetched with Maven into .cache/, started
# single-node on loopback as an unprivileged user (Elasticsearch refuses to run as root).
# Source this file, then call start_elasticsearch; stop_elasticsearch stops it.

ES_VERSION="${ES_VERSION:-8.19.7}"
ES_PORT="${ES_PORT:-59200}"
ES_CACHE="${ES_CACHE:-$PWD/.cache/elasticsearch}"
ES_USER="${ES_USER:-core-es}"

fetch_elasticsearch() {
  local home="$ES_CACHE/elasticsearch-$ES_VERSION"
  if [ ! -x "$home/bin/elasticsearch" ]; then
    echo "Fetching Elasticsearch $ES_VERSION (integ-test-zip) with Maven…" >&2
    mkdir -p "$ES_CACHE"
    mvn -q -B dependency:copy -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      -DoutputDirectory="$ES_CACHE" -Dmdep.overWriteReleases=false >&2
    (cd "$ES_CACHE" && unzip -q -o "elasticsearch-$ES_VERSION.zip")
  fi
  ES_HOME="$home"
}

java_home_for_elasticsearch() {
  local java
  java="$(readlink -f "$(command -v java)")"
  dirname "$(dirname "$java")"
}

as_es_user() {
  # Elasticsearch refuses to run as root: as root, run it as an unprivileged user made for it.
  if [ "$(id -u)" = 0 ]; then
    id -u "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER" "$ES_RUN_DIR"
    chmod -R a+rX "$ES_HOME"
    su -s /bin/bash "$ES_USER" -c "$1"
  else
    bash -c "$1"
  fi
}

start_elasticsearch() {
  fetch_elasticsearch
  ES_RUN_DIR="$(mktemp -d /tmp/core-portal-es.XXXXXX)"
  chmod 755 "$ES_RUN_DIR"
  mkdir -p "$ES_RUN_DIR/data" "$ES_RUN_DIR/logs" "$ES_RUN_DIR/config"
  cp -r "$ES_HOME/config/." "$ES_RUN_DIR/config/"
  echo "Starting Elasticsearch $ES_VERSION on 127.0.0.1:$ES_PORT…" >&2
  as_es_user "ES_JAVA_HOME='$(java_home_for_elasticsearch)' ES_PATH_CONF='$ES_RUN_DIR/config' \
    ES_JAVA_OPTS='-Xms512m -Xmx512m' '$ES_HOME/bin/elasticsearch' -d -p '$ES_RUN_DIR/es.pid' \
    -E discovery.type=single-node -E network.host=127.0.0.1 -E http.port=$ES_PORT \
    -E path.data='$ES_RUN_DIR/data' -E path.logs='$ES_RUN_DIR/logs' \
    -E cluster.routing.allocation.disk.threshold_enabled=false -E xpack.security.enabled=false >/dev/null" >&2
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null; then
      export ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT"
      return 0
    fi
    sleep 1
  done
  echo "Elasticsearch did not start; its log:" >&2
  tail -n 40 "$ES_RUN_DIR/logs/"*.log >&2 || true
  return 1
}

stop_elasticsearch() {
  if [ -n "${ES_RUN_DIR:-}" ] && [ -f "$ES_RUN_DIR/es.pid" ]; then
    kill "$(cat "$ES_RUN_DIR/es.pid")" 2>/dev/null || true
    local pid; pid="$(cat "$ES_RUN_DIR/es.pid" 2>/dev/null)" || pid=""
    for _ in $(seq 1 30); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  [ -n "${ES_RUN_DIR:-}" ] && rm -rf "$ES_RUN_DIR"
  return 0
}

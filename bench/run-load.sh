#!/usr/bin/env bash
# The load benchmark (bench/load.py) against PostgreSQL, Redis and Elasticsearch started here on
# loopback, on ports of their own (PG_PORT, REDIS_PORT, ES_PORT), so development services and other
# benchmarks keep theirs; all three are stopped on exit. The run is bounded: load.py stops itself at
# --deadline, and `timeout` backs it up.
# Usage: bash bench/run-load.sh [load.py options, e.g. --clients 50 --seconds 20]
set -euo pipefail
cd "$(dirname "$0")/.."
export PG_PORT="${PG_PORT:-54369}" REDIS_PORT="${REDIS_PORT:-63839}" ES_PORT="${ES_PORT:-59240}"
source .ci/services.sh
source .ci/elasticsearch.sh
trap 'stop_elasticsearch; stop_services' EXIT
start_postgres
start_redis
start_elasticsearch
# for the CPU each used during the run
LOAD_SERVICE_PIDS="$(head -n 1 "$SERVICES_DIR/pg/postmaster.pid") $(cat "$SERVICES_DIR/redis.pid") $(cat "$ES_RUN_DIR/es.pid")"
export LOAD_SERVICE_PIDS
DATABASE_URL="$POSTGRES_URL" ELASTICSEARCH_ANALYSIS=core ELASTICSEARCH_INDEX_PREFIX=load- \
  timeout --kill-after=30 1200 "${PYTHON:-.venv/bin/python}" bench/load.py "$@"

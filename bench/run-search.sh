#!/usr/bin/env bash
# The search benchmark in both configurations: SQLite with the local-memory cache (the embedded
# default) and production's PostgreSQL with Redis, each with a real Elasticsearch (Elastic's minimal
# distribution). PostgreSQL, Redis and Elasticsearch are started here on loopback for the run.
# Usage: bash bench/run-search.sh [search.py options, e.g. --sizes 2000]
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/services.sh
source .ci/elasticsearch.sh
trap 'stop_elasticsearch; stop_services' EXIT
start_postgres
start_redis
start_elasticsearch
ELASTICSEARCH_ANALYSIS=core .venv/bin/python bench/search.py \
  --configurations sqlite postgresql --database-url "$POSTGRES_URL" "$@"

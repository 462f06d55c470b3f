#!/usr/bin/env bash
# Search relevance with real PostgreSQL, Redis and Elasticsearch started on loopback for the run.
# Usage: bash bench/run-relevance.sh [relevance.py options]
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/services.sh
source .ci/elasticsearch.sh
trap 'stop_elasticsearch; stop_services' EXIT
start_postgres
start_redis
start_elasticsearch
ELASTICSEARCH_ANALYSIS=core .venv/bin/python bench/relevance.py --database-url "$POSTGRES_URL" "$@"

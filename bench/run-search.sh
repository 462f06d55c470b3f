#!/usr/bin/env bash
# The search benchmark with a real Elasticsearch (Elastic's minimal distribution, started here).
# Usage: bash bench/run-search.sh [search.py options]
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/elasticsearch.sh
trap stop_elasticsearch EXIT
start_elasticsearch
ELASTICSEARCH_ANALYSIS=core .venv/bin/python bench/search.py "$@"

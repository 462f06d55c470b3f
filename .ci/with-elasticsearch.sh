#!/usr/bin/env bash
# Run a command with a real Elasticsearch: the one in ELASTICSEARCH_URL if given, otherwise Elastic's
# minimal distribution started here (needs Java and Maven), stopped again afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${ELASTICSEARCH_URL:-}" ]; then
  exec "$@"
fi
if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  echo "No ELASTICSEARCH_URL and no Java/Maven to start one: Elasticsearch tests will be skipped." >&2
  exec "$@"
fi
source .ci/elasticsearch.sh
trap stop_elasticsearch EXIT
start_elasticsearch
"$@"

#!/usr/bin/env bash
# Run a benchmark against real PostgreSQL and Redis started on loopback for the run.
# Usage: bash bench/run.sh [pages.py options]
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/services.sh
trap stop_services EXIT
start_postgres
start_redis
DATABASE_URL="$POSTGRES_URL" .venv/bin/python bench/pages.py "$@"

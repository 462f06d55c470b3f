#!/usr/bin/env bash
# Run a benchmark against real PostgreSQL and Redis started on loopback for the run.
# Usage: bash bench/run.sh bench/pages.py|bench/follow_up.py [options]
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/services.sh
trap stop_services EXIT
start_postgres
start_redis
DATABASE_URL="$POSTGRES_URL" .venv/bin/python "$@"

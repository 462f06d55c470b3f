#!/usr/bin/env bash
# The reports benchmark (bench/reports.py) against PostgreSQL and Redis started here on loopback, on
# ports of their own (PG_PORT, REDIS_PORT), so development services and other benchmarks keep theirs.
# The run is bounded: reports.py stops itself at --deadline, and `timeout` backs it up.
# Usage: bash bench/run-reports.sh [reports.py options, e.g. --people 5000 --referrals 6000]
set -euo pipefail
cd "$(dirname "$0")/.."
export PG_PORT="${PG_PORT:-54349}" REDIS_PORT="${REDIS_PORT:-63819}"
source .ci/services.sh
trap stop_services EXIT
start_postgres
start_redis
DATABASE_URL="$POSTGRES_URL" timeout --kill-after=30 3000 .venv/bin/python bench/reports.py "$@"

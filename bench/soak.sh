#!/usr/bin/env bash
# Runs the soak test (SoakIntegrationTests) for longer than the 60 s of ./mvnw verify:
# the packaged jar with the file store, 4 concurrent clients (ingest text and media, replace,
# search, count, delete) against a fake Gemini that fails 10% of calls with 429, 5% with 503 and
# 3% with 500, then a consistency check before and after a kill -9 and restart.
#
#   bench/soak.sh            # 300 s
#   bench/soak.sh 1800       # half an hour
#
# The summary line starts with "SOAK" (requests, faults injected, statuses, 5xx, hangs, items).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
# Surefire gets a test name that matches nothing, so the unit tests are skipped (naming the soak there
# would make surefire run it without the packaged jar); failsafe runs only the soak.
./mvnw -o verify -Dtest=SkipUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=SoakIntegrationTests -Dsoak.seconds="$seconds" | tee target/soak.log
grep '^SOAK' target/soak.log

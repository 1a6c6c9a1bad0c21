#!/usr/bin/env bash
# Ingestion throughput: bulk (batchEmbedContents, bounded concurrency) against one Gemini call per item,
# with a fake Gemini that adds a delay to every call, through the real application in one JVM; then
# whether the requests-per-minute cap holds (IngestBenchmark; see bench/README.md).
#
# Usage:   bench/ingest.sh [key=value ...]     (from any directory; options go to IngestBenchmark)
#          e.g. bench/ingest.sh items=1000 sample=50 delay=300 clients=4 batchConcurrency=4 rpm=30 rpmSeconds=100
# Env:     MVN (default mvn), MVN_ARGS (default -o: offline), JAVA (default java), JAVA_OPTS (default -Xmx2g),
#          KEEP_WORK=1 keeps the temp directory
# Output:  a Markdown table on stdout, also written to bench/results/ingest-<date>.md
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MVN="${MVN:-mvn}"
read -r -a MVN_EXTRA <<< "${MVN_ARGS--o}"
JAVA="${JAVA:-java}"
read -r -a JAVA_FLAGS <<< "${JAVA_OPTS:--Xmx2g}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ingest-bench.XXXXXX")"
cleanup() { if [[ "${KEEP_WORK:-0}" == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
log() { echo "[ingest.sh $(date +%H:%M:%S)] $*" >&2; }

log "compiling (mvn ${MVN_EXTRA[*]:-} -q test-compile) and resolving the test classpath"
"$MVN" "${MVN_EXTRA[@]}" -q test-compile
"$MVN" "${MVN_EXTRA[@]}" -q dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt"
REVISION="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
DIRTY="$(git -C "$ROOT" status --porcelain -- src pom.xml 2>/dev/null | wc -l | tr -d ' ')"
if [[ "$DIRTY" != 0 ]]; then REVISION="$REVISION + $DIRTY uncommitted change(s) in src or pom.xml"; fi
# Copies, so that a concurrent rebuild of target/ cannot change what is measured.
cp -r target/classes "$WORK/classes"
cp -r target/test-classes "$WORK/test-classes"

log "running IngestBenchmark $* (${JAVA_FLAGS[*]})"
START=$(date +%s)
"$JAVA" "${JAVA_FLAGS[@]}" -cp "$WORK/test-classes:$WORK/classes:$(cat "$WORK/classpath.txt")" \
    dev.geminisearch.bench.IngestBenchmark "$@" | grep -v ' WARN ' | tee "$WORK/ingest.out"
SECONDS_TAKEN=$(( $(date +%s) - START ))

DATE="$(date +%F)"
mkdir -p "$ROOT/bench/results"
RESULT_FILE="$ROOT/bench/results/ingest-$DATE.md"
{
    echo "# Ingestion benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- command: \`bench/ingest.sh $*\` (built from git $REVISION; $SECONDS_TAKEN s)"
    echo "- $(grep -m1 '^IngestBenchmark' "$WORK/ingest.out")"
    echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//' || echo unknown)), $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo), load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- java: $("$JAVA" -version 2>&1 | head -n 1)"
    echo
    grep -E '^(baseline|singles|batch|ingestAll|budget)' "$WORK/ingest.out" | sed 's/^/    /'
    echo
    grep -E '^\|' "$WORK/ingest.out"
} > "$RESULT_FILE"
echo
cat "$RESULT_FILE"
log "written to ${RESULT_FILE#"$ROOT"/}"

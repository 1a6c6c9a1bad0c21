#!/usr/bin/env bash
# HNSW benchmark: builds an HnswIndex over N generated vectors and measures it against the exact scan
# in the same JVM and run (HnswBenchmark); every speed figure is a ratio against that baseline (see
# bench/README.md).
#
# Usage:   bench/hnsw.sh [count=1000000] [dimensions=768] [key=value ...]      (from any directory)
#          keys: data=lowrank32,random  random-count=100000  queries=200  threads=2  m=16
#                ef-construction=100  efs=10,20,40,100,200,400
# Env:     MVN (default mvn), MVN_ARGS (default -o), JAVA_OPTS (default -Xmx7g: 1M x 768 floats are
#          2.9 GiB, the graph ~0.4 GiB, its bulk-build copy as much again), TMPDIR (saved graph)
# Output:  a Markdown results table on stdout, also written to bench/results/hnsw-<date>.md
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MVN="${MVN:-mvn}"
read -r -a MVN_EXTRA <<< "${MVN_ARGS--o}"
read -r -a JAVA_EXTRA <<< "${JAVA_OPTS:--Xmx7g}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/hnsw-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

log() { echo "[hnsw.sh $(date +%H:%M:%S)] $*" >&2; }

log "compiling (mvn ${MVN_EXTRA[*]:-} -q test-compile)"
"$MVN" "${MVN_EXTRA[@]}" -q test-compile
"$MVN" "${MVN_EXTRA[@]}" -q dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt"
REVISION="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
DIRTY="$(git -C "$ROOT" status --porcelain -- src pom.xml 2>/dev/null | wc -l | tr -d ' ')"
if [[ "$DIRTY" != 0 ]]; then REVISION="$REVISION + $DIRTY uncommitted change(s) in src or pom.xml"; fi
# Copies, so that a rebuild of target/ meanwhile cannot change what is measured.
cp -r target/classes "$WORK/classes"
cp -r target/test-classes "$WORK/test-classes"

log "running HnswBenchmark $* (java ${JAVA_EXTRA[*]})"
START="$(date +%s)"
java "${JAVA_EXTRA[@]}" -cp "$WORK/test-classes:$WORK/classes:$(cat "$WORK/classpath.txt")" \
    dev.geminisearch.bench.HnswBenchmark "$@" "dir=$WORK" | tee "$WORK/hnsw.out"
ELAPSED=$(( $(date +%s) - START ))

DATE="$(date +%F)"
mkdir -p "$ROOT/bench/results"
RESULT_FILE="$ROOT/bench/results/hnsw-$DATE.md"
{
    echo "# HNSW benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- command: \`bench/hnsw.sh $*\` (built from git $REVISION), ${ELAPSED} s"
    echo "- $(grep -m1 '^HnswBenchmark:' "$WORK/hnsw.out")"
    echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//' || echo unknown)), $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo), load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- java: $(java -version 2>&1 | head -n 1), ${JAVA_EXTRA[*]}"
    echo
    echo "| metric | value | baseline | ratio |"
    echo "|---|---|---|---|"
    grep -E '^\| ' "$WORK/hnsw.out" | grep -vE '^\| metric \||^\|---'
} > "$RESULT_FILE"
echo
cat "$RESULT_FILE"
log "written to ${RESULT_FILE#"$ROOT"/}"

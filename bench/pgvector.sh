#!/usr/bin/env bash
# pgvector benchmark: N seeded random unit vectors loaded through PgVectorStore.upsert, then the
# store's HNSW search against an exact scan in SQL (latency and recall@10), plus table and index
# sizes. Every speed figure comes with a baseline measured in the same run and is reported as a
# ratio against it (see bench/README.md, section "pgvector: HNSW vs exact").
#
# Usage:   bench/pgvector.sh [url] [user] [count=100000] [dimensions=768] [queries=200] [key=value ...]
#          (from any directory; arguments go to PgVectorBenchmark as they are; key=value options:
#          url= user= password= count= dims= queries= threads=4 load=maintained|rebuild keep=true
#          data=random|lowrankK, e.g. data=lowrank32: vectors of intrinsic dimension K, see README)
# Env:     MVN (default mvn), MVN_ARGS (default "-o": offline), KEEP=1 keeps the bench_* schema,
#          JAVA_OPTS (default -Xms2g -Xmx3g), SKIP_PG_SETUP=1 skips .ci/pgvector.sh
# Output:  progress lines and a Markdown results table on stdout; the table, with a header naming
#          the command, revision and machine, also goes to bench/results/pgvector-<date>.md
#          (pgvector-<date>-<data>.md for data other than random)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MVN="${MVN:-mvn}"
read -r -a MVN_EXTRA <<< "${MVN_ARGS--o}"
read -r -a JAVA_EXTRA <<< "${JAVA_OPTS:--Xms2g -Xmx3g}"
COMMAND="bench/pgvector.sh${*:+ $*}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pgvector-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

log() { echo "[pgvector.sh $(date +%H:%M:%S)] $*" >&2; }
elapsed() { echo $(( $(date +%s) - $1 )); }

T_START=$(date +%s)

# ---- database ----
if [[ "${SKIP_PG_SETUP:-0}" != 1 ]]; then
    log "making sure PostgreSQL with pgvector runs (.ci/pgvector.sh)"
    bash .ci/pgvector.sh >&2
fi
PSQL=(psql -h 127.0.0.1 -U postgres -d test -tAX)
PG_VERSION="$("${PSQL[@]}" -c 'SHOW server_version' 2>/dev/null || echo unknown)"
PGVECTOR_VERSION="$("${PSQL[@]}" -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'" 2>/dev/null || echo unknown)"
PG_SETTINGS="$("${PSQL[@]}" -c "SELECT string_agg(name || ' ' || current_setting(name), ', ' ORDER BY name) FROM pg_settings
    WHERE name IN ('shared_buffers', 'maintenance_work_mem', 'max_parallel_workers_per_gather', 'work_mem', 'synchronous_commit')" \
    2>/dev/null || echo unknown)"

# ---- build ----
T=$(date +%s)
log "compiling main and test classes (mvn ${MVN_EXTRA[*]:-} -q test-compile)"
"$MVN" "${MVN_EXTRA[@]}" -q test-compile
REVISION="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
DIRTY="$(git -C "$ROOT" status --porcelain -- src/main pom.xml 2>/dev/null | wc -l | tr -d ' ')"
if [[ "$DIRTY" != 0 ]]; then REVISION="$REVISION + $DIRTY uncommitted change(s) in src/main or pom.xml"; fi
"$MVN" "${MVN_EXTRA[@]}" -q dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt"
# Copies, so that someone rebuilding target/ meanwhile does not change what is measured.
cp -r target/classes "$WORK/classes"
cp -r target/test-classes "$WORK/test-classes"
BUILD_S=$(elapsed "$T")
log "build took ${BUILD_S} s"

# ---- benchmark ----
T=$(date +%s)
log "running PgVectorBenchmark $*"
java "${JAVA_EXTRA[@]}" -cp "$WORK/test-classes:$WORK/classes:$(cat "$WORK/classpath.txt")" \
    dev.geminisearch.bench.PgVectorBenchmark "$@" | tee "$WORK/bench.out"
BENCH_S=$(elapsed "$T")

# ---- report ----
result() { sed -n "s/^RESULT $1=//p" "$WORK/bench.out"; }
DATE="$(date -u +%Y-%m-%d)"
mkdir -p bench/results
DATA="$(result data)"
# The default data set (random) gives pgvector-<date>.md; another one (data=lowrank32) a suffixed file.
OUT="bench/results/pgvector-$DATE${DATA:+$([[ "$DATA" != random ]] && echo "-$DATA")}.md"
JAVA_VERSION="$(java -version 2>&1 | head -n 1)"
CPU="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)"
MEM="$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo unknown)"
{
    echo "# pgvector benchmark: HNSW vs exact, $(date -u '+%Y-%m-%d %H:%M') UTC"
    echo
    echo "- command: \`$COMMAND\` (built from git $REVISION)"
    echo "- machine: $(nproc) cores ($CPU), $MEM RAM, load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- java: $JAVA_VERSION"
    echo "- database: PostgreSQL $PG_VERSION, pgvector $PGVECTOR_VERSION, on this machine ($PG_SETTINGS)"
    echo "- data: $(grep -m1 '^PgVectorBenchmark:' "$WORK/bench.out" | sed 's/^PgVectorBenchmark: //')"
    echo "- load mode: $(result load_mode) ($( [[ "$(result load_mode)" == rebuild ]] && echo 'HNSW index dropped before the load, built after it' || echo 'HNSW index maintained during the load, as in production'))"
    echo "- wall time: build ${BUILD_S} s, benchmark ${BENCH_S} s (load $(result load_seconds) s)"
    echo
    sed -n '/^BEGIN TABLE$/,/^END TABLE$/p' "$WORK/bench.out" | sed '1d;$d'
} > "$OUT"
log "benchmark took ${BENCH_S} s; total $(elapsed "$T_START") s; table written to $OUT"

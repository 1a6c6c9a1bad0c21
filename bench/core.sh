#!/usr/bin/env bash
# Core benchmark: file store ingest / open / search in-process (CoreBenchmark), then the packaged
# service's start-up time and HTTP search latency. Every figure comes with a baseline measured in
# the same run and is reported as a ratio against it (see bench/README.md).
#
# Usage:   bench/core.sh [count=10000] [dimensions=3072]      (from any directory)
# Env:     MVN (default mvn), MVN_ARGS (e.g. "-o" for offline), KEEP_WORK=1 keeps the temp directory,
#          STARTUP_RUNS (default 3), HTTP_WARMUP (default 50), HTTP_TIMED (default 200)
# Output:  a Markdown results table on stdout, also written to bench/results/core-<date>.md
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

COUNT="${1:-10000}"
DIMS="${2:-3072}"
MVN="${MVN:-mvn}"
read -r -a MVN_EXTRA <<< "${MVN_ARGS:-}"
STARTUP_RUNS="${STARTUP_RUNS:-3}"
HTTP_WARMUP="${HTTP_WARMUP:-50}"
HTTP_TIMED="${HTTP_TIMED:-200}"
HOST=127.0.0.1
# The Vector API module for the SIMD search kernel, as the service is run everywhere (README); unquoted on use.
VECTOR_MODULE="--add-modules jdk.incubator.vector"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/core-bench.XXXXXX")"
SERVICE_PID=""

stop_service() {
    if [[ -n "$SERVICE_PID" ]]; then
        kill -TERM "$SERVICE_PID" 2>/dev/null || true
        wait "$SERVICE_PID" 2>/dev/null || true
        SERVICE_PID=""
    fi
}

cleanup() {
    stop_service
    if [[ "${KEEP_WORK:-0}" == 1 ]]; then
        echo "kept $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[core.sh $(date +%H:%M:%S)] $*" >&2; }

now_ns() { date +%s%N; }

# percentile FILE P [DECIMALS=2]: nearest-rank percentile (P in 0..1) of the numbers in FILE, one a line.
percentile() {
    sort -n "$1" | awk -v p="$2" -v d="${3:-2}" \
        '{ v[NR] = $1 } END { r = int(p * NR); if (r < p * NR) r++; if (r < 1) r = 1; printf "%." d "f", v[r] }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "no free port found" >&2
    return 1
}

# start_service STORE_DIR PORT LOGFILE: starts the jar in the background (sets SERVICE_PID).
start_service() {
    # Without a Gemini key the service still starts (search by itemId needs no Gemini call).
    env -u GEMINI_API_KEY -u GOOGLE_API_KEY -u AUTH_API_KEYS -u STORE_TYPE -u STORE_PATH \
        java $VECTOR_MODULE -jar "$JAR" --server.address="$HOST" --server.port="$2" --store.type=file --store.path="$1" \
        --embedding.dimensions="$DIMS" > "$3" 2>&1 &
    SERVICE_PID=$!
}

# wait_live PORT LOGFILE: polls liveness every 50 ms until it answers 200 (at most 180 s).
wait_live() {
    local deadline=$(( $(date +%s) + 180 )) code
    while true; do
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://$HOST:$1/actuator/health/liveness" || true)"
        [[ "$code" == 200 ]] && return 0
        if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
            log "the service exited before becoming live; last log lines:"
            tail -n 30 "$2" >&2
            return 1
        fi
        if (( $(date +%s) > deadline )); then
            log "the service did not become live within 180 s"
            tail -n 30 "$2" >&2
            return 1
        fi
        sleep 0.05
    done
}

# ---- build ----
log "building the jar and test classes (mvn ${MVN_EXTRA[*]:-} -q -DskipTests package; package compiles the tests too)"
"$MVN" "${MVN_EXTRA[@]}" -q -DskipTests package
# What was built: the commit, and whether the main sources or pom differed from it at build time.
REVISION="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
DIRTY="$(git -C "$ROOT" status --porcelain -- src/main pom.xml 2>/dev/null | wc -l | tr -d ' ')"
if [[ "$DIRTY" != 0 ]]; then REVISION="$REVISION + $DIRTY uncommitted change(s) in src/main or pom.xml"; fi
"$MVN" "${MVN_EXTRA[@]}" -q dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt"
JAR_BUILT="$(ls target/*.jar | grep -v -- '-sources\|-javadoc' | head -n 1)"
# Copies, so that someone rebuilding target/ meanwhile does not change what is measured.
JAR="$WORK/service.jar"
cp "$JAR_BUILT" "$JAR"
cp -r target/classes "$WORK/classes"
cp -r target/test-classes "$WORK/test-classes"

# ---- in-process benchmark ----
STORE="$WORK/store"
log "running CoreBenchmark: $COUNT x $DIMS into $STORE"
java $VECTOR_MODULE -Xms3g -Xmx3g -XX:+AlwaysPreTouch \
    -cp "$WORK/test-classes:$WORK/classes:$(cat "$WORK/classpath.txt")" \
    dev.geminisearch.bench.CoreBenchmark "$STORE" "$COUNT" "$DIMS" | tee "$WORK/core.out"
IN_PROCESS_MEDIAN="$(sed -n 's/^RESULT search_median_ms=//p' "$WORK/core.out")"

# ---- service start-up: populated store vs empty store, interleaved ----
: > "$WORK/start-populated.txt"
: > "$WORK/start-empty.txt"
for run in $(seq 1 "$STARTUP_RUNS"); do
    for kind in empty populated; do
        port="$(free_port)"
        if [[ "$kind" == populated ]]; then dir="$STORE"; else dir="$WORK/empty-$run"; mkdir -p "$dir"; fi
        logfile="$WORK/service-$kind-$run.log"
        t0="$(now_ns)"
        start_service "$dir" "$port" "$logfile"
        wait_live "$port" "$logfile"
        t1="$(now_ns)"
        ms="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", (b - a) / 1e6 }')"
        echo "$ms" >> "$WORK/start-$kind.txt"
        log "start-up run $run, $kind store: live after $ms ms ($(grep -o 'Started [A-Za-z]* in [0-9.]* seconds[^)]*)' "$logfile" || true))"
        # Keep the last populated instance up for the HTTP search measurement.
        if [[ "$kind" == populated && "$run" == "$STARTUP_RUNS" ]]; then
            SEARCH_PORT="$port"
        else
            stop_service
        fi
    done
done
START_POP="$(percentile "$WORK/start-populated.txt" 0.5 0)"
START_EMPTY="$(percentile "$WORK/start-empty.txt" 0.5 0)"

# ---- HTTP search by itemId vs a liveness GET, interleaved, on the populated store ----
# Seeded item choice, drawn here in the parent shell (RANDOM does not carry over from subshells).
RANDOM=42
ITEMS=()
for _ in $(seq 1 $((HTTP_WARMUP + HTTP_TIMED))); do ITEMS+=("item-$(( (RANDOM * 32768 + RANDOM) % COUNT ))"); done
search_once() {
    local out
    out="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
        -d "{\"itemId\":\"$1\",\"topK\":10}" "http://$HOST:$SEARCH_PORT/search")"
    [[ "${out%% *}" == 200 ]] || { log "POST /search answered ${out%% *}"; return 1; }
    echo "${out#* }"
}
live_once() {
    local out
    out="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "http://$HOST:$SEARCH_PORT/actuator/health/liveness")"
    [[ "${out%% *}" == 200 ]] || { log "liveness answered ${out%% *}"; return 1; }
    echo "${out#* }"
}
log "HTTP: $HTTP_WARMUP warm-up then $HTTP_TIMED timed POST /search by itemId (topK 10), each followed by a liveness GET"
for i in $(seq 0 $((HTTP_WARMUP - 1))); do search_once "${ITEMS[$i]}" > /dev/null; live_once > /dev/null; done
: > "$WORK/http-search.txt"
: > "$WORK/http-live.txt"
for i in $(seq "$HTTP_WARMUP" $((HTTP_WARMUP + HTTP_TIMED - 1))); do
    search_once "${ITEMS[$i]}" | awk '{ printf "%.3f\n", $1 * 1000 }' >> "$WORK/http-search.txt"
    live_once | awk '{ printf "%.3f\n", $1 * 1000 }' >> "$WORK/http-live.txt"
done
stop_service
HTTP_MEDIAN="$(percentile "$WORK/http-search.txt" 0.5)"
HTTP_P99="$(percentile "$WORK/http-search.txt" 0.99)"
LIVE_MEDIAN="$(percentile "$WORK/http-live.txt" 0.5)"

# ---- results ----
DATE="$(date +%F)"
mkdir -p "$ROOT/bench/results"
RESULT_FILE="$ROOT/bench/results/core-$DATE.md"
{
    echo "# Core benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- command: \`bench/core.sh $COUNT $DIMS\` (built from git $REVISION)"
    echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//' || echo unknown)), $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo), load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- java: $(java -version 2>&1 | head -n 1)"
    echo "- data: $COUNT seeded random unit vectors x $DIMS dimensions, file store with fsync per write"
    echo
    echo "| metric | value | baseline | ratio |"
    echo "|---|---|---|---|"
    grep -E '^\| ' "$WORK/core.out" | grep -vE '^\| metric \||^\|---'
    echo "| service start-up to liveness 200, $COUNT-item store (median of $STARTUP_RUNS; runs: $(paste -sd/ "$WORK/start-populated.txt") ms) | $START_POP ms | $START_EMPTY ms with an empty store (runs: $(paste -sd/ "$WORK/start-empty.txt") ms) | $(ratio "$START_POP" "$START_EMPTY")x |"
    echo "| HTTP POST /search by itemId, topK 10, median ($HTTP_TIMED requests) | $HTTP_MEDIAN ms | $LIVE_MEDIAN ms GET liveness | $(ratio "$HTTP_MEDIAN" "$LIVE_MEDIAN")x |"
    echo "| HTTP POST /search by itemId, p99 | $HTTP_P99 ms | $LIVE_MEDIAN ms GET liveness | $(ratio "$HTTP_P99" "$LIVE_MEDIAN")x |"
    echo "| HTTP POST /search median vs in-process search median | $HTTP_MEDIAN ms | $IN_PROCESS_MEDIAN ms in-process | $(ratio "$HTTP_MEDIAN" "$IN_PROCESS_MEDIAN")x |"
} > "$RESULT_FILE"
echo
cat "$RESULT_FILE"
echo
log "written to ${RESULT_FILE#"$ROOT"/}"

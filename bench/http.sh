#!/usr/bin/env bash
# HTTP search benchmarks (see bench/README.md):
#  1. the must-show: POST /search by itemId through the API over 20,000 x 3072 vectors in a memory store,
#     against 2 x the memory-bandwidth floor + 5 ms (SearchLatencyBenchmark, in one JVM);
#  2. load: the packaged service on a file store of 100,000 x 768 vectors, wrk posting
#     {"itemId": <random>, "topK": 10} at 1, 2, 8 and 32 connections: p50 / p99 / requests per second,
#     against wrk on GET /actuator/health/liveness and the in-process search time; for each JVM mode.
#
# Usage:   bench/http.sh [count=100000] [dimensions=768]        (from any directory)
# Env:     MVN (mvn), MVN_ARGS (-o), JAVA (java), JAVA25 (/usr/lib/jvm/temurin-25-jdk-amd64/bin/java),
#          MODES ("17 25 25-virtual": the service on $JAVA; on $JAVA25 (platform threads, the default); on
#          $JAVA25 with spring.threads.virtual.enabled=true), CONNECTIONS ("1 2 8 32"),
#          SEARCH_SECONDS (15), LIVE_SECONDS (5), SERVICE_OPTS (-Xms2g -Xmx2g), MUST_SHOW (1: run step 1),
#          LOAD (1: run step 2),
#          MUST_SHOW_COUNT (20000), MUST_SHOW_DIMS (3072), MUST_SHOW_TIMED (500), GEN_DIR (/dev/shm if
#          present: where the store is generated before it is copied to disk), KEEP_WORK=1 keeps the temp dir,
#          TAG (appended to the result file name)
# Output:  Markdown tables on stdout, also written to bench/results/http-<date>.md
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
COUNT="${1:-100000}"
DIMS="${2:-768}"
MVN="${MVN:-mvn}"
read -r -a MVN_EXTRA <<< "${MVN_ARGS--o}"
JAVA="${JAVA:-java}"
JAVA25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
MODES="${MODES:-17 25 25-virtual}"
CONNECTIONS="${CONNECTIONS:-1 2 8 32}"
SEARCH_SECONDS="${SEARCH_SECONDS:-15}"
LIVE_SECONDS="${LIVE_SECONDS:-5}"
read -r -a SERVICE_FLAGS <<< "${SERVICE_OPTS:--Xms2g -Xmx2g}"
HOST=127.0.0.1
if [[ -z "${GEN_DIR:-}" ]]; then if [[ -d /dev/shm ]]; then GEN_DIR=/dev/shm; else GEN_DIR="${TMPDIR:-/tmp}"; fi; fi

command -v wrk > /dev/null || { echo "wrk is needed (Debian: apt-get install -y wrk)" >&2; exit 1; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/http-bench.XXXXXX")"
GEN="$(mktemp -d "$GEN_DIR/http-bench-store.XXXXXX")"
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
    rm -rf "$GEN"
    if [[ "${KEEP_WORK:-0}" == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "[http.sh $(date +%H:%M:%S)] $*" >&2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then echo "$port"; return 0; fi
    done
    return 1
}

wait_live() {
    local deadline=$(( $(date +%s) + 300 )) code
    while true; do
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://$HOST:$1/actuator/health/liveness" || true)"
        [[ "$code" == 200 ]] && return 0
        if ! kill -0 "$SERVICE_PID" 2>/dev/null || (( $(date +%s) > deadline )); then
            log "the service did not become live; last log lines:"; tail -n 30 "$2" >&2; return 1
        fi
        sleep 0.1
    done
}

# ---- build ----
log "building the jar and test classes (mvn ${MVN_EXTRA[*]:-} -q -DskipTests package)"
"$MVN" "${MVN_EXTRA[@]}" -q -DskipTests package
"$MVN" "${MVN_EXTRA[@]}" -q dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt"
REVISION="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
DIRTY="$(git -C "$ROOT" status --porcelain -- src pom.xml 2>/dev/null | wc -l | tr -d ' ')"
if [[ "$DIRTY" != 0 ]]; then REVISION="$REVISION + $DIRTY uncommitted change(s) in src or pom.xml"; fi
cp "$(ls target/*.jar | grep -v -- '-sources\|-javadoc' | head -n 1)" "$WORK/service.jar"
cp -r target/classes "$WORK/classes"
cp -r target/test-classes "$WORK/test-classes"
CP="$WORK/test-classes:$WORK/classes:$(cat "$WORK/classpath.txt")"

DATE="$(date +%F)"
mkdir -p "$ROOT/bench/results"
RESULT_FILE="$ROOT/bench/results/http-$DATE${TAG:+-$TAG}.md"
{
    echo "# HTTP search benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- command: \`bench/http.sh $COUNT $DIMS\` (built from git $REVISION; MODES=\"$MODES\", CONNECTIONS=\"$CONNECTIONS\", SEARCH_SECONDS=$SEARCH_SECONDS, LIVE_SECONDS=$LIVE_SECONDS, SERVICE_OPTS=\"${SERVICE_FLAGS[*]}\")"
    echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//' || echo unknown)), $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- java: \`$JAVA\` = $("$JAVA" -version 2>&1 | head -n 1); java 25: \`$JAVA25\` = $("$JAVA25" -version 2>&1 | head -n 1 || echo missing)"
    echo "- wrk: $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2), on the same machine as the service"
} > "$WORK/header.md"

# ---- 1. the must-show ----
if [[ "${MUST_SHOW:-1}" == 1 ]]; then
    for java_bin in "$JAVA" "$JAVA25"; do
        log "must-show: SearchLatencyBenchmark ${MUST_SHOW_COUNT:-20000} x ${MUST_SHOW_DIMS:-3072} on $java_bin"
        "$java_bin" -Xms3g -Xmx3g -XX:+AlwaysPreTouch -cp "$CP" dev.geminisearch.bench.SearchLatencyBenchmark \
            "${MUST_SHOW_COUNT:-20000}" "${MUST_SHOW_DIMS:-3072}" "${MUST_SHOW_TIMED:-500}" 2>&1 | grep -v ' WARN ' \
            | tee -a "$WORK/must-show.out"
    done
fi

if [[ "${LOAD:-1}" == 1 ]]; then
# ---- 2. the store, generated through the store's API on tmpfs, then copied to disk ----
log "generating $COUNT x $DIMS into $GEN (StoreGenerator; fsync is free on tmpfs)"
"$JAVA" -Xmx4g -cp "$CP" dev.geminisearch.bench.StoreGenerator "$GEN/store" "$COUNT" "$DIMS" 200 | tee "$WORK/generate.out"
IN_PROCESS_MEDIAN="$(sed -n 's/^RESULT search_median_ms=//p' "$WORK/generate.out")"
IN_PROCESS_P99="$(sed -n 's/^RESULT search_p99_ms=//p' "$WORK/generate.out")"
cp -r "$GEN/store" "$WORK/store"
rm -rf "$GEN/store"
rm -f "$WORK/store/store.lock"

cat > "$WORK/search.lua" <<LUA
math.randomseed(42)
local count = $COUNT
request = function()
    return wrk.format("POST", "/search", {["Content-Type"] = "application/json"},
        '{"itemId":"item-' .. math.random(0, count - 1) .. '","topK":10}')
end
done = function(summary, latency, requests)
    io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\n", summary.requests,
        summary.duration, latency:percentile(50), latency:percentile(99),
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
LUA
cat > "$WORK/live.lua" <<'LUA'
done = function(summary, latency, requests)
    io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\n", summary.requests,
        summary.duration, latency:percentile(50), latency:percentile(99),
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
LUA

# run_wrk SCRIPT PATH CONNECTIONS SECONDS -> "p50_ms p99_ms rps errors"
run_wrk() {
    local out
    out="$(wrk -t1 -c"$3" -d"$4"s --timeout 10s -s "$1" "http://$HOST:$PORT$2" | grep '^RESULT')"
    awk -v line="$out" 'BEGIN {
        n = split(line, kv, /[ =]/); for (i = 2; i < n; i += 2) v[kv[i]] = kv[i + 1];
        printf "%.2f %.2f %.0f %d", v["p50_us"] / 1000, v["p99_us"] / 1000, v["requests"] / (v["duration_us"] / 1e6), v["errors"] }'
}

# probe_during FILE SECONDS: one liveness GET every 200 ms for SECONDS, its time in ms a line
probe_during() {
    local end=$(( $(date +%s) + $2 ))
    : > "$1"
    while (( $(date +%s) < end )); do
        curl -s -o /dev/null -w '%{time_total}\n' --max-time 10 "http://$HOST:$PORT/actuator/health/liveness" \
            | awk '{ printf "%.3f\n", $1 * 1000 }' >> "$1" || true
        sleep 0.2
    done
}

# prometheus METRIC_PREFIX -> "sum count" of a timer
timer() {
    curl -s "http://$HOST:$PORT/actuator/prometheus" | awk -v m="$1" '
        $1 ~ "^" m "_seconds_sum" { s += $2 } $1 ~ "^" m "_seconds_count" { c += $2 } END { printf "%.6f %d", s, c }'
}

echo "| JVM | connections | search p50 | search p99 | search req/s | liveness p50 | liveness p99 | liveness req/s | search p50 / liveness p50 | in-service store.search mean | liveness probe during the search load, median / max (probes) | search errors |" > "$WORK/load.md"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|" >> "$WORK/load.md"
for mode in $MODES; do
    case "$mode" in
        17) java_bin="$JAVA"; extra=() ;;
        25) java_bin="$JAVA25"; extra=() ;;
        25-virtual) java_bin="$JAVA25"; extra=(--spring.threads.virtual.enabled=true) ;;
        25-platform) java_bin="$JAVA25"; extra=(--spring.threads.virtual.enabled=false) ;;
        *) echo "unknown mode $mode" >&2; exit 2 ;;
    esac
    PORT="$(free_port)"
    logfile="$WORK/service-$mode.log"
    t0=$(date +%s%N)
    env -u GEMINI_API_KEY -u GOOGLE_API_KEY -u AUTH_API_KEYS -u STORE_TYPE -u STORE_PATH \
        "$java_bin" "${SERVICE_FLAGS[@]}" -jar "$WORK/service.jar" --server.address="$HOST" --server.port="$PORT" \
        --store.type=file --store.path="$WORK/store" --embedding.dimensions="$DIMS" "${extra[@]}" > "$logfile" 2>&1 &
    SERVICE_PID=$!
    wait_live "$PORT" "$logfile"
    log "mode $mode: live after $(( ($(date +%s%N) - t0) / 1000000 )) ms on $("$java_bin" -version 2>&1 | head -n 1)"
    log "mode $mode: warm-up, wrk 1 connection for 10 s"
    run_wrk "$WORK/search.lua" /search 1 10 > /dev/null
    for c in $CONNECTIONS; do
        read -r lp50 lp99 lrps lerr <<< "$(run_wrk "$WORK/live.lua" /actuator/health/liveness "$c" "$LIVE_SECONDS")"
        read -r s0 n0 <<< "$(timer store_search)"
        # A light probe beside the search load (curl every 200 ms), as a liveness check would see the service.
        probe_during "$WORK/probe-$mode-$c.txt" "$SEARCH_SECONDS" &
        probe_pid=$!
        read -r sp50 sp99 srps serr <<< "$(run_wrk "$WORK/search.lua" /search "$c" "$SEARCH_SECONDS")"
        wait "$probe_pid" || true
        read -r s1 n1 <<< "$(timer store_search)"
        probe="$(sort -n "$WORK/probe-$mode-$c.txt" | awk '{ v[NR] = $1 } END { if (NR) printf "%.1f / %.1f ms (%d)", v[int((NR + 1) / 2)], v[NR], NR; else print "n/a" }')"
        store_mean="$(awk -v a="$s0" -v b="$s1" -v m="$n0" -v n="$n1" 'BEGIN { if (n > m) printf "%.2f", (b - a) / (n - m) * 1000; else print "n/a" }')"
        log "mode $mode, $c connections: search p50 $sp50 ms p99 $sp99 ms $srps req/s ($serr errors); liveness p50 $lp50 ms p99 $lp99 ms $lrps req/s; store.search mean $store_mean ms; liveness probe during the search load (median / max) $probe"
        echo "| $mode | $c | $sp50 ms | $sp99 ms | $srps | $lp50 ms | $lp99 ms | $lrps | $(ratio "$sp50" "$lp50")x | $store_mean ms | $probe | $serr |" >> "$WORK/load.md"
    done
    stop_service
done
fi

{
    cat "$WORK/header.md"
    if [[ -s "$WORK/must-show.out" ]]; then
        echo
        echo "## Must-show: POST /search by itemId over ${MUST_SHOW_COUNT:-20000} x ${MUST_SHOW_DIMS:-3072}, memory store, one request at a time"
        echo
        grep -E '^(SearchLatencyBenchmark|virtual threads|floor|HTTP POST)' "$WORK/must-show.out" | sed 's/^/    /'
        echo
        awk '/^SearchLatencyBenchmark/ { jvm = $0; sub(/.*java /, "", jvm); sub(/,.*/, "", jvm); print ""; print "Java " jvm ":"; print "" }
             /^\|/ { print }' "$WORK/must-show.out"
    fi
    if [[ -s "$WORK/load.md" ]]; then
        echo
        echo "## Load: $COUNT x $DIMS file store, packaged service, wrk -t1"
        echo
        echo "In-process single-threaded store.search (StoreGenerator, topK 11, 200 stored vectors as queries): median $IN_PROCESS_MEDIAN ms, p99 $IN_PROCESS_P99 ms."
        echo
        cat "$WORK/load.md"
    fi
    echo
    echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$RESULT_FILE"
echo
cat "$RESULT_FILE"
log "written to ${RESULT_FILE#"$ROOT"/}"

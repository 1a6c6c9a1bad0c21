#!/usr/bin/env bash
# Start-up and memory with a big file store (see bench/README.md): generates COUNT x DIMENSIONS text
# items through the store's public API, then measures
#  1. the store's open alone (StoreOpenBenchmark): wall time against a raw read of its files, heap per
#     item; once more under JFR, and where the open's CPU samples went (JfrProfile);
#  2. the packaged service: start-up to liveness 200 on the populated store against an empty store
#     (interleaved runs), resident memory (VmRSS) at liveness and after a full GC, heap used after a
#     full GC, per item against the raw vector (4 x d bytes); the class histogram of the last
#     populated run (what the per-item objects are).
#
# Usage:   bench/startup.sh [count=1000000] [dimensions=768]       (from any directory)
# Env:     MVN (mvn), MVN_ARGS (-o), JAVA (java; jcmd is taken from the same JDK), SERVICE_OPTS (-Xmx8g),
#          GEN_OPTS (-Xmx10g), STARTUP_RUNS (2), GEN_DIR (/dev/shm if present: the store is generated
#          there, where fsync costs nothing, then copied to disk), STORE_DIR (an existing store of COUNT x
#          DIMENSIONS to use instead of generating one; used in place), PROFILE (1: the JFR run), KEEP_WORK=1,
#          TAG (appended to the result file name)
# Output:  Markdown on stdout, also written to bench/results/startup-<date>.md
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
COUNT="${1:-1000000}"
DIMS="${2:-768}"
MVN="${MVN:-mvn}"
read -r -a MVN_EXTRA <<< "${MVN_ARGS--o}"
JAVA="${JAVA:-java}"
JDK_BIN="$(dirname "$(readlink -f "$(command -v "$JAVA")")")"
JCMD="$JDK_BIN/jcmd"
read -r -a SERVICE_FLAGS <<< "${SERVICE_OPTS:--Xmx8g}"
read -r -a GEN_FLAGS <<< "${GEN_OPTS:--Xmx10g}"
STARTUP_RUNS="${STARTUP_RUNS:-2}"
HOST=127.0.0.1
if [[ -z "${GEN_DIR:-}" ]]; then if [[ -d /dev/shm ]]; then GEN_DIR=/dev/shm; else GEN_DIR="${TMPDIR:-/tmp}"; fi; fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/startup-bench.XXXXXX")"
GEN="$(mktemp -d "$GEN_DIR/startup-bench-store.XXXXXX")"
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
log() { echo "[startup.sh $(date +%H:%M:%S)] $*" >&2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%d", v[(NR + 1) / 2]; else printf "%d", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then echo "$port"; return 0; fi
    done
    return 1
}

wait_live() {
    local deadline=$(( $(date +%s) + 600 )) code
    while true; do
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://$HOST:$1/actuator/health/liveness" || true)"
        [[ "$code" == 200 ]] && return 0
        if ! kill -0 "$SERVICE_PID" 2>/dev/null || (( $(date +%s) > deadline )); then
            log "the service did not become live; last log lines:"; tail -n 30 "$2" >&2; return 1
        fi
        sleep 0.05
    done
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
# used heap in KiB after a full GC (jcmd GC.run, then GC.heap_info's "used")
heap_used_kib() {
    "$JCMD" "$1" GC.run > /dev/null
    sleep 1
    "$JCMD" "$1" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); print v; exit } }'
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
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the store ----
if [[ -n "${STORE_DIR:-}" ]]; then
    STORE="$STORE_DIR"
    LOG_BYTES="$(stat -c %s "$STORE/items.log")"
    echo "wrote nothing: using the existing store $STORE ($LOG_BYTES bytes of log)" > "$WORK/generate.out"
    log "using the existing store $STORE"
else
    log "generating $COUNT x $DIMS into $GEN (StoreGenerator ${GEN_FLAGS[*]}; fsync costs nothing on tmpfs)"
    "$JAVA" "${GEN_FLAGS[@]}" -cp "$CP" dev.geminisearch.bench.StoreGenerator "$GEN/store" "$COUNT" "$DIMS" 0 | tee "$WORK/generate.out"
    LOG_BYTES="$(sed -n 's/^RESULT log_bytes=//p' "$WORK/generate.out")"
    log "copying the store to disk ($WORK/store)"
    cp -r "$GEN/store" "$WORK/store"
    rm -rf "$GEN/store"
    rm -f "$WORK/store/store.lock"
    sync
    STORE="$WORK/store"
fi

# ---- 1. the store's open alone ----
log "StoreOpenBenchmark (${SERVICE_FLAGS[*]})"
"$JAVA" "${SERVICE_FLAGS[@]}" -cp "$CP" dev.geminisearch.bench.StoreOpenBenchmark "$STORE" "$DIMS" | tee "$WORK/open.out"
if [[ "${PROFILE:-1}" == 1 ]]; then
    log "StoreOpenBenchmark under JFR (profile settings), then JfrProfile"
    "$JAVA" "${SERVICE_FLAGS[@]}" -XX:StartFlightRecording=filename="$WORK/open.jfr",settings=profile \
        -cp "$CP" dev.geminisearch.bench.StoreOpenBenchmark "$STORE" "$DIMS" > "$WORK/open-jfr.out" 2>&1
    "$JAVA" -cp "$CP" dev.geminisearch.bench.JfrProfile "$WORK/open.jfr" FileVectorStore.open 15 | tee "$WORK/profile.md"
fi

log "KeywordIndexCostBenchmark: the keyword index alone, $COUNT items"
"$JAVA" -Xmx4g -cp "$CP" dev.geminisearch.bench.KeywordIndexCostBenchmark "$COUNT" | tee "$WORK/keywords.out"

# ---- 2. the service: start-up, RSS, heap ----
: > "$WORK/start-empty.txt"; : > "$WORK/start-populated.txt"
for run in $(seq 1 "$STARTUP_RUNS"); do
    for kind in empty populated; do
        if [[ "$kind" == populated ]]; then dir="$STORE"; else dir="$WORK/empty-$run"; mkdir -p "$dir"; fi
        port="$(free_port)"
        logfile="$WORK/service-$kind-$run.log"
        t0=$(date +%s%N)
        env -u GEMINI_API_KEY -u GOOGLE_API_KEY -u AUTH_API_KEYS -u STORE_TYPE -u STORE_PATH \
            "$JAVA" "${SERVICE_FLAGS[@]}" -jar "$WORK/service.jar" --server.address="$HOST" --server.port="$port" \
            --store.type=file --store.path="$dir" --embedding.dimensions="$DIMS" > "$logfile" 2>&1 &
        SERVICE_PID=$!
        wait_live "$port" "$logfile"
        ms=$(( ($(date +%s%N) - t0) / 1000000 ))
        echo "$ms" >> "$WORK/start-$kind.txt"
        rss_live="$(rss_kib "$SERVICE_PID")"
        heap="$(heap_used_kib "$SERVICE_PID")"
        rss_gc="$(rss_kib "$SERVICE_PID")"
        echo "$rss_live $rss_gc $heap" >> "$WORK/mem-$kind.txt"
        log "run $run, $kind store: live after $ms ms; RSS $((rss_live / 1024)) MiB at liveness, $((rss_gc / 1024)) MiB after a full GC; heap used $((heap / 1024)) MiB ($(grep -o 'Started [A-Za-z]* in [0-9.]* seconds' "$logfile" || true))"
        if [[ "$kind" == populated && "$run" == "$STARTUP_RUNS" ]]; then
            "$JCMD" "$SERVICE_PID" GC.class_histogram > "$WORK/histogram.txt"
            grep -E 'opened the file store|Started ' "$logfile" | sed 's/^/    /' > "$WORK/service-log-lines.txt" || true
        fi
        stop_service
    done
done
START_POP="$(median "$WORK/start-populated.txt")"
START_EMPTY="$(median "$WORK/start-empty.txt")"
# memory: the last run of each kind
read -r RSS_POP RSS_GC_POP HEAP_POP <<< "$(tail -n 1 "$WORK/mem-populated.txt")"
read -r RSS_EMPTY RSS_GC_EMPTY HEAP_EMPTY <<< "$(tail -n 1 "$WORK/mem-empty.txt")"
RAW=$((DIMS * 4))
META="$(awk -v b="$LOG_BYTES" -v n="$COUNT" -v raw="$RAW" 'BEGIN { printf "%.0f", b / n - raw }')"
per_item() { awk -v a="$1" -v b="$2" -v n="$COUNT" 'BEGIN { printf "%.0f", (a - b) * 1024 / n }'; }
RSS_PER="$(per_item "$RSS_POP" "$RSS_EMPTY")"
RSS_GC_PER="$(per_item "$RSS_GC_POP" "$RSS_GC_EMPTY")"
HEAP_PER="$(per_item "$HEAP_POP" "$HEAP_EMPTY")"
BOUND="$(awk -v raw="$RAW" -v m="$META" 'BEGIN { printf "%.0f", 1.2 * raw + m }')"

DATE="$(date +%F)"
mkdir -p "$ROOT/bench/results"
RESULT_FILE="$ROOT/bench/results/startup-$DATE${TAG:+-$TAG}.md"
{
    echo "# Start-up and memory benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- command: \`bench/startup.sh $COUNT $DIMS\` (built from git $REVISION; SERVICE_OPTS=\"${SERVICE_FLAGS[*]}\", STARTUP_RUNS=$STARTUP_RUNS)"
    echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//' || echo unknown)), $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo), load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- java: $("$JAVA" -version 2>&1 | head -n 1)"
    echo "- store: $COUNT text items x $DIMS dimensions, $(grep -m1 '^wrote' "$WORK/generate.out") (generated through FileVectorStore's API on ${GEN_DIR}, then copied to disk; the page cache is warm)"
    echo "- raw sizes per item: vector $RAW B; everything else in the log record (id, text, metadata, framing) $META B"
    echo
    echo "| metric | value | baseline | ratio |"
    echo "|---|---|---|---|"
    echo "| service start-up to liveness 200, $COUNT-item store (median of $STARTUP_RUNS; runs: $(paste -sd/ "$WORK/start-populated.txt") ms) | $START_POP ms | $START_EMPTY ms with an empty store (runs: $(paste -sd/ "$WORK/start-empty.txt") ms) | $(ratio "$START_POP" "$START_EMPTY")x |"
    echo "| service start-up, populated, vs the 15 s target | $START_POP ms | 15000 ms | $(ratio "$START_POP" 15000)x |"
    echo "| FileVectorStore.open alone (fresh JVM) | $(sed -n 's/^RESULT open_ms=//p' "$WORK/open.out") ms | $(sed -n 's/^RESULT raw_read_ms=//p' "$WORK/open.out") ms raw sequential read of the store's files | $(ratio "$(sed -n 's/^RESULT open_ms=//p' "$WORK/open.out")" "$(sed -n 's/^RESULT raw_read_ms=//p' "$WORK/open.out")")x |"
    echo "| RSS per item at liveness ((populated - empty) / items; $((RSS_POP / 1024)) vs $((RSS_EMPTY / 1024)) MiB) | $RSS_PER B | $RAW B raw vector | $(ratio "$RSS_PER" "$RAW")x |"
    echo "| RSS per item after a full GC ($((RSS_GC_POP / 1024)) vs $((RSS_GC_EMPTY / 1024)) MiB) | $RSS_GC_PER B | $RAW B raw vector | $(ratio "$RSS_GC_PER" "$RAW")x |"
    echo "| heap used per item after a full GC ($((HEAP_POP / 1024)) vs $((HEAP_EMPTY / 1024)) MiB) | $HEAP_PER B | $RAW B raw vector | $(ratio "$HEAP_PER" "$RAW")x |"
    echo "| RSS per item after a full GC vs the target 1.2 x raw + metadata | $RSS_GC_PER B | $BOUND B = 1.2 x $RAW + $META | $(ratio "$RSS_GC_PER" "$BOUND")x |"
    echo "| keyword index alone (a replica of KeywordIndex.put, one thread): time | $(sed -n 's/^RESULT keyword_index_s=//p' "$WORK/keywords.out") s wall, $(sed -n 's/^RESULT keyword_index_process_cpu_s=//p' "$WORK/keywords.out") s process CPU | $(awk -v ms="$(sed -n 's/^RESULT open_ms=//p' "$WORK/open.out")" 'BEGIN { printf "%.1f", ms / 1000 }') s the whole store open | $(awk -v k="$(sed -n 's/^RESULT keyword_index_s=//p' "$WORK/keywords.out")" -v ms="$(sed -n 's/^RESULT open_ms=//p' "$WORK/open.out")" 'BEGIN { printf "%.2f", k * 1000 / ms }')x |"
    echo "| keyword index alone: heap per item | $(sed -n 's/^RESULT keyword_index_bytes_per_item=//p' "$WORK/keywords.out") B | $RAW B raw vector | $(ratio "$(sed -n 's/^RESULT keyword_index_bytes_per_item=//p' "$WORK/keywords.out")" "$RAW")x |"
    echo "| heap per item in the store's JVM alone (StoreOpenBenchmark) | $(sed -n 's/^RESULT heap_per_item=//p' "$WORK/open.out") B | $RAW B raw vector | $(ratio "$(sed -n 's/^RESULT heap_per_item=//p' "$WORK/open.out")" "$RAW")x |"
    echo
    echo "Store open:"
    echo
    grep -E '^(raw read|FileVectorStore.open|heap held)' "$WORK/open.out" | sed 's/^/    /'
    grep -E '^indexed' "$WORK/keywords.out" | sed 's/^/    keyword index alone: /'
    echo
    echo "Service log of the last populated start:"
    echo
    cat "$WORK/service-log-lines.txt"
    if [[ -s "$WORK/profile.md" ]]; then
        echo
        echo "## Where FileVectorStore.open spends its CPU (JFR execution samples)"
        echo
        cat "$WORK/profile.md"
    fi
    echo
    echo "## Heap by class in the service with $COUNT items (jcmd GC.class_histogram, after its full GC), top 25"
    echo
    echo "| class | instances | bytes | per item | instances per item |"
    echo "|---|---|---|---|---|"
    awk -v n="$COUNT" '/^ *[0-9]+:/ && $4 != "" && c < 25 { c++; printf "| `%s` | %d | %.1f MiB | %.0f B | %.2f |\n", $4, $2, $3 / 1048576, $3 / n, $2 / n }' "$WORK/histogram.txt"
    awk -v n="$COUNT" '/^Total/ { printf "| total | %d | %.1f MiB | %.0f B | |\n", $2, $3 / 1048576, $3 / n }' "$WORK/histogram.txt"
} > "$RESULT_FILE"
echo
cat "$RESULT_FILE"
log "written to ${RESULT_FILE#"$ROOT"/}"

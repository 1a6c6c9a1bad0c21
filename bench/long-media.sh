#!/usr/bin/env bash
# Long-media ingest memory benchmark (issue 5): does the service's heap stay flat while a ~500 MiB
# video is uploaded as multipart, split into segments by a job and embedded? Each video is ingested
# by a fresh service (file store, small heap) talking to a streaming fake Gemini; the baseline is a
# small (~20 MiB) video ingested the same way in the same run. See bench/README.md.
#
# Usage:   bench/long-media.sh                      (from any directory)
# Env:     HEAP (256m), CASES ("small long dense"), SMALL_MIB (20), SMALL_SECONDS (just long enough for
#          CONCURRENCY segments of 110 s: 425 for 4), BIG_MIB (500), DENSE_SECONDS (300),
#          CONCURRENCY (INGEST_SEGMENT_CONCURRENCY, 4), SMALL_REPEAT (5: the baseline is ingested this
#          many times in a row, for as many GC pauses as a big video gets), SAMPLE_MS (100), LIVE_EVERY (1: a full GC
#          every second of each ingest measures the live heap; 0 turns it off), JAVA_OPTS (more service JVM
#          options), MVN (mvn), MVN_ARGS (e.g. -o), KEEP_WORK=1 (keep the temp directory).
#          Diagnosis (each perturbs the heap figures of its run): ALLOCATIONS=1 records every
#          allocation of >= 1 MiB with its stack (JFR) and tables them by call site; HEAPDUMP=1 takes a
#          heap dump (live objects: a full GC) every HEAPDUMP_EVERY (2) s of each ingest and shows, for
#          the largest, who holds each array of >= HEAPDUMP_MIN_BYTES (1 MiB) (HeapReferrers).
# Output:  Markdown tables on stdout, also written to bench/results/long-media-<date>.md
#          (-<heap> appended when HEAP is not 256m).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

HEAP="${HEAP:-256m}"
CASES="${CASES:-small long dense}"
CONCURRENCY="${CONCURRENCY:-4}"
SMALL_MIB="${SMALL_MIB:-20}"
# The baseline must keep as many segments in flight as the big videos do (all CONCURRENCY of them),
# or a big video's heap would look larger only because more of its segments are embedded at once:
# with 110 s windows sharing 5 s, N segments need 110 + (N - 1) * 105 s (N at least 2, to be long media).
SMALL_SECONDS="${SMALL_SECONDS:-$(( 110 + ((CONCURRENCY > 2 ? CONCURRENCY : 2) - 1) * 105 ))}"
BIG_MIB="${BIG_MIB:-500}"
DENSE_SECONDS="${DENSE_SECONDS:-300}"
SAMPLE_MS="${SAMPLE_MS:-100}"
SMALL_REPEAT="${SMALL_REPEAT:-5}"
LIVE_EVERY="${LIVE_EVERY:-1}"
ALLOCATIONS="${ALLOCATIONS:-0}"
HEAPDUMP="${HEAPDUMP:-0}"
HEAPDUMP_EVERY="${HEAPDUMP_EVERY:-2}"
HEAPDUMP_MIN_BYTES="${HEAPDUMP_MIN_BYTES:-1048576}"
MVN="${MVN:-mvn}"
read -r -a MVN_EXTRA <<< "${MVN_ARGS:-}"
read -r -a SERVICE_JAVA_OPTS <<< "${JAVA_OPTS:-}"
HOST=127.0.0.1
AUDIO_BITRATE=16000

WORK="$(mktemp -d "${TMPDIR:-/tmp}/long-media-bench.XXXXXX")"
SERVICE_PID=""
FAKE_PID=""
SAMPLER_PID=""
DUMPER_PID=""
LIVE_PID=""

stop_pid() { # stop_pid PID: TERM, then wait for it
    if [[ -n "$1" ]]; then
        kill -TERM "$1" 2>/dev/null || true
        wait "$1" 2>/dev/null || true
    fi
}

cleanup() {
    stop_pid "$DUMPER_PID"; DUMPER_PID=""
    stop_pid "$LIVE_PID"; LIVE_PID=""
    stop_pid "$SAMPLER_PID"; SAMPLER_PID=""
    stop_pid "$SERVICE_PID"; SERVICE_PID=""
    stop_pid "$FAKE_PID"; FAKE_PID=""
    if [[ "${KEEP_WORK:-0}" == 1 ]]; then
        echo "kept $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[long-media.sh $(date +%H:%M:%S)] $*" >&2; }
now_ns() { date +%s%N; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a "; else printf "%.2f", a / b }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
per_mib() { awk -v s="$1" -v b="$2" 'BEGIN { printf "%.3f", s / (b / 1048576) }'; }

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

# ---- build ----
log "building the jar and test classes (mvn ${MVN_EXTRA[*]:-} -q -DskipTests package)"
"$MVN" "${MVN_EXTRA[@]}" -q -DskipTests package
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
FAKE_CP="$WORK/test-classes:$WORK/classes:$(cat "$WORK/classpath.txt")"

# ---- videos ----
# H.264 at a constant bitrate (x264's CBR with filler data, so the size is what was asked whatever
# the picture), 5 fps with a key frame every 5 s (so that segments are stream-copied, as most real
# files allow), and an AAC tone.   make_video FILE SECONDS MIB
make_video() {
    local total video_bits
    total="$(awk -v m="$3" -v s="$2" 'BEGIN { printf "%d", m * 1048576 * 8 / s }')"
    video_bits=$(( total - AUDIO_BITRATE - total / 500 )) # ~0.2% for the container
    ffmpeg -nostdin -hide_banner -loglevel error -y \
        -f lavfi -i "testsrc2=size=320x180:rate=5" -f lavfi -i "sine=frequency=440:sample_rate=8000" -t "$2" \
        -c:v libx264 -preset ultrafast -g 25 -sc_threshold 0 -pix_fmt yuv420p \
        -b:v "$video_bits" -minrate "$video_bits" -maxrate "$video_bits" -bufsize "$video_bits" \
        -x264-params nal-hrd=cbr:force-cfr=1 -c:a aac -b:a "$AUDIO_BITRATE" -f mp4 "$1"
}

mkdir -p "$WORK/media"
declare -A VIDEO SECONDS_OF
for name in $CASES; do
    case "$name" in
        small) SECONDS_OF[$name]="$SMALL_SECONDS"; size="$SMALL_MIB" ;;
        # The baseline's bitrate, so that its segments are as large as the baseline's: only the length grows.
        long) SECONDS_OF[$name]="$(awk -v s="$SMALL_SECONDS" -v a="$BIG_MIB" -v b="$SMALL_MIB" 'BEGIN { printf "%d", s * a / b }')"; size="$BIG_MIB" ;;
        # The same size in a few minutes: the bitrate makes segments as large as Gemini's inline limit allows.
        dense) SECONDS_OF[$name]="$DENSE_SECONDS"; size="$BIG_MIB" ;;
        *) echo "unknown case $name (small, long, dense)" >&2; exit 2 ;;
    esac
    VIDEO[$name]="$WORK/media/$name.mp4"
    t0="$(now_ns)"
    make_video "${VIDEO[$name]}" "${SECONDS_OF[$name]}" "$size"
    log "made $name.mp4: ${SECONDS_OF[$name]} s, $(mib "$(stat -c %s "${VIDEO[$name]}")") MiB in $(secs "$t0" "$(now_ns)") s"
done

# ---- measurement helpers ----
# The collecting GC pauses logged after line FROM of GCLOG, as "before after" in MiB (G1 lines such
# as "GC(7) Pause Young (Normal) (G1 Evacuation Pause) 120M->34M(256M) 5.1ms"). Remark and Cleanup
# pauses are left out: they print the occupancy of the moment, garbage included, not what survived.
pauses() {
    tail -n +"$(( $2 + 1 ))" "$1" | { grep -E 'Pause (Young|Full)' || true; } | { grep -oE '[0-9]+M->[0-9]+M' || true; } \
        | tr -d M | tr -- '->' '  '
}
max_after_gc() { pauses "$1" "$2" | awk '$NF > max { max = $NF } END { if (NR) print max; else print "-" }'; }
pause_count() { pauses "$1" "$2" | wc -l | tr -d ' '; }
# The median heap after GC over the first and over the last quarter of those pauses ("first last"):
# heap that stayed behind segment after segment would make the second larger than the first.
quarter_medians() {
    pauses "$1" "$2" | awk '{ v[NR] = $2 }
        function median(from, to,   n, i, j, t, a) {
            n = 0; for (i = from; i <= to; i++) a[++n] = v[i]
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        END { if (NR < 4) { print "- -"; exit } q = int(NR / 4); print median(1, q), median(NR - q + 1, NR) }'
}
gc_lines() { wc -l < "$1" | tr -d ' '; }

# full_gc: a full GC in the service (jcmd GC.run); prints the live heap after it, in MiB.
full_gc() {
    local log="$1" before; before="$(grep -c 'Pause Full' "$log" || true)"
    jcmd "$SERVICE_PID" GC.run > /dev/null
    for _ in $(seq 1 100); do (( $(grep -c 'Pause Full' "$log" || true) > before )) && break; sleep 0.05; done
    { grep 'Pause Full' "$log" || true; } | tail -n 1 | { grep -oE '[0-9]+M->[0-9]+M' || echo "?->?M"; } \
        | sed -E 's/.*->([0-9?]+)M/\1/'
}

# Samples the heap from the JVM's perf counters (no safepoint, no request to the service) every
# SAMPLE_MS into FILE; max_sampled FILE gives the largest used heap seen (survivors + eden + old), MiB.
start_sampler() {
    jstat -gc "$SERVICE_PID" "$SAMPLE_MS" > "$1" 2>/dev/null &
    SAMPLER_PID=$!
    # jstat takes a moment to attach: measure only once it samples.
    for _ in $(seq 1 100); do [[ -f "$1" ]] && (( $(wc -l < "$1") >= 2 )) && break; sleep 0.05; done
}
stop_sampler() { stop_pid "$SAMPLER_PID"; SAMPLER_PID=""; }
max_sampled() {
    awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
         $1 == "S0C" { next }
         { used = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; if (used > max) max = used }
         END { printf "%.0f", max / 1024 }' "$1"
}

# A full GC (jcmd GC.run, logged as "Pause Full (Diagnostic Command)") every LIVE_EVERY s: what
# survives it is the live heap of that moment, which no other figure here measures directly.
start_live_sampler() {
    ( set +e
      while kill -0 "$SERVICE_PID" 2>/dev/null; do
          jcmd "$SERVICE_PID" GC.run > /dev/null 2>&1
          sleep "$LIVE_EVERY"
      done ) > /dev/null 2>&1 &
    LIVE_PID=$!
}
# "median max count" of the live heap after those full GCs logged after line FROM of GCLOG, in MiB.
live_stats() {
    tail -n +"$(( $2 + 1 ))" "$1" | { grep 'Pause Full (Diagnostic Command)' || true; } \
        | { grep -oE '[0-9]+M->[0-9]+M' || true; } | sed -E 's/.*->([0-9]+)M/\1/' | sort -n \
        | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - 0"; exit }
                 m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[NR], NR }'
}

# A heap dump (live objects: each is a full GC) every HEAPDUMP_EVERY s; only the largest is kept, as FILE.
start_heap_dumps() {
    ( set +e +o pipefail
      n=0
      while kill -0 "$SERVICE_PID" 2>/dev/null; do
          n=$((n + 1))
          jcmd "$SERVICE_PID" GC.heap_dump "$1.$n" > /dev/null 2>&1
          if [[ -f "$1.$n" ]]; then
              if [[ ! -f "$1" ]] || (( $(stat -c %s "$1.$n") > $(stat -c %s "$1") )); then mv "$1.$n" "$1"; else rm -f "$1.$n"; fi
          fi
          sleep "$HEAPDUMP_EVERY"
      done ) > /dev/null 2>&1 &
    DUMPER_PID=$!
}

# Allocations of >= 1 MiB in a JFR recording, summed by call site: the allocating JDK frame, the
# google-genai / OkHttp frames, and the first frame of ours.   allocation_sites FILE.jfr
allocation_sites() {
    jfr print --json --events jdk.ObjectAllocationOutsideTLAB --stack-depth 64 "$1" | jq -r '
        .recording.events[] | .values | select(.allocationSize >= 1048576)
        | ((.stackTrace.frames // []) | map(.method.type.name + "." + .method.name + ":" + (.lineNumber | tostring))) as $f
        | [.allocationSize, $f[0],
           ($f | map(select(test("^(com/google/genai|okhttp3)/"))) | map(sub("^com/google/genai/"; "")) | join(" < ")),
           (($f | map(select(test("^dev/geminisearch/"))) | .[0]) // "-")] | @tsv' \
    | awk -F'\t' '{ k = $2 "\t" $3 "\t" $4; s[k] += $1; n[k]++ }
        END { for (k in s) printf "%.1f\t%d\t%s\n", s[k] / 1048576, n[k], k }' | sort -t$'\t' -k1,1 -rn
}

vm_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
json_field() { jq -r "$2" "$1" 2>/dev/null || echo "?"; }

declare -A R # results, keyed "case.metric"

run_case() {
    local name="$1" video="$2" dir="$WORK/$1" port fake_port url t0 t1 t_end status location out code mark
    mkdir -p "$dir/store" "$dir/tmp"
    R[$name.bytes]="$(stat -c %s "$video")"
    R[$name.seconds]="${SECONDS_OF[$name]}"

    java -Xmx256m -cp "$FAKE_CP" dev.geminisearch.bench.StreamingFakeGemini 0 "$dir/fake.port" > "$dir/fake.log" 2>&1 &
    FAKE_PID=$!
    for _ in $(seq 1 200); do [[ -s "$dir/fake.port" ]] && break; sleep 0.05; done
    fake_port="$(cat "$dir/fake.port")"

    local jfr=()
    if [[ "$ALLOCATIONS" == 1 ]]; then
        cat > "$dir/allocations.jfc" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="allocations outside TLABs">
  <event name="jdk.ObjectAllocationOutsideTLAB">
    <setting name="enabled">true</setting>
    <setting name="stackTrace">true</setting>
  </event>
</configuration>
EOF
        jfr=("-XX:StartFlightRecording=filename=$dir/allocations.jfr,settings=$dir/allocations.jfc,dumponexit=true")
    fi
    port="$(free_port)"
    url="http://$HOST:$port"
    env -u GOOGLE_API_KEY -u AUTH_API_KEYS -u EMBEDDING_DIMENSIONS -u SPRING_PROFILES_ACTIVE \
        STORE_TYPE=file STORE_PATH="$dir/store" GEMINI_API_KEY=test-key GEMINI_BASE_URL="http://$HOST:$fake_port" \
        MEDIA_SEGMENTS_TEMP_DIRECTORY="$dir/tmp" INGEST_SEGMENT_CONCURRENCY="$CONCURRENCY" \
        java "-Xmx$HEAP" -XX:+UseG1GC "-Xlog:gc:file=$dir/gc.log" "-Djava.io.tmpdir=$dir/tmp" "${jfr[@]}" \
        "${SERVICE_JAVA_OPTS[@]}" -jar "$JAR" --server.address="$HOST" --server.port="$port" > "$dir/service.log" 2>&1 &
    SERVICE_PID=$!
    local deadline=$(( $(date +%s) + 180 ))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url/actuator/health/liveness" || true)" == 200 ]]; do
        if ! kill -0 "$SERVICE_PID" 2>/dev/null || (( $(date +%s) > deadline )); then
            log "the service did not come up; last log lines:"; tail -n 30 "$dir/service.log" >&2; return 1
        fi
        sleep 0.1
    done

    # ---- ingest ----
    R[$name.idle]="$(full_gc "$dir/gc.log")" # the live heap of the started service, nothing ingested yet
    mark="$(gc_lines "$dir/gc.log")"
    # Peak RSS from here on: writing 5 to clear_refs resets VmHWM to the current RSS.
    if echo 5 > "/proc/$SERVICE_PID/clear_refs" 2>/dev/null; then R[rss_from]="the upload on"; else R[rss_from]="start-up on"; fi
    start_sampler "$dir/heap-ingest.txt"
    if [[ "$HEAPDUMP" == 1 ]]; then start_heap_dumps "$dir/ingest.hprof"; fi
    if [[ "$LIVE_EVERY" != 0 ]]; then start_live_sampler; fi
    # The baseline is ingested SMALL_REPEAT times in a row (ids small-1, small-2, ...): a 4-segment
    # ingest lasts a few seconds, too few GC pauses and live samples to compare with a 100-segment one.
    local repeat=1 rep id upload_ns=0 job_ns=0 succeeded=0
    [[ "$name" == small ]] && repeat="$SMALL_REPEAT"
    R[$name.repeat]="$repeat"
    R[$name.status]=""
    log "$name: uploading $(mib "${R[$name.bytes]}") MiB (${R[$name.seconds]} s) to $url/items $repeat time(s) (service pid $SERVICE_PID, -Xmx$HEAP)"
    for rep in $(seq 1 "$repeat"); do
        id="$name"; (( repeat > 1 )) && id="$name-$rep"
        t0="$(now_ns)"
        out="$(curl -s -o "$dir/upload.json" -D "$dir/upload.headers" -w '%{http_code}' \
            -F "file=@$video;type=video/mp4" -F "id=$id" -F "title=$name video" "$url/items" || echo "curl failed")"
        t1="$(now_ns)"
        upload_ns=$(( upload_ns + t1 - t0 ))
        if [[ "$out" != 202 ]]; then
            log "$id: POST /items answered $out: $(cat "$dir/upload.json" 2>/dev/null || true)"
            status="POST /items $out"; t_end="$t1"
        else
            location="$({ grep -i '^location:' "$dir/upload.headers" || true; } | tr -d '\r' | awk '{ print $2 }')"
            while true; do
                curl -s -o "$dir/job.json" "$url$location" || true
                status="$(json_field "$dir/job.json" .status)"
                [[ "$status" == succeeded || "$status" == failed ]] && break
                if ! kill -0 "$SERVICE_PID" 2>/dev/null; then status="service died"; break; fi
                sleep 0.2
            done
            t_end="$(now_ns)"
            R[$name.planned]="$(json_field "$dir/job.json" .progress.total)"
            R[$name.done]="$(json_field "$dir/job.json" .progress.done)"
            if [[ "$status" == failed ]]; then log "$id: job failed: $(cat "$dir/job.json")"; fi
        fi
        job_ns=$(( job_ns + t_end - t1 ))
        [[ "$status" == succeeded ]] && succeeded=$(( succeeded + 1 ))
        # The first failure is what the case reports.
        [[ -z "${R[$name.status]}" || "${R[$name.status]}" == succeeded ]] && R[$name.status]="$status"
        [[ "$status" == "service died" ]] && break
    done
    (( repeat > 1 && succeeded < repeat )) && R[$name.status]="${R[$name.status]} ($succeeded of $repeat succeeded)"
    R[$name.id]="$id"
    R[$name.upload_s]="$(awk -v n="$upload_ns" -v r="$repeat" 'BEGIN { printf "%.1f", n / r / 1e9 }')"
    R[$name.job_s]="$(awk -v n="$job_ns" -v r="$repeat" 'BEGIN { printf "%.1f", n / r / 1e9 }')"
    stop_sampler
    stop_pid "$DUMPER_PID"; DUMPER_PID=""
    stop_pid "$LIVE_PID"; LIVE_PID=""
    read -r R[$name.live_median] R[$name.live_max] R[$name.live_n] <<< "$(live_stats "$dir/gc.log" "$mark")"
    R[$name.rss_peak]="$(( $(vm_kib "$SERVICE_PID" VmHWM) / 1024 ))"
    R[$name.heap_max]="$(max_sampled "$dir/heap-ingest.txt")"
    R[$name.after_gc]="$(max_after_gc "$dir/gc.log" "$mark")"
    R[$name.pauses]="$(pause_count "$dir/gc.log" "$mark")"
    read -r R[$name.q_first] R[$name.q_last] <<< "$(quarter_medians "$dir/gc.log" "$mark")"
    R[$name.oom]="$(grep -c 'OutOfMemoryError' "$dir/service.log" || true)"
    curl -s -o "$dir/item.json" "$url/items/${R[$name.id]}" || true
    R[$name.segments]="$(json_field "$dir/item.json" '.segments | length // "-"')"
    curl -s "http://$HOST:$fake_port/stats" > "$dir/fake.stats" || true
    R[$name.sent_max]="$(sed -nE 's/.*maxInlineBytes=([0-9]+).*/\1/p' "$dir/fake.stats")"
    R[$name.body_max]="$(sed -nE 's/.*maxRequestBytes=([0-9]+).*/\1/p' "$dir/fake.stats")"
    R[$name.calls]="$(sed -nE 's/.*calls=([0-9]+).*/\1/p' "$dir/fake.stats")"
    log "$name: ${R[$name.status]} (${R[$name.done]:-0}/${R[$name.planned]:-?} segments), upload ${R[$name.upload_s]} s, job ${R[$name.job_s]} s," \
        "heap: idle ${R[$name.idle]} MiB, max after GC ${R[$name.after_gc]} MiB, max sampled ${R[$name.heap_max]} MiB; peak RSS ${R[$name.rss_peak]} MiB"

    # ---- reading the original back: the first MiB by Range, then all of it ----
    if [[ "${R[$name.status]}" == succeeded ]]; then
        R[$name.read_idle]="$(full_gc "$dir/gc.log")"
        mark="$(gc_lines "$dir/gc.log")"
        start_sampler "$dir/heap-read.txt"
        code="$(curl -s -r 0-1048575 -o "$dir/first-mib" -D "$dir/range.headers" -w '%{http_code}' "$url/items/${R[$name.id]}/content" || true)"
        R[$name.range_code]="$code"
        R[$name.range_bytes]="$(stat -c %s "$dir/first-mib" 2>/dev/null || echo 0)"
        R[$name.range_header]="$({ grep -i '^content-range:' "$dir/range.headers" || echo "- none"; } | tr -d '\r' | cut -d' ' -f2-)"
        if head -c 1048576 "$video" | cmp -s - "$dir/first-mib"; then R[$name.range_same]=yes; else R[$name.range_same]=NO; fi
        sleep 0.5 # a few samples after the range request alone
        R[$name.range_heap_max]="$(max_sampled "$dir/heap-read.txt")"
        t0="$(now_ns)"
        code="$(curl -s -o "$dir/whole.mp4" -w '%{http_code}' "$url/items/${R[$name.id]}/content" || true)"
        t1="$(now_ns)"
        R[$name.get_code]="$code"
        R[$name.get_s]="$(secs "$t0" "$t1")"
        if cmp -s "$video" "$dir/whole.mp4"; then R[$name.get_same]=yes; else R[$name.get_same]=NO; fi
        rm -f "$dir/whole.mp4"
        stop_sampler
        R[$name.read_heap_max]="$(max_sampled "$dir/heap-read.txt")"
        R[$name.read_after_gc]="$(max_after_gc "$dir/gc.log" "$mark")"
        R[$name.read_pauses]="$(pause_count "$dir/gc.log" "$mark")"
        log "$name: Range ${R[$name.range_code]}, ${R[$name.range_bytes]} B (${R[$name.range_header]}, same bytes: ${R[$name.range_same]});" \
            "whole GET ${R[$name.get_code]} in ${R[$name.get_s]} s (same bytes: ${R[$name.get_same]}); heap: live before ${R[$name.read_idle]} MiB," \
            "max sampled ${R[$name.range_heap_max]} MiB after the range, ${R[$name.read_heap_max]} MiB in all"
    fi
    stop_pid "$SERVICE_PID"; SERVICE_PID=""
    stop_pid "$FAKE_PID"; FAKE_PID=""
    if [[ "$ALLOCATIONS" == 1 && -s "$dir/allocations.jfr" ]]; then
        allocation_sites "$dir/allocations.jfr" > "$dir/allocation-sites.tsv" || true
    fi
    if [[ "$HEAPDUMP" == 1 && -s "$dir/ingest.hprof" ]]; then
        R[$name.dump_mib]="$(mib "$(stat -c %s "$dir/ingest.hprof")")"
        java -Xmx2g -cp "$WORK/test-classes" dev.geminisearch.bench.HeapReferrers "$dir/ingest.hprof" "$HEAPDUMP_MIN_BYTES" \
            > "$dir/referrers.txt" 2>&1 || true
        rm -f "$dir/ingest.hprof"
    fi
    # The next case starts from an empty disk: this video's blob and uploads are not needed any more.
    rm -rf "$dir/store" "$dir/tmp"
}

for name in $CASES; do
    run_case "$name" "${VIDEO[$name]}"
done

# ---- results ----
DATE="$(date +%F)"
mkdir -p "$ROOT/bench/results"
SUFFIX=""
[[ "$HEAP" != 256m ]] && SUFFIX="-$HEAP"
[[ "$ALLOCATIONS" == 1 || "$HEAPDUMP" == 1 ]] && SUFFIX="$SUFFIX-diagnosis"
RESULT_FILE="$ROOT/bench/results/long-media-$DATE$SUFFIX.md"
in_flight() { # segments embedded at once: CONCURRENCY, or fewer when the video has fewer
    local n="${R[$1.planned]:-0}"; [[ "$n" =~ ^[0-9]+$ ]] || n=0
    (( n < CONCURRENCY )) && echo "$n" || echo "$CONCURRENCY"
}
{
    echo "# Long-media ingest memory, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- command: \`HEAP=$HEAP CASES=\"$CASES\" CONCURRENCY=$CONCURRENCY$([[ "$ALLOCATIONS" == 1 ]] && echo " ALLOCATIONS=1")$([[ "$HEAPDUMP" == 1 ]] && echo " HEAPDUMP=1")$([[ "$LIVE_EVERY" != 1 ]] && echo " LIVE_EVERY=$LIVE_EVERY") bench/long-media.sh\` (built from git $REVISION)"
    echo "- service: \`java -Xmx$HEAP -XX:+UseG1GC ${SERVICE_JAVA_OPTS[*]:+${SERVICE_JAVA_OPTS[*]} }-jar\`, STORE_TYPE=file, INGEST_SEGMENT_CONCURRENCY=$CONCURRENCY, other settings default; a fresh service, store and streaming fake Gemini per video, all on 127.0.0.1"
    echo "- videos: H.264 CBR with filler, 320x180, 5 fps, a key frame every 5 s, AAC 16 kb/s, MP4; uploaded with \`curl -F file=@video.mp4\`; the small one $SMALL_REPEAT times in a row (its upload and job times are per ingest, its heap figures over all $SMALL_REPEAT)"
    [[ "$LIVE_EVERY" != 0 ]] && echo "- live heap: a full GC (\`jcmd GC.run\`) every $LIVE_EVERY s during each ingest; these also bound the heap after GC, and slow the jobs a little"
    echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//' || echo unknown)), $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo), load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- java: $(java -version 2>&1 | head -n 1)"
    [[ "$ALLOCATIONS" == 1 || "$HEAPDUMP" == 1 ]] && echo "- **diagnosis run**: JFR allocation recording or heap dumps were on, so the heap and time figures are perturbed"
    echo
    echo "| video | file | length | segments done / planned | largest segment sent to Gemini (its JSON body) | upload | job | live heap before (full GC) | live heap during the ingest, median / max (full GCs) | max heap after GC, ingest | max heap used, ingest (sampled every $SAMPLE_MS ms) | peak RSS from ${R[rss_from]:-?} | result |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    for name in $CASES; do
        sent="$(mib "${R[$name.sent_max]:-0}") MiB ($(mib "${R[$name.body_max]:-0}") MiB)"
        if [[ "${R[$name.sent_max]:-0}" == 0 && "${R[$name.planned]:-0}" =~ ^[1-9][0-9]*$ ]]; then
            # None reached Gemini: the planned size, windows of (length + (n - 1) x 5 s overlap) / n at the file's bitrate.
            sent="none; planned ~$(awk -v b="${R[$name.bytes]}" -v s="${R[$name.seconds]}" -v n="${R[$name.planned]}" \
                'BEGIN { printf "%.0f", b / s * (s + (n - 1) * 5) / n / 1048576 }') MiB each"
        fi
        echo "| $name | $(mib "${R[$name.bytes]}") MiB | ${R[$name.seconds]} s | ${R[$name.done]:-0} / ${R[$name.planned]:-?} | $sent | ${R[$name.upload_s]} s | ${R[$name.job_s]} s | ${R[$name.idle]} MiB | ${R[$name.live_median]} / ${R[$name.live_max]} MiB (${R[$name.live_n]}) | ${R[$name.after_gc]} MiB (${R[$name.pauses]} GC pauses) | ${R[$name.heap_max]} MiB | ${R[$name.rss_peak]} MiB | ${R[$name.status]}$([[ "${R[$name.oom]}" != 0 ]] && echo ", OutOfMemoryError in the service log") |"
    done
    if [[ " $CASES " == *" small "* ]]; then
        echo
        if [[ "${R[small.status]}" != succeeded ]]; then
            echo "**The baseline itself did not succeed at -Xmx$HEAP (${R[small.status]}):** its figures below are those up to the failure."
            echo
        fi
        echo "| metric | video | value | baseline: small video | ratio |"
        echo "|---|---|---|---|---|"
        for name in $CASES; do
            [[ "$name" == small ]] && continue
            local_added="$(( ${R[$name.after_gc]/-/0} - ${R[$name.idle]:-0} ))"
            small_added="$(( ${R[small.after_gc]/-/0} - ${R[small.idle]:-0} ))"
            echo "| file size | $name | $(mib "${R[$name.bytes]}") MiB | $(mib "${R[small.bytes]}") MiB | $(ratio "${R[$name.bytes]}" "${R[small.bytes]}")x |"
            if [[ "${R[$name.live_n]}" != 0 && "${R[small.live_n]}" != 0 ]]; then
                echo "| live heap during the ingest, median of the full GCs | $name | ${R[$name.live_median]} MiB | ${R[small.live_median]} MiB | $(ratio "${R[$name.live_median]}" "${R[small.live_median]}")x |"
                echo "| live heap during the ingest, max of the full GCs | $name | ${R[$name.live_max]} MiB | ${R[small.live_max]} MiB | $(ratio "${R[$name.live_max]}" "${R[small.live_max]}")x |"
            fi
            echo "| max heap after GC during the ingest | $name | ${R[$name.after_gc]} MiB | ${R[small.after_gc]} MiB | $(ratio "${R[$name.after_gc]/-/0}" "${R[small.after_gc]/-/0}")x |"
            echo "| the same minus the live heap before | $name | $local_added MiB | $small_added MiB | $(ratio "$local_added" "$small_added")x |"
            [[ -n "${R[$name.read_idle]:-}" && -n "${R[small.read_idle]:-}" ]] && echo "| live heap after the ingest (full GC) | $name | ${R[$name.read_idle]} MiB | ${R[small.read_idle]} MiB | $(ratio "${R[$name.read_idle]}" "${R[small.read_idle]}")x |"
            echo "| max heap used during the ingest (sampled) | $name | ${R[$name.heap_max]} MiB | ${R[small.heap_max]} MiB | $(ratio "${R[$name.heap_max]}" "${R[small.heap_max]}")x |"
            echo "| peak RSS | $name | ${R[$name.rss_peak]} MiB | ${R[small.rss_peak]} MiB | $(ratio "${R[$name.rss_peak]}" "${R[small.rss_peak]}")x |"
            echo "| max heap after GC / file size | $name | $(ratio "$(( ${R[$name.after_gc]/-/0} * 1048576 ))" "${R[$name.bytes]}") | $(ratio "$(( ${R[small.after_gc]/-/0} * 1048576 ))" "${R[small.bytes]}") | - |"
            [[ "${R[$name.status]}" == succeeded ]] || continue # the rest compares finished ingests
            echo "| largest segment sent to Gemini | $name | $(mib "${R[$name.sent_max]:-0}") MiB | $(mib "${R[small.sent_max]:-0}") MiB | $(ratio "${R[$name.sent_max]:-0}" "${R[small.sent_max]:-0}")x |"
            echo "| upload time per MiB | $name | $(per_mib "${R[$name.upload_s]}" "${R[$name.bytes]}") s | $(per_mib "${R[small.upload_s]}" "${R[small.bytes]}") s | $(ratio "$(per_mib "${R[$name.upload_s]}" "${R[$name.bytes]}")" "$(per_mib "${R[small.upload_s]}" "${R[small.bytes]}")")x |"
            echo "| job time per MiB | $name | $(per_mib "${R[$name.job_s]}" "${R[$name.bytes]}") s | $(per_mib "${R[small.job_s]}" "${R[small.bytes]}") s | $(ratio "$(per_mib "${R[$name.job_s]}" "${R[$name.bytes]}")" "$(per_mib "${R[small.job_s]}" "${R[small.bytes]}")")x |"
        done
    fi
    echo
    echo "Heap the ingest added per segment in flight, (max live heap during the ingest, or max heap after GC without LIVE_EVERY, - live heap before) / (segments embedded at once x largest segment):"
    echo
    echo "| video | added heap | segments at once | largest segment | heap per segment byte |"
    echo "|---|---|---|---|---|"
    for name in $CASES; do
        [[ "${R[$name.after_gc]}" == - || -z "${R[$name.sent_max]}" || "${R[$name.sent_max]}" == 0 ]] && continue
        peak="${R[$name.after_gc]}"
        [[ "${R[$name.live_n]}" != 0 ]] && peak="${R[$name.live_max]}"
        added="$(( peak - ${R[$name.idle]} ))"
        echo "| $name | $added MiB | $(in_flight "$name") | $(mib "${R[$name.sent_max]}") MiB | $(awk -v a="$added" -v n="$(in_flight "$name")" -v s="${R[$name.sent_max]}" 'BEGIN { if (n * s == 0) print "-"; else printf "%.1fx", a * 1048576 / (n * s) }') |"
    done
    echo
    echo "Does heap stay behind as segments go by? The median heap after GC over the first and the last quarter of the ingest's GC pauses (ingests with at least 40 pauses):"
    echo
    echo "| video | GC pauses | median heap after GC, first quarter | last quarter | last / first |"
    echo "|---|---|---|---|---|"
    for name in $CASES; do
        [[ "${R[$name.status]}" == succeeded && "${R[$name.q_first]}" != - && "${R[$name.pauses]}" -ge 40 ]] || continue
        echo "| $name | ${R[$name.pauses]} | ${R[$name.q_first]} MiB | ${R[$name.q_last]} MiB | $(ratio "${R[$name.q_last]}" "${R[$name.q_first]}")x |"
    done
    echo
    echo "| video | \`curl -r 0-1048575 .../content\` | bytes (Content-Range) | = the file's first MiB | whole \`GET .../content\` | = the file | live heap before (full GC) | max heap used after the range request (sampled) | max heap used with the whole GET | max heap after GC (pauses) |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    for name in $CASES; do
        [[ "${R[$name.status]}" == succeeded ]] || continue
        echo "| $name | ${R[$name.range_code]} | ${R[$name.range_bytes]} (${R[$name.range_header]}) | ${R[$name.range_same]} | ${R[$name.get_code]} in ${R[$name.get_s]} s | ${R[$name.get_same]} | ${R[$name.read_idle]} MiB | ${R[$name.range_heap_max]} MiB | ${R[$name.read_heap_max]} MiB | ${R[$name.read_after_gc]} MiB (${R[$name.read_pauses]}) |"
    done
    if [[ "$ALLOCATIONS" == 1 ]]; then
        for name in $CASES; do
            [[ -s "$WORK/$name/allocation-sites.tsv" ]] || continue
            echo
            echo "Allocations of >= 1 MiB while ingesting and reading $name (JFR jdk.ObjectAllocationOutsideTLAB), by call site:"
            echo
            echo "| MiB | count | allocating frame | google-genai / OkHttp frames | first frame of ours |"
            echo "|---|---|---|---|---|"
            head -n 20 "$WORK/$name/allocation-sites.tsv" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, ($4 == "" ? "-" : $4), $5 }'
        done
    fi
    if [[ "$HEAPDUMP" == 1 ]]; then
        for name in $CASES; do
            [[ -s "$WORK/$name/referrers.txt" ]] || continue
            echo
            echo "Who held the arrays of >= $HEAPDUMP_MIN_BYTES bytes in the largest heap dump taken during the $name ingest (${R[$name.dump_mib]} MiB; \`HeapReferrers\`):"
            echo
            echo '```'
            head -n 150 "$WORK/$name/referrers.txt"
            echo '```'
        done
    fi
} > "$RESULT_FILE"
echo
cat "$RESULT_FILE"
echo
log "written to ${RESULT_FILE#"$ROOT"/}"

#!/usr/bin/env bash
# Kernel benchmarks (JMH): the exact scan against the memory-bandwidth floor and the naive loop,
# int8 and Matryoshka shortlists against float32 exact top-10, and 8 concurrent searches with and
# without shared passes. Every figure is a ratio against a baseline measured in the same run (see
# bench/README.md, section "Kernels").
#
# Usage:   bench/kernels.sh                 (from any directory)
# Env:     MVN (default mvn), MVN_ARGS (default "-o": offline), SHAPES (default "100000x768,20000x3072"),
#          WARMUP (JMH warm-up iterations, default 2), ITERATIONS (default 4), ITERATION_TIME (default 1s),
#          FILTER (JMH benchmark regex, default "KernelBenchmark|BatchBenchmark"), JAVA (default java),
#          ROUNDS (rounds of the interleaved cross-check, default 30; 0 skips it)
# Output:  progress on stderr; a Markdown table (ratios first) on stdout, also written with a header
#          (command, revision, machine, java, load) to bench/results/kernels-<date>.md.
#          Needs java 17+, mvn and python3.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MVN="${MVN:-mvn}"
read -r -a MVN_EXTRA <<< "${MVN_ARGS--o}"
JAVA="${JAVA:-java}"
SHAPES="${SHAPES:-100000x768,20000x3072}"
WARMUP="${WARMUP:-2}"
ITERATIONS="${ITERATIONS:-4}"
ITERATION_TIME="${ITERATION_TIME:-1s}"
FILTER="${FILTER:-KernelBenchmark|BatchBenchmark}"
ROUNDS="${ROUNDS:-30}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kernels-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

log() { echo "[kernels.sh $(date +%H:%M:%S)] $*" >&2; }

# ---- build ----
log "compiling main and test classes, JMH's generated harness included (mvn ${MVN_EXTRA[*]:-} -q test-compile)"
"$MVN" "${MVN_EXTRA[@]}" -q test-compile
REVISION="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
DIRTY="$(git -C "$ROOT" status --porcelain -- src pom.xml 2>/dev/null | wc -l | tr -d ' ')"
if [[ "$DIRTY" != 0 ]]; then REVISION="$REVISION + $DIRTY uncommitted change(s) in src or pom.xml"; fi
"$MVN" "${MVN_EXTRA[@]}" -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt"
# Copies, so that someone rebuilding target/ meanwhile does not change what is measured.
cp -r target/classes "$WORK/classes"
cp -r target/test-classes "$WORK/test-classes"

# ---- run ----
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "running JMH ($FILTER; shapes $SHAPES; ${WARMUP} x $ITERATION_TIME warm-up, ${ITERATIONS} x $ITERATION_TIME measured, 1 fork each)"
# The forks get --add-modules jdk.incubator.vector and their heap from the benchmarks' @Fork.
"$JAVA" --add-modules jdk.incubator.vector -cp "$WORK/test-classes:$WORK/classes:$(cat "$WORK/classpath.txt")" \
    org.openjdk.jmh.Main "$FILTER" -p shape="$SHAPES" -wi "$WARMUP" -w "$ITERATION_TIME" -i "$ITERATIONS" \
    -r "$ITERATION_TIME" -f 1 -rf json -rff "$WORK/jmh.json" 2>&1 | tee "$WORK/jmh.log" | grep -E '^(Benchmark|[A-Z][A-Za-z]+Benchmark\.)' >&2
LOAD_AFTER_JMH="$(cut -d' ' -f1-3 /proc/loadavg)"

# Separate forks minutes apart can see very different load on a shared machine; the cross-check
# runs every contender in each round (rotating order) in one JVM and takes medians.
: > "$WORK/interleaved.md"
if [[ "$ROUNDS" != 0 ]]; then
    IFS=',' read -r -a SHAPE_LIST <<< "$SHAPES"
    for shape in "${SHAPE_LIST[@]}"; do
        log "interleaved cross-check: $shape, $ROUNDS rounds"
        "$JAVA" --add-modules jdk.incubator.vector -Xms3g -Xmx3g \
            -cp "$WORK/test-classes:$WORK/classes:$(cat "$WORK/classpath.txt")" \
            dev.geminisearch.bench.KernelRatios "$shape" "$ROUNDS" > "$WORK/interleaved-$shape.out" 2> "$WORK/interleaved-$shape.err"
        grep -E '^\| ' "$WORK/interleaved-$shape.out" >> "$WORK/interleaved.md"
    done
fi
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- results ----
DATE="$(date +%F)"
mkdir -p "$ROOT/bench/results"
RESULT_FILE="$ROOT/bench/results/kernels-$DATE.md"
{
    echo "# Kernel benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- command: \`bench/kernels.sh\` (SHAPES=$SHAPES WARMUP=$WARMUP ITERATIONS=$ITERATIONS ITERATION_TIME=$ITERATION_TIME; built from git $REVISION)"
    echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//' || echo unknown)), $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo), load average before: $LOAD_BEFORE, after JMH: $LOAD_AFTER_JMH, at the end: $LOAD_AFTER"
    echo "- java: $("$JAVA" -version 2>&1 | head -n 1); kernel: $(grep -m1 -o 'Vector search kernel: [^;]*' "$WORK/jmh.log" || echo unknown)"
    echo
    python3 - "$WORK/jmh.json" "$WORK/jmh.log" <<'PY'
import json, re, sys

results = json.load(open(sys.argv[1]))
log = open(sys.argv[2]).read()

def key(r):
    name = r["benchmark"].rsplit(".", 1)[1]
    params = r.get("params", {})
    return (name, params.get("shape"), params.get("passes"))

by = {key(r): r for r in results}
shapes = []
for r in results:
    s = r.get("params", {}).get("shape")
    if s not in shapes:
        shapes.append(s)

def metric(name, shape, passes=None):
    r = by.get((name, shape, passes))
    if r is None:
        return None
    m = r["primaryMetric"]
    raw = [x for fork in m["rawData"] for x in fork]
    # best iteration: least time for avgt, most operations for thrpt
    best = min(raw) if r["mode"] == "avgt" else max(raw)
    return {"mean": m["score"], "err": m["scoreError"], "best": best, "unit": m["scoreUnit"], "mode": r["mode"]}

def err(m):
    try:
        return f"±{float(m['err']):.2f}"
    except (TypeError, ValueError):
        return "± n/a"

def fmt(v, unit):
    return f"{v:.2f} {unit}" if v < 100 else f"{v:.0f} {unit}"

rows = []
def ratio_row(what, target, num, den, num_label, den_label):
    """num / den, of times (avgt) or of throughputs (thrpt); the text of each row says which way is better."""
    if num is None or den is None:
        return
    mean = num["mean"] / den["mean"]
    best = num["best"] / den["best"]
    rows.append((f"{mean:.2f}x", f"{best:.2f}x", target, what,
                 f"{num_label}: {fmt(num['mean'], num['unit'])} ({err(num)})",
                 f"{den_label}: {fmt(den['mean'], den['unit'])} ({err(den)})"))

recalls = {}
for m in re.finditer(r"RECALL layout=(\w+) shortlist=(\d+) shape=(\S+) oversample=(\d+) recall@10=([0-9.]+)", log):
    recalls[(m.group(1), int(m.group(2)), m.group(3))] = (float(m.group(5)), int(m.group(4)))
memory = {}
for m in re.finditer(r"MEMORY layout=(\w+) shortlist=(\d+) shape=(\S+) heap=(\d+) offheap=(\d+)", log):
    memory[(m.group(1), int(m.group(2)), m.group(3))] = (int(m.group(4)), int(m.group(5)))

def mem(layout, shortlist, shape):
    v = memory.get((layout, shortlist, shape))
    return "" if v is None else f"; heap {v[0] / 2**20:.0f} MiB, off-heap {v[1] / 2**20:.0f} MiB"

def rec(layout, shortlist, shape):
    v = recalls.get((layout, shortlist, shape))
    return "" if v is None else f"; recall@10 {v[0]:.3f} (oversample {v[1]})"

for shape in shapes:
    floor = metric("floorSimdSum", shape)
    floor_scalar = metric("floorScalarSum", shape)
    simd = metric("simd", shape)
    ratio_row(f"{shape}: SIMD scan / memory floor (SIMD sum of the same floats)", "<= 1.25", simd, floor, "SIMD scan", "floor")
    ratio_row(f"{shape}: SIMD scan / scalar-sum floor (8 scalar accumulators; reference)", "", simd, floor_scalar, "SIMD scan", "scalar sum")
    ratio_row(f"{shape}: naive loop / SIMD scan (SIMD is this many times faster)", ">= 2.5", metric("naive", shape), simd, "naive", "SIMD")
    ratio_row(f"{shape}: 4-accumulator scalar / SIMD scan", "", metric("scalar4", shape), simd, "scalar4", "SIMD")
    f32 = metric("float32ExactTop10", shape)
    ratio_row(f"{shape}: float32 exact top-10 / int8 + re-score top-10{rec('INT8', 0, shape)}{mem('INT8', 0, shape)}", ">= 3",
              f32, metric("int8RescoredTop10", shape), "float32", "int8")
    ratio_row(f"{shape}: float32 exact top-10 / shortlist 256 + re-rank{rec('FLOAT32', 256, shape)}{mem('FLOAT32', 256, shape)}", "",
              f32, metric("shortlist256Top10", shape), "float32", "shortlist")
    ratio_row(f"{shape}: float32 exact top-10 / int8 shortlist 256 + re-rank{rec('INT8', 256, shape)}{mem('INT8', 256, shape)}", "",
              f32, metric("int8Shortlist256Top10", shape), "float32", "int8 shortlist")
    unbatched = metric("unbatched8", shape)
    for passes in ("1", "2"):
        ratio_row(f"{shape}: 8 concurrent searches, batched ({passes} pass{'es' if passes != '1' else ''} at a time) / unbatched, throughput",
                  ">= 2.5" if passes == "1" else "", metric("batched8", shape, passes), unbatched, "batched", "unbatched")
    ratio_row(f"{shape}: 8 concurrent unbatched / 1 search, throughput (what the 2nd core adds)", "",
              unbatched, metric("single", shape), "8 unbatched", "1 search")

print("| ratio (mean) | ratio (best iteration) | target | metric | value | baseline |")
print("|---|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
PY
    if [[ -s "$WORK/interleaved.md" ]]; then
        echo
        echo "Interleaved cross-check (\`KernelRatios\`, one JVM per shape, every contender once per round in rotating"
        echo "order, medians of $ROUNDS rounds; concurrent searches in 0.7 s slices, medians of 5 rounds):"
        echo
        echo "| ratio (wall) | ratio (CPU time) | target | metric | value | baseline |"
        echo "|---|---|---|---|---|---|"
        cat "$WORK/interleaved.md"
    fi
} > "$RESULT_FILE"
echo
cat "$RESULT_FILE"
echo
log "written to ${RESULT_FILE#"$ROOT"/}"

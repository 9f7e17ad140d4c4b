#!/usr/bin/env bash
# Normalizing flow: bbg (C++, bench/bench_flow.cpp) against the PyTorch peer
# (bench/flow_torch.py), point by point and interleaved: for every (L, batch) the C++
# training and sampling benchmarks run, then the same Python point right after them,
# REPS times. One table line per point: train steps/s and samples/s of each (median
# over the repetitions, wall-clock time) and bbg / peer.
#
# Usage:  bench/run_flow_bench.sh [BUILD_DIR]        (default build-bench)
# Build:  cmake -S . -B build-bench -DBBG_BUILD_TESTS=OFF && cmake --build build-bench -j2 --target bench_flow
# Environment:
#   MIN_TIME=6   seconds each side times training and sampling per point
#   REPS=3       interleaved repetitions per point (median reported)
#   PY=/usr/bin/python3, OUT=dir for the raw JSON (default a new /tmp/flow_bench.XXXXXX)
# With the defaults the six points take about 20 minutes on the 2-core development machine.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${1:-build-bench}
BIN=$BUILD/bench_flow
MIN_TIME=${MIN_TIME:-6}
REPS=${REPS:-3}
PY=${PY:-/usr/bin/python3}
OUT=${OUT:-$(mktemp -d /tmp/flow_bench.XXXXXX)}
mkdir -p "$OUT"
if [[ ! -x $BIN ]]; then
  echo "no $BIN; build it with: cmake -S . -B $BUILD -DBBG_BUILD_TESTS=OFF && cmake --build $BUILD -j2 --target bench_flow" >&2
  exit 1
fi
# The same heap settings and one thread for both processes (see BENCHMARKS.md).
export MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296 MALLOC_TOP_PAD_=1073741824
export OMP_NUM_THREADS=1

echo "bbg: $BIN   peer: $PY bench/flow_torch.py ($("$PY" -c 'import torch; print("torch", torch.__version__)'))"
echo "min time $MIN_TIME s per side, $REPS repetition(s), raw JSON in $OUT; load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((rep = 1; rep <= REPS; ++rep)); do
  for B in 64 256 1024; do
    for L in 8 16; do
      tag="L${L}_B${B}.$rep"
      "$BIN" --benchmark_filter="/L:$L/batch:$B\$" --benchmark_min_time="$MIN_TIME" \
        --benchmark_format=json >"$OUT/$tag.bbg.json" 2>"$OUT/$tag.bbg.err"
      "$PY" bench/flow_torch.py --lattice "$L" --batch "$B" --json --threads 1 --warmup 2 --steps 2 \
        --sample-batches 2 --min-time "$MIN_TIME" >"$OUT/$tag.peer.json" 2>"$OUT/$tag.peer.err"
      echo "rep $rep L=$L B=$B done" >&2
    done
  done
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"

"$PY" - "$OUT" "$REPS" <<'PYEOF'
import json, statistics, sys
out, reps = sys.argv[1], int(sys.argv[2])
print("| L | batch | bbg train steps/s | PyTorch train steps/s | bbg / PyTorch | bbg samples/s | PyTorch samples/s | bbg / PyTorch |")
print("|---|---|---|---|---|---|---|---|")
for B in (64, 256, 1024):
    for L in (8, 16):
        bt, bs, pt, ps, rt, rs = [], [], [], [], [], []
        for rep in range(1, reps + 1):
            bench = json.load(open(f"{out}/L{L}_B{B}.{rep}.bbg.json"))["benchmarks"]
            counter = lambda name, key: next(b[key] for b in bench if b["name"].startswith(name))
            peer = json.loads(open(f"{out}/L{L}_B{B}.{rep}.peer.json").read().strip().splitlines()[-1])
            bt.append(counter("BM_FlowTrainStep", "train_steps_per_s"))
            bs.append(counter("BM_FlowSample", "samples_per_s"))
            pt.append(peer["train_steps_per_s"])
            ps.append(peer["samples_per_s"])
            rt.append(bt[-1] / pt[-1])
            rs.append(bs[-1] / ps[-1])
        m = statistics.median
        print(f"| {L} | {B} | {m(bt):.3g} | {m(pt):.3g} | {m(bt) / m(pt):.2f} | {m(bs):.4g} | {m(ps):.4g} | "
              f"{m(bs) / m(ps):.2f} |")
        print(f"ratio per repetition L={L} B={B}: train " + " ".join(f"{r:.2f}" for r in rt) +
              ", sample " + " ".join(f"{r:.2f}" for r in rs), file=sys.stderr)
PYEOF

#!/usr/bin/env bash
# Bayesian MLP samplers: bbg (C++, bench/bench_bayes.cpp) against the PyTorch peer
# (bench/bayes_torch.py, a hand-written Python loop), point by point and interleaved:
# for every point (sampler, hidden width, minibatch, dtype) the C++ benchmark runs, then
# the same Python point right after it, REPS times. One table line per point: steps/s
# (gradient evaluations/s for HMC) of each side, median over the repetitions, from
# process CPU time (robust on a shared machine), and the bbg / peer ratios of the CPU
# and of the wall-clock rates.
#
# Usage:  bench/run_bayes_bench.sh [BUILD_DIR]        (default build)
# Build:  cmake -S . -B build -DBBG_BUILD_TESTS=OFF && cmake --build build -j2 --target bench_bayes
# Environment:
#   MIN_TIME=2   seconds each side times per point
#   REPS=3       interleaved repetitions per point (median reported)
#   PY=/usr/bin/python3, OUT=dir for the raw JSON (default a new /tmp/bayes_bench.XXXXXX)
#   POINTS="sgld:50:32:32 ..."  subset of points sampler:hidden:batch:bits (batch 0 = full batch)
# With the defaults the 22 points take about 13 minutes on the 2-core development machine (REPS=5: 22).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${1:-build}
BIN=$BUILD/bench_bayes
MIN_TIME=${MIN_TIME:-2}
REPS=${REPS:-3}
PY=${PY:-/usr/bin/python3}
OUT=${OUT:-$(mktemp -d /tmp/bayes_bench.XXXXXX)}
mkdir -p "$OUT"
if [[ ! -x $BIN ]]; then
  echo "no $BIN; build it with: cmake -S . -B $BUILD -DBBG_BUILD_TESTS=OFF && cmake --build $BUILD -j2 --target bench_bayes" >&2
  exit 1
fi
if [[ -z ${POINTS:-} ]]; then
  POINTS=""
  for s in sgld sghmc; do
    for bits in 32 64; do
      for b in 32 64 128 256; do POINTS+=" $s:50:$b:$bits"; done
      POINTS+=" $s:500:256:$bits"
    done
  done
  POINTS+=" hmc:50:0:32 hmc:50:0:64"
fi
# The same heap settings and one thread for both processes (see BENCHMARKS.md).
export MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296 MALLOC_TOP_PAD_=1073741824
export OMP_NUM_THREADS=1

echo "bbg: $BIN   peer: $PY bench/bayes_torch.py ($("$PY" -c 'import torch; print("torch", torch.__version__)'))"
echo "min time $MIN_TIME s per side, $REPS repetition(s), raw JSON in $OUT; load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A BM=([sgld]=BM_Sgld [sghmc]=BM_Sghmc [hmc]=BM_Hmc)
for ((rep = 1; rep <= REPS; ++rep)); do
  for pt in $POINTS; do
    IFS=: read -r s h b bits <<<"$pt"
    n=10000
    [[ $s == hmc ]] && n=1000
    tag="${s}_h${h}_b${b}_f${bits}.$rep"
    "$BIN" --benchmark_filter="^${BM[$s]}/hidden:$h/batch:$b/N:$n/bits:$bits\$" --benchmark_min_time="$MIN_TIME" \
      --benchmark_format=json >"$OUT/$tag.bbg.json" 2>"$OUT/$tag.bbg.err"
    "$PY" bench/bayes_torch.py --sampler "$s" --hidden "$h" --batch "$b" --data "$n" --bits "$bits" \
      --min-time "$MIN_TIME" --threads 1 >"$OUT/$tag.peer.json" 2>"$OUT/$tag.peer.err"
  done
  echo "rep $rep done, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"

"$PY" - "$OUT" "$REPS" $POINTS <<'PYEOF'
import json, statistics, sys
out, reps, points = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
m = statistics.median
print("| point | bbg steps/s | PyTorch steps/s | bbg / PyTorch (CPU) | bbg / PyTorch (wall) |")
print("|---|---|---|---|---|")
for pt in points:
    s, h, b, bits = pt.split(":")
    per = 11 if s == "hmc" else 1  # HMC: gradient evaluations per trajectory (leapfrog, 10 steps)
    bc, pc, rc, rw = [], [], [], []
    for rep in range(1, reps + 1):
        tag = f"{out}/{s}_h{h}_b{b}_f{bits}.{rep}"
        bench = json.load(open(f"{tag}.bbg.json"))["benchmarks"][0]
        assert bench["time_unit"] == "us"
        peer = json.loads(open(f"{tag}.peer.json").read().strip().splitlines()[-1])
        bc.append(per * 1e6 / bench["cpu_time"])
        pc.append(per * peer["cpu_steps_per_s"])
        rc.append(bc[-1] / pc[-1])
        rw.append((per * 1e6 / bench["real_time"]) / (per * peer["steps_per_s"]))
    name = f"{s.upper()} [{h},{h}] " + (f"n={b}" if b != "0" else "full N=1000") + f" f{bits}"
    print(f"| {name} | {m(bc):.4g} | {m(pc):.4g} | {m(rc):.2f} | {m(rw):.2f} |")
    print(f"ratio per repetition {pt}: CPU " + " ".join(f"{r:.2f}" for r in rc) +
          ", wall " + " ".join(f"{r:.2f}" for r in rw), file=sys.stderr)
PYEOF

#!/usr/bin/env bash
# Autoregressive spin networks: bbg (C++, bench/bench_autoregressive.cpp) against the
# PyTorch peer (bench/van_torch.py), point by point and interleaved: for every
# (model, what, L, batch, sampler) the C++ benchmark point runs, then the same Python
# point right after it, REPS times. One table line per point: rate of each (median over
# the repetitions, wall-clock time) and bbg / peer; the last column is the same ratio
# from CPU time (less sensitive to other load on the machine).
#
# Usage:  bench/run_van_bench.sh [BUILD_DIR]        (default build-bench)
# Build:  cmake -S . -B build-bench -DBBG_BUILD_TESTS=OFF && cmake --build build-bench -j2 --target bench_autoregressive
# Environment:
#   BUILD=dir      build directory (the first argument wins)
#   MIN_TIME=3     seconds each side times per point (--benchmark_min_time / --min-time)
#   REPS=1         interleaved repetitions per point (median reported)
#   MATCH=regex    only points whose label "model what sampler L=.. B=.." matches (grep -E)
#   PY=/usr/bin/python3, OUT=dir for the raw JSON (default a new /tmp/van_bench.XXXXXX)
# Points: as registered in bench_autoregressive.cpp (34); the naive PixelCNN sampler at
# L = 16 only for batch 64 (one iteration at batch 1024 takes minutes). With MIN_TIME=3,
# REPS=1 the sweep should take about 7 minutes on the 2-core development machine (estimated
# from single iterations; REPS=2 about twice that). Every file goes to OUT, none to the tree.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${1:-${BUILD:-build-bench}}
BIN=$BUILD/bench_autoregressive
MIN_TIME=${MIN_TIME:-3}
REPS=${REPS:-1}
MATCH=${MATCH:-}
PY=${PY:-/usr/bin/python3}
OUT=${OUT:-$(mktemp -d /tmp/van_bench.XXXXXX)}
mkdir -p "$OUT"

if [[ ! -x $BIN ]]; then
  echo "no $BIN; build it with:" >&2
  echo "  cmake -S . -B $BUILD -DBBG_BUILD_TESTS=OFF && cmake --build $BUILD -j2 --target bench_autoregressive" >&2
  exit 1
fi

# The same heap settings for both processes: bbg's benchmark executables call
# mallopt(M_TOP_PAD, 1 GiB) at start-up unless MALLOC_TOP_PAD_ is set (see BENCHMARKS.md).
export MALLOC_TOP_PAD_=1073741824
# One thread each (the C++ benchmark calls bbg::set_threads(1), the peer torch.set_num_threads(1)).
export OMP_NUM_THREADS=1

RESULTS=$OUT/results.jsonl
: >"$RESULTS"

# rate_of FILE WHAT L B: "wall_rate cpu_rate" from a Google Benchmark JSON file (one benchmark)
# or from the peer's JSON line; spins/s for sampling, train steps/s for training.
rates() {
  "$PY" - "$@" <<'EOF'
import json, sys
path, kind, what, L, B = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
work = L * L * B if what == "sample" else 1
if kind == "bbg":
    runs = [b for b in json.load(open(path))["benchmarks"] if b.get("run_type", "iteration") == "iteration"]
    if len(runs) != 1:
        sys.exit(f"{path}: expected one benchmark, found {len(runs)}")
    b = runs[0]
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
    print(work / (b["real_time"] * scale), work / (b["cpu_time"] * scale))
else:
    r = json.loads(open(path).read().strip().splitlines()[-1])
    print(work * r["iterations"] / r["seconds"], work * r["iterations"] / r["cpu_seconds"])
EOF
}

# summary LABEL: the table line of one point from the results so far
line() {
  "$PY" - "$RESULTS" "$1" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if json.loads(l)["label"] == sys.argv[2]]
med = lambda k: statistics.median(r[k] for r in rows)
r0 = rows[0]
unit = "spins/s" if r0["what"] == "sample" else "steps/s"
print(f"{r0['model']:<9} {r0['what']:<6} {r0['sampler']:<6} {r0['L']:>3} {r0['batch']:>6}  "
      f"{med('bbg_wall'):>11.4g} {med('peer_wall'):>11.4g} {med('bbg_wall') / med('peer_wall'):>9.3f}  "
      f"{med('bbg_cpu') / med('peer_cpu'):>9.3f}  {unit} (n={len(rows)})")
EOF
}

HEADER=$(printf '%-9s %-6s %-6s %3s %6s  %11s %11s %9s  %9s  %s' \
  model what sampler L batch "bbg" "peer" "bbg/peer" "(cpu)" unit)

echo "bbg: $BIN   peer: $PY bench/van_torch.py ($("$PY" -c 'import torch; print("torch", torch.__version__)'))"
echo "min time ${MIN_TIME} s per side and point, ${REPS} repetition(s), raw JSON in $OUT"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "$HEADER"

for what in sample train; do
  for model in made pixelcnn; do
    for L in 8 16; do
      for B in 64 256 1024; do
        samplers=(fast naive)
        [[ $what == train ]] && samplers=(fast)  # bbg::reinforce samples with the fast sampler
        for sampler in "${samplers[@]}"; do
          # as registered in bench_autoregressive.cpp: naive PixelCNN at L = 16 for batch 64 only
          [[ $model == pixelcnn && $sampler == naive && $L == 16 && $B != 64 ]] && continue
          label="$model $what $sampler L=$L B=$B"
          [[ -n $MATCH ]] && ! grep -Eq -- "$MATCH" <<<"$label" && continue
          fam=$([[ $model == made ]] && echo Made || echo PixelCnn)
          if [[ $what == sample ]]; then
            filter="^BM_${fam}Sample/L:$L/batch:$B/fast:$([[ $sampler == fast ]] && echo 1 || echo 0)\$"
          else
            filter="^BM_${fam}TrainStep/L:$L/batch:$B\$"
          fi
          tag="${model}_${what}_${sampler}_L${L}_B${B}"
          for ((rep = 1; rep <= REPS; ++rep)); do
            "$BIN" --benchmark_filter="$filter" --benchmark_min_time="$MIN_TIME" \
              --benchmark_format=json >"$OUT/$tag.bbg.$rep.json" 2>"$OUT/$tag.bbg.$rep.err"
            "$PY" bench/van_torch.py --model "$model" --what "$what" --sampler "$sampler" \
              --lattice "$L" --batch "$B" --threads 1 --min-time "$MIN_TIME" --json \
              >"$OUT/$tag.peer.$rep.json" 2>"$OUT/$tag.peer.$rep.err"
            read -r bw bc < <(rates "$OUT/$tag.bbg.$rep.json" bbg "$what" "$L" "$B")
            read -r pw pc < <(rates "$OUT/$tag.peer.$rep.json" peer "$what" "$L" "$B")
            printf '{"label": "%s", "model": "%s", "what": "%s", "sampler": "%s", "L": %s, "batch": %s, "rep": %s, "bbg_wall": %s, "bbg_cpu": %s, "peer_wall": %s, "peer_cpu": %s}\n' \
              "$label" "$model" "$what" "$sampler" "$L" "$B" "$rep" "$bw" "$bc" "$pw" "$pc" >>"$RESULTS"
          done
          line "$label"
        done
      done
    done
  done
done

echo
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rates: spins/s = batch * L^2 / s (sampling, no grad, with log q), steps/s (one REINFORCE + Adam step);"
echo "wall-clock time for both; (cpu) = the same ratio from CPU time; >1 = bbg faster"

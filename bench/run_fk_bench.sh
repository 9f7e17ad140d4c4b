#!/usr/bin/env bash
# The exact Falicov-Kimball energy against NumPy / SciPy, and exact against surrogate single
# flips (docs/surrogate_mc.md, "Speed of the exact energy"), one after the other in the same
# session, one thread: build/bench_fk_eigenvalues (dsyevd direct, at::linalg_eigvalsh),
# build/bench_fk_flip (full and incremental flip, accept costs, surrogate flip difference)
# and bench/fk_eigvalsh_numpy.py (the same matrices). Prints one table: microseconds per
# matrix / per flip (process CPU time, robust on a shared machine; medians of REPS
# repetitions), and the ratios the issue asks for.
#
# Usage:  bench/run_fk_bench.sh [BUILD_DIR]          (default build)
# Build:  cmake --build build -j1 --target bench_fk_eigenvalues bench_fk_flip
# Needs:  /usr/bin/python3 with numpy and scipy (Debian python3-numpy python3-scipy; the
#         script is optional, so scripts/install-deps.sh does not install scipy).
# Environment: MIN_TIME=0.5 (seconds per repetition), REPS=5, PY=/usr/bin/python3,
#   OUT=dir for the raw JSON (default a new /tmp/fk_bench.XXXXXX).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${1:-build}
MIN_TIME=${MIN_TIME:-0.5}
REPS=${REPS:-5}
PY=${PY:-/usr/bin/python3}
OUT=${OUT:-$(mktemp -d /tmp/fk_bench.XXXXXX)}
mkdir -p "$OUT"
for b in bench_fk_eigenvalues bench_fk_flip; do
  if [[ ! -x $BUILD/$b ]]; then
    echo "no $BUILD/$b; build it with: cmake --build $BUILD -j1 --target $b" >&2
    exit 1
  fi
done
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

for b in bench_fk_eigenvalues bench_fk_flip; do
  "$BUILD/$b" --benchmark_min_time="$MIN_TIME" --benchmark_repetitions="$REPS" \
    --benchmark_report_aggregates_only=true --benchmark_format=json >"$OUT/$b.json"
done
"$PY" bench/fk_eigvalsh_numpy.py --json --min-time "$(awk "BEGIN {print $MIN_TIME * $REPS}")" \
  --repeats "$REPS" >"$OUT/numpy.json"

"$PY" - "$OUT" <<'PYEOF'
import json, re, sys
out = sys.argv[1]
us, action = {}, {}
for b in ("bench_fk_eigenvalues", "bench_fk_flip"):
    for r in json.load(open(f"{out}/{b}.json"))["benchmarks"]:
        if r.get("aggregate_name") != "median":
            continue
        m = re.match(r"BM_(\w+)/L:(\d+)", r["run_name"])
        us[(m.group(1), int(m.group(2)))] = r["cpu_time"]  # CPU microseconds (Unit kMicrosecond)
        if "action" in r:
            action[int(m.group(2))] = r["action"]
peer = json.load(open(f"{out}/numpy.json"))
ctx = json.load(open(f"{out}/bench_fk_eigenvalues.json"))["context"]
print(f"# {ctx.get('date', '')}, {ctx.get('num_cpus')} CPUs at {ctx.get('mhz_per_cpu')} MHz, load {ctx.get('load_avg')}; "
      + ", ".join(f"{k} {v}" for k, v in peer["meta"].items()))
print("# CPU microseconds per matrix (eigenvalue solves) or per flip; medians; one thread")
lines = [
    ("bbg dsyevd direct (eigenvalues)", lambda l, p: us.get(("FkLapackDirect", l))),
    ("at::linalg_eigvalsh, one matrix", lambda l, p: us.get(("FkEigvalshSingle", l))),
    ("at::linalg_eigvalsh, batch 64 (per matrix)", lambda l, p: us[("FkEigvalshBatched", l)] / 64),
    ("numpy.linalg.eigvalsh", lambda l, p: p["numpy_eigvalsh_us"]),
    ("numpy.linalg.eigvalsh, batch 64 (per matrix)", lambda l, p: p["numpy_eigvalsh_batch64_us"]),
    ("scipy.linalg.eigvalsh, driver evd", lambda l, p: p["scipy_eigvalsh_evd_us"]),
    ("scipy.linalg.eigvalsh, default", lambda l, p: p["scipy_eigvalsh_default_us"]),
    ("exact flip, full solve (before)", lambda l, p: us.get(("FkFlipFull", l))),
    ("exact flip, incremental (flip_action)", lambda l, p: us.get(("FkFlipIncremental", l))),
    ("accept, rank-one update", lambda l, p: us.get(("FkAcceptRankOne", l))),
    ("accept, full dsyevd with vectors", lambda l, p: us.get(("FkAcceptFull", l))),
    ("numpy.linalg.eigh (vectors)", lambda l, p: p["numpy_eigh_us"]),
    ("scipy.linalg.eigh, driver evd (vectors)", lambda l, p: p["scipy_eigh_evd_us"]),
    ("surrogate flip, linear r = 2 + plaquette", lambda l, p: us.get(("FkSurrogateFlipDifference", l))),
    ("surrogate flip, neural", lambda l, p: us.get(("FkNeuralSurrogateFlipDifference", l))),
]
rows = peer["rows"]
print(f"{'':46}" + "".join(f"{'L = %d' % r['L']:>12}" for r in rows))
for name, fn in lines:
    vals = [fn(r["L"], r) for r in rows]
    print(f"{name:46}" + "".join(f"{v:>12.4g}" if v is not None else f"{'-':>12}" for v in vals))
def ratio(a, b):
    return [us[(a, r["L"])] / us[(b, r["L"])] for r in rows]
print(f"{'full / incremental flip':46}" + "".join(f"{v:>12.3g}" for v in ratio("FkFlipFull", "FkFlipIncremental")))
print(f"{'full flip / surrogate flip':46}" + "".join(f"{v:>12.3g}" for v in ratio("FkFlipFull", "FkSurrogateFlipDifference")))
print(f"{'incremental flip / surrogate flip':46}"
      + "".join(f"{v:>12.3g}" for v in ratio("FkFlipIncremental", "FkSurrogateFlipDifference")))
print(f"{'numpy eigvalsh / bbg dsyevd':46}"
      + "".join(f"{r['numpy_eigvalsh_us'] / us[('FkLapackDirect', r['L'])]:>12.3g}" for r in rows))
print(f"{'same matrices: S (C++)':46}" + "".join(f"{action.get(r['L'], float('nan')):>12.7g}" for r in rows))
print(f"{'same matrices: S (NumPy)':46}" + "".join(f"{r['action']:>12.7g}" for r in rows))
PYEOF
echo "raw JSON: $OUT"

#!/usr/bin/python3
"""NumPy / SciPy peer of bench/bench_fk_eigenvalues.cpp and bench_fk_flip.cpp: the same
Falicov-Kimball one-body matrices h(x) (L x L periodic, t = 1, U = 4, the spins of
bench/fk_bench_spins.hpp: sign bits of splitmix64 from seed 1), one thread, CPU microseconds
per matrix for

  numpy.linalg.eigvalsh            (LAPACK dsyevd through NumPy's umath_linalg)
  numpy.linalg.eigvalsh, batch 64  (one call on [64, N, N], as the batched at::linalg_eigvalsh)
  scipy.linalg.eigvalsh evd        (driver = 'evd', check_finite = False)
  scipy.linalg.eigvalsh default    (default driver 'evr', default check_finite = True)
  numpy.linalg.eigh                (eigenvectors too: what a full accept costs)
  scipy.linalg.eigh evd            (driver = 'evd', check_finite = False)

Every timed call includes building h(x) from the spins (a copy of the hopping matrix and its
diagonal), as the C++ side does. Also printed: S = beta F of the configuration (beta = 1/0.15),
which must equal the C++ counter `action` (the same matrices).

Usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/fk_eigvalsh_numpy.py
       [--sizes 4 8 16] [--min-time 1.0] [--repeats 5] [--json]
(the thread variables are also set here before NumPy is imported).
"""
import argparse
import json
import os
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.linalg  # noqa: E402

MASK = (1 << 64) - 1
T_HOP, U, BETA = 1.0, 4.0, 1.0 / 0.15


def fk_spins(n, seed):
    """bench/fk_bench_spins.hpp: sign bit of splitmix64 (set: +1)."""
    out, x = np.empty(n), seed
    for i in range(n):
        x = (x + 0x9E3779B97F4A7C15) & MASK
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        out[i] = 1.0 if (z >> 63) else -1.0
    return out


def hopping_matrix(l):
    """-t A: one bond (i, i + e_mu) per site and axis (exact/falicov_kimball_model.cpp)."""
    n = l * l
    a = np.zeros((n, n))
    for ix in range(l):
        for iy in range(l):
            i = ix * l + iy
            for j in (((ix + 1) % l) * l + iy, ix * l + (iy + 1) % l):
                a[i, j] -= T_HOP
                a[j, i] -= T_HOP
    return a


def one_body(hop, spins):
    h = hop.copy()
    h[np.diag_indices_from(h)] = 0.5 * U * spins
    return h


def action(eps):
    y = np.abs(0.5 * BETA * eps)
    return float(-np.sum(y + np.log1p(np.exp(-2.0 * y))))


def time_per_call(fn, min_time, repeats):
    """Median over `repeats` of the mean process CPU time of one call (one thread, so CPU
    time is compute time; robust on a shared machine), each repeat >= min_time / repeats."""
    fn()
    calls, start = 1, time.process_time()
    while time.process_time() - start < 0.05:
        fn()
        calls += 1
    per = max(1, int(calls * (min_time / repeats) / 0.05))
    samples = []
    for _ in range(repeats):
        t0 = time.process_time()
        for _ in range(per):
            fn()
        samples.append((time.process_time() - t0) / per)
    return float(np.median(samples))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[4, 8, 16])
    p.add_argument("--min-time", type=float, default=1.0)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    rows = []
    for l in a.sizes:
        n = l * l
        hop, s = hopping_matrix(l), fk_spins(n, 1)
        eps = np.linalg.eigvalsh(one_body(hop, s))
        batch = np.empty((64, n, n))

        def batched():
            for b in range(64):
                batch[b] = hop
                batch[b][np.diag_indices(n)] = 0.5 * U * s
            np.linalg.eigvalsh(batch)

        cases = {
            "numpy_eigvalsh": lambda: np.linalg.eigvalsh(one_body(hop, s)),
            "numpy_eigvalsh_batch64": batched,
            "scipy_eigvalsh_evd": lambda: scipy.linalg.eigvalsh(one_body(hop, s), driver="evd", check_finite=False),
            "scipy_eigvalsh_default": lambda: scipy.linalg.eigvalsh(one_body(hop, s)),
            "numpy_eigh": lambda: np.linalg.eigh(one_body(hop, s)),
            "scipy_eigh_evd": lambda: scipy.linalg.eigh(one_body(hop, s), driver="evd", check_finite=False),
        }
        row = {"L": l, "N": n, "action": action(eps)}
        for name, fn in cases.items():
            t = time_per_call(fn, a.min_time, a.repeats)
            row[name + "_us"] = 1e6 * t / (64 if name.endswith("batch64") else 1)
        rows.append(row)
    meta = {"numpy": np.__version__, "scipy": scipy.__version__, "python": sys.version.split()[0]}
    if a.json:
        print(json.dumps({"meta": meta, "rows": rows}))
        return
    print("# " + ", ".join(f"{k} {v}" for k, v in meta.items()) + "; CPU microseconds per matrix, one thread")
    keys = [k for k in rows[0] if k.endswith("_us")]
    print("L    N  " + "  ".join(f"{k[:-3]:>22}" for k in keys) + "  action")
    for r in rows:
        print(f"{r['L']:<3}{r['N']:>4}  " + "  ".join(f"{r[k]:>22.2f}" for k in keys) + f"  {r['action']:.12g}")


if __name__ == "__main__":
    main()

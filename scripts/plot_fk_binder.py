#!/usr/bin/python3
"""T_c of the Falicov-Kimball checkerboard transition from the Binder cumulant crossing.

Usage: /usr/bin/python3 scripts/plot_fk_binder.py OUT.png RUN_DIR [RUN_DIR ...]

Each RUN_DIR is a `bbg run` (exact Metropolis, summary key "mcmc") or a `bbg exact` run
(enumeration, summary key "exact") of a Falicov-Kimball configuration. Runs are grouped by
L and sorted by T = 1 / beta. The Binder cumulant U_L = 1 - <S^2> / (3 <S>^2), S = S(pi,pi),
and the specific heat per site are drawn against T; for each pair of consecutive sizes the
crossing of U_L(T) is found by linear interpolation of the difference between neighbouring
temperatures, its error by propagating the Monte Carlo errors of the four points (Gaussian
resampling, 2000 draws). docs/surrogate_mc.md, "T_c at small L".
"""
import json
import os
import random
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt


def point(summary, q):
    if "mcmc" in summary and q in summary["mcmc"]["observables"]:
        o = summary["mcmc"]["observables"][q]
        return o["value"], o["error"]
    return summary["exact"]["observables"][q], 0.0


def crossing(ta, a, b):
    """First T where a(T) - b(T) changes sign, by linear interpolation; None if none."""
    d = [x - y for x, y in zip(a, b)]
    for i in range(len(d) - 1):
        if d[i] == 0.0:
            return ta[i]
        if d[i] * d[i + 1] < 0:
            return ta[i] + (ta[i + 1] - ta[i]) * d[i] / (d[i] - d[i + 1])
    return None


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    by_l = {}
    for d in argv[2:]:
        with open(os.path.join(d, "summary.json")) as f:
            s = json.load(f)
        L = s["target"]["shape"][0]
        by_l.setdefault(L, []).append((1.0 / s["target"]["parameters"]["beta"], s))
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    series = {}
    for L in sorted(by_l):
        runs = sorted(by_l[L], key=lambda r: r[0])
        temps = [t for t, _ in runs]
        u = [point(s, "binder") for _, s in runs]
        c = [point(s, "specific_heat") for _, s in runs]
        series[L] = (temps, u)
        axes[0].errorbar(temps, [v for v, _ in u], yerr=[e for _, e in u], fmt="o-", ms=3, lw=0.8, label="L = %d" % L)
        axes[1].errorbar(temps, [v for v, _ in c], yerr=[e for _, e in c], fmt="o-", ms=3, lw=0.8,
                         label="L = %d" % L)  # the target's specific_heat is per site
    axes[0].set_title("Binder cumulant of S(pi, pi)", fontsize=10)
    axes[1].set_title("specific heat per site", fontsize=10)
    for ax in axes:
        ax.set_xlabel("T / t")
        ax.legend(fontsize=8)
    sizes = sorted(series)
    rng = random.Random(1)
    print("| L1 | L2 | T_cross | error |")
    print("|---|---|---|---|")
    for l1, l2 in zip(sizes, sizes[1:]):
        t1, u1 = series[l1]
        t2, u2 = series[l2]
        common = [t for t in t1 if any(abs(t - x) < 1e-9 for x in t2)]
        a = [u1[t1.index(t)] for t in common]
        b = [u2[[abs(t - x) < 1e-9 for x in t2].index(True)] for t in common]
        t0 = crossing(common, [v for v, _ in a], [v for v, _ in b])
        if t0 is None:
            print("| %d | %d | no crossing in range | |" % (l1, l2))
            continue
        draws = []
        for _ in range(2000):
            x = crossing(common, [rng.gauss(v, e) for v, e in a], [rng.gauss(v, e) for v, e in b])
            if x is not None:
                draws.append(x)
        m = sum(draws) / len(draws)
        sd = (sum((x - m) ** 2 for x in draws) / max(1, len(draws) - 1)) ** 0.5
        print("| %d | %d | %.4f | %.4f |" % (l1, l2, t0, sd))
        axes[0].axvline(t0, color="grey", lw=0.6, ls=":")
    fig.suptitle("Falicov-Kimball U = %g: exact Monte Carlo (L = 4: enumeration)" %
                 by_l[sizes[0]][0][1]["target"]["parameters"]["U"], fontsize=10)
    fig.tight_layout()
    fig.savefig(argv[1], dpi=110)
    print("wrote " + argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

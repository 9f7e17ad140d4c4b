#!/usr/bin/python3
"""S(pi,pi) and the specific heat against T for every surrogate Monte Carlo method.

Usage: /usr/bin/python3 scripts/plot_surrogate_scan.py OUT.png RUN_DIR [RUN_DIR ...]

Each RUN_DIR is a `bbg run` of a Falicov-Kimball configuration with a [surrogate] section
(summary.json keys "target", "mcmc", "surrogate"). One row of panels per surrogate (linear,
network:<sampler>), each with the methods that need no surrogate (exact, generative). The
exact Metropolis reference of the run is drawn as a black line with its error band. Each
method is drawn with its Monte Carlo error; the draws method shows its total error
sqrt(aleatoric^2 + epistemic^2).
docs/surrogate_mc.md.
"""
import json
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    runs = []
    for d in argv[2:]:
        with open(os.path.join(d, "summary.json")) as f:
            s = json.load(f)
        runs.append((1.0 / s["target"]["parameters"]["beta"], s))
    runs.sort(key=lambda r: r[0])
    temps = [t for t, _ in runs]
    methods = list(runs[0][1]["surrogate"]["methods"].values())
    # one row per surrogate; the methods without a surrogate (exact, generative) in every row
    surrogates = []
    for m in methods:
        if m.get("surrogate", "linear") and m.get("surrogate", "linear") not in surrogates:
            surrogates.append(m.get("surrogate", "linear"))
    keys = list(runs[0][1]["surrogate"]["methods"].keys())
    fig, axes = plt.subplots(len(surrogates), 2, figsize=(10, 3.4 * len(surrogates)), squeeze=False)
    for row, sur in enumerate(surrogates):
        chosen = [k for k in keys if runs[0][1]["surrogate"]["methods"][k].get("surrogate", "linear") in ("", sur)]
        for ax, q, label in ((axes[row][0], "structure_factor", "S(pi, pi)"),
                             (axes[row][1], "specific_heat", "specific heat C")):
            ref = [s["mcmc"]["observables"][q] for _, s in runs]
            v = [r["value"] for r in ref]
            e = [r["error"] for r in ref]
            ax.plot(temps, v, color="black", lw=1.5, label="exact MC (reference run)")
            ax.fill_between(temps, [a - b for a, b in zip(v, e)], [a + b for a, b in zip(v, e)], color="black",
                            alpha=0.15)
            for i, m in enumerate(chosen):
                o = [s["surrogate"]["methods"][m]["observables"].get(q, {}) for _, s in runs]
                err = [x.get("total_error", x.get("error")) or 0.0 for x in o]
                dx = (i - len(chosen) / 2) * 0.0015
                name = m.split("/")[0]
                ax.errorbar([t + dx for t in temps], [x.get("value") for x in o], yerr=err, fmt="o-", ms=3, lw=0.8,
                            label=name + (" (ale+epi)" if name == "draws" else ""))
            ax.set_xlabel("T / t")
            ax.set_title("%s, surrogate %s" % (label, sur), fontsize=10)
        axes[row][0].legend(fontsize=7)
    L = runs[0][1]["target"]["shape"][0]
    fig.suptitle("Falicov-Kimball %dx%d, U = %g: exact and surrogate Monte Carlo" %
                 (L, L, runs[0][1]["target"]["parameters"]["U"]), fontsize=10)
    fig.tight_layout()
    fig.savefig(argv[1], dpi=110)
    print("wrote " + argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/python3
"""Draws the PNG plots of one bbg run directory.

Usage: /usr/bin/python3 scripts/plot_run.py RUN_DIR

A `bbg posterior` run (posterior.h5) gets predictive_bands.png, traces.png and
rhat_ess.png instead of the sampling plots. A `bbg run` with a [bayes] section adds
bayes_spread.png and bayes_ess_wbar.png (from summary.json's "bayes").

Every input is optional; a plot whose inputs are missing is skipped. Prints one
line per plot: "wrote NAME" or "skipped NAME: reason". Exit code 0 when it ran,
1 on a real failure (RUN_DIR missing, matplotlib/h5py/numpy not importable).
The bbg binary embeds this file (src/bbg/io/plots.cpp) and runs it after a run.

Conventions (docs/conventions.md): S dimensionless, F = -ln Z, log weights
lw = -S - log q, F_q = E_q[log q + S] >= F. history/f_q in train.h5 is the
total (extensive) F_q; it is divided by the number of sites here.
"""
import json
import math
import os
import sys

try:
    import numpy as np
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import h5py
except ImportError as e:
    sys.stderr.write("plot_run.py: %s (Debian: apt-get install python3-numpy "
                     "python3-matplotlib python3-h5py)\n" % e)
    sys.exit(1)


def read_summary(run_dir):
    path = os.path.join(run_dir, "summary.json")
    if not os.path.isfile(path):
        return {}
    try:
        with open(path) as f:
            s = json.load(f)
        return s if isinstance(s, dict) else {}
    except (OSError, ValueError) as e:
        print("note: cannot read summary.json (%s)" % e)
        return {}


def number(x):
    """A finite float or None."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def read_h5(path, names):
    """Datasets `names` (missing ones left out) and root attributes, or None."""
    if not os.path.isfile(path):
        return None
    try:
        with h5py.File(path, "r") as f:
            data = {n: np.asarray(f[n][()]) for n in names
                    if n in f and isinstance(f[n], h5py.Dataset)}
            attrs = {k: f.attrs[k] for k in f.attrs}
        return data, attrs
    except (OSError, KeyError, ValueError) as e:
        print("note: cannot read %s (%s)" % (os.path.basename(path), e))
        return None


def save(fig, run_dir, name):
    # Write a sibling first and rename, so a reader never sees half a PNG.
    final = os.path.join(run_dir, name)
    tmp = final + ".tmp.png"
    fig.savefig(tmp, dpi=110, bbox_inches="tight")
    plt.close(fig)
    os.replace(tmp, final)
    print("wrote " + name)


def skipped(run_dir, name, why):
    # A PNG left from an earlier run in this directory would pass for a result.
    stale = os.path.join(run_dir, name)
    if os.path.isfile(stale):
        os.remove(stale)
        why += " (removed the stale %s)" % name
    print("skipped %s: %s" % (name, why))


def plot_training(run_dir, train, sites, exact_f):
    """exact_f: exact F per site (or total F when sites is None), or None."""
    name = "training.png"
    if train is None:
        return skipped(run_dir, name, "no train.h5")
    h = train[0]
    if "history/step" not in h:
        return skipped(run_dir, name, "train.h5 has no history/step")
    step = h["history/step"].astype(float).ravel()
    series = lambda k: h[k].astype(float).ravel()[: step.size] if k in h else None
    fq, fq_err = series("history/f_q"), series("history/f_q_error")
    ess, acc = series("history/ess_per_sample"), series("history/nmcmc_acceptance")
    if fq is None and ess is None and acc is None:
        return skipped(run_dir, name, "history has none of f_q, ess_per_sample, nmcmc_acceptance")

    scale = 1.0 / sites if sites else 1.0
    unit = "F/V" if sites else "F (total; number of sites unknown)"
    objective = train[1].get("objective")
    if isinstance(objective, bytes):
        objective = objective.decode("utf-8", "replace")

    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(7.5, 6.5))
    if fq is not None:
        x, y = step[: fq.size], fq * scale
        top.plot(x, y, color="C0", lw=1.2, label="F_q/V" if sites else "F_q")
        if fq_err is not None and fq_err.size == fq.size:
            e = fq_err * scale
            top.fill_between(x, y - e, y + e, color="C0", alpha=0.25, lw=0,
                             label="+- 1 standard error")
    else:
        top.text(0.5, 0.5, "no f_q in history", transform=top.transAxes, ha="center")
    if exact_f is not None:
        top.axhline(exact_f, color="k", ls="--", lw=1.0, label="exact F/V" if sites else "exact F")
    top.set_ylabel(unit)
    title = "F_q = E_q[log q + S] >= F (variational upper bound), F = -ln Z"
    if objective:
        title += "\nobjective: %s" % objective
    top.set_title(title, fontsize=10)
    if top.get_legend_handles_labels()[0]:
        top.legend(fontsize=8)
    top.grid(alpha=0.3)

    if ess is not None:
        bottom.plot(step[: ess.size], ess, color="C1", lw=1.2,
                    label="ESS per sample (sum w)^2 / (N sum w^2)")
    if acc is not None:
        bottom.plot(step[: acc.size], acc, color="C2", lw=1.2, label="NMCMC acceptance")
    if ess is None and acc is None:
        bottom.text(0.5, 0.5, "no ESS / acceptance in history", transform=bottom.transAxes,
                    ha="center")
    bottom.set_ylim(0.0, 1.02)
    bottom.set_xlabel("training step")
    bottom.set_ylabel("fraction (0..1)")
    if bottom.get_legend_handles_labels()[0]:
        bottom.legend(fontsize=8)
    bottom.grid(alpha=0.3)
    save(fig, run_dir, name)


def finite(a):
    a = np.asarray(a, dtype=float).ravel()
    return a[np.isfinite(a)]


def normalized_weights(lw):
    """w = exp(lw - max lw) over the finite log weights; -inf gives w = 0."""
    lw = np.asarray(lw, dtype=float).ravel()
    keep = ~np.isnan(lw) & (lw != np.inf)
    lw = lw[keep]
    if lw.size == 0 or not np.isfinite(lw).any():
        return None, keep
    return np.exp(lw - lw[np.isfinite(lw)].max()), keep


def plot_magnetization(run_dir, reference, flow):
    name = "magnetization.png"
    ref_m = None
    if reference is not None and "observables/m" in reference[0]:
        ref_m = finite(reference[0]["observables/m"])
    model_m = None
    if flow is not None and "observables/m" in flow[0]:
        model_m = np.asarray(flow[0]["observables/m"], dtype=float).ravel()
    if (ref_m is None or ref_m.size == 0) and (model_m is None or model_m.size == 0):
        return skipped(run_dir, name, "no observables/m in a reference (hmc.h5/mcmc.h5) or flow_samples.h5")

    pooled = [a for a in (ref_m, finite(model_m) if model_m is not None else None)
              if a is not None and a.size]
    lo = min(a.min() for a in pooled)
    hi = max(a.max() for a in pooled)
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    bins = np.linspace(lo, hi, 61)

    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    if ref_m is not None and ref_m.size:
        ax.hist(ref_m, bins=bins, density=True, histtype="stepfilled", alpha=0.3,
                color="k", label="%s (%d samples)" % (reference[2], ref_m.size))
    if model_m is not None and model_m.size:
        ok = np.isfinite(model_m)
        ax.hist(model_m[ok], bins=bins, density=True, histtype="step", lw=1.5,
                color="C0", label="model q, raw")
        lw = flow[0].get("log_weight")
        if lw is not None and np.asarray(lw).size == model_m.size:
            w, keep = normalized_weights(lw)
            m = model_m[keep]
            if w is not None and np.isfinite(m).all() and w.sum() > 0:
                ax.hist(m, bins=bins, weights=w / w.sum(), density=True, histtype="step",
                        lw=1.5, color="C3", label="model q, reweighted")
    ax.set_xlabel("M (magnetization per site)")
    ax.set_ylabel("density")
    ax.set_title("magnetization: reference MCMC vs model q; reweighted with "
                 "w = exp(lw - max lw), lw = -S - log q", fontsize=9)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    save(fig, run_dir, name)


def plot_weights(run_dir, flow):
    name = "weights.png"
    if flow is None or "log_weight" not in flow[0]:
        return skipped(run_dir, name, "no log_weight in flow_samples.h5")
    w, _ = normalized_weights(flow[0]["log_weight"])
    if w is None or w.sum() <= 0:
        return skipped(run_dir, name, "no finite log weights")
    n = w.size
    ess = w.sum() ** 2 / (n * np.sum(w * w))
    pos = w[w > 0]
    rel = np.log10(pos / w.mean())
    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    ax.hist(rel, bins=60, color="C0", alpha=0.8)
    ax.axvline(0.0, color="k", ls="--", lw=1.0, label="w = mean w")
    ax.set_yscale("log")
    ax.set_xlabel("log10(w / mean w),  w = exp(lw - max lw),  lw = -S - log q")
    ax.set_ylabel("count")
    zero = n - pos.size
    title = "importance weights of %d model samples: ESS per sample = %.4g" % (n, ess)
    if zero:
        title += " (%d with w = 0 not shown)" % zero
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    save(fig, run_dir, name)


def read_posterior(path):
    """{sampler: {name: array}} and the data group of a posterior.h5, or None."""
    if not os.path.isfile(path):
        return None
    try:
        with h5py.File(path, "r") as f:
            data = {k: np.asarray(f["data"][k][()]) for k in f["data"]} if "data" in f else {}
            samplers = {}
            for name in f:
                if name == "data" or not isinstance(f[name], h5py.Group):
                    continue
                g = f[name]
                d = {k: np.asarray(g[k][()]) for k in g if isinstance(g[k], h5py.Dataset)}
                if "summary" in g:
                    d.update({"summary/" + k: np.asarray(g["summary"][k][()]) for k in g["summary"]})
                samplers[name] = d
        return samplers, data
    except (OSError, KeyError, ValueError) as e:
        print("note: cannot read posterior.h5 (%s)" % e)
        return None


def plot_predictive_bands(run_dir, samplers, data, band):
    """1-D regression: data, predictive mean, the total band and the epistemic part."""
    name = "predictive_bands.png"
    xh = data.get("held_inputs")
    if xh is None or xh.ndim != 2 or xh.shape[1] != 1 or xh.shape[0] == 0:
        skipped(run_dir, name, "needs one input column and held-out points")
        return
    with_band = [s for s in samplers if "summary/lower" in samplers[s]]
    if not with_band:
        skipped(run_dir, name, "no regression band (classification or no held-out points)")
        return
    order = np.argsort(xh[:, 0])
    x = xh[order, 0]
    n = len(with_band)
    cols = min(n, 3)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.6 * cols, 3.4 * rows), squeeze=False)
    for ax, s in zip(axes.ravel(), with_band):
        d = samplers[s]
        k = d["summary/mean"].size // xh.shape[0]
        mean = d["summary/mean"].reshape(-1, k)[order, 0]
        lo = d["summary/lower"].reshape(-1, k)[order, 0]
        hi = d["summary/upper"].reshape(-1, k)[order, 0]
        epi = d["summary/sd_epistemic"].reshape(-1, k)[order, 0]
        ax.fill_between(x, lo, hi, color="C0", alpha=0.2, label="%d%% predictive band" % round(100 * band))
        ax.fill_between(x, mean - 2 * epi, mean + 2 * epi, color="C1", alpha=0.35, label="mean +- 2 sd (epistemic)")
        ax.plot(x, mean, color="C0", lw=1.2, label="predictive mean")
        if "train_inputs" in data and data["train_inputs"].shape[1] == 1:
            ax.plot(data["train_inputs"][:, 0], data["train_targets"][:, 0], "k.", ms=3, label="training data")
        ax.plot(xh[:, 0], data["held_targets"][:, 0], "x", color="C3", ms=3, label="held-out data")
        ax.set_title(s, fontsize=10)
        ax.grid(alpha=0.3)
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    axes[0][0].legend(fontsize=7)
    save(fig, run_dir, name)


def plot_traces(run_dir, samplers):
    name = "traces.png"
    with_trace = [s for s in samplers if "log_likelihood" in samplers[s] and samplers[s]["log_likelihood"].shape[1] > 1]
    if not with_trace:
        skipped(run_dir, name, "no chains with more than one draw")
        return
    fig, axes = plt.subplots(len(with_trace), 1, figsize=(8, 2.2 * len(with_trace)), squeeze=False)
    for ax, s in zip(axes[:, 0], with_trace):
        ll = samplers[s]["log_likelihood"]
        for c in range(ll.shape[0]):
            ax.plot(ll[c], lw=0.6, label="chain %d" % c)
        ax.set_ylabel("log likelihood")
        ax.set_title(s, fontsize=10)
        ax.grid(alpha=0.3)
    axes[-1][0].set_xlabel("draw")
    axes[0][0].legend(fontsize=7, ncol=4)
    save(fig, run_dir, name)


def plot_rhat_ess(run_dir, samplers, summary):
    name = "rhat_ess.png"
    post = summary.get("posterior") if isinstance(summary.get("posterior"), dict) else {}
    with_diag = [s for s in samplers if "summary/rhat" in samplers[s] and s in post]
    if not with_diag:
        skipped(run_dir, name, "no held-out predictions with diagnostics")
        return
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 3.4))
    for i, s in enumerate(with_diag):
        r = samplers[s]["summary/rhat"]
        e = samplers[s]["summary/ess_bulk"]
        idx = np.arange(r.size)
        a1.plot(idx, r, ".", ms=3, color="C%d" % i, label=s)
        a2.plot(idx, e, ".", ms=3, color="C%d" % i, label=s)
        ll = post[s].get("log_likelihood", {})
        if number(ll.get("rhat")) is not None:
            a1.axhline(number(ll.get("rhat")), color="C%d" % i, ls=":", lw=0.8)
        if number(ll.get("ess_bulk")) is not None:
            a2.axhline(number(ll.get("ess_bulk")), color="C%d" % i, ls=":", lw=0.8)
    a1.axhline(1.01, color="k", lw=0.8, ls="--", label="1.01")
    a2.axhline(100, color="k", lw=0.8, ls="--", label="100")
    a1.set_xlabel("held-out prediction")
    a2.set_xlabel("held-out prediction")
    a1.set_ylabel("split R-hat (dotted: log likelihood)")
    a2.set_ylabel("bulk ESS (dotted: log likelihood)")
    a2.set_yscale("log")
    for a in (a1, a2):
        a.grid(alpha=0.3)
        a.legend(fontsize=7)
    save(fig, run_dir, name)


def bayes_quantities(sets):
    """Up to three quantities to plot: F/V and the first observables present."""
    first = next(iter(sets.values()))
    names = list(first.get("quantities", {}).keys())
    chosen = [n for n in ("F/V", "abs_m", "m2", "energy") if n in names]
    return chosen[:3] or names[:3]


def plot_bayes_spread(run_dir, bayes):
    """Per-draw plain and NIS estimates of each set, with the reference, the single
    network and q_bar (docs/bayesian_generators.md)."""
    name = "bayes_spread.png"
    sets = bayes.get("sets", {}) if isinstance(bayes.get("sets"), dict) else {}
    sets = {k: v for k, v in sets.items() if isinstance(v.get("quantities"), dict)}  # sets with usable draws
    if not sets:
        return skipped(run_dir, name, "no draw set with usable draws in summary.json")
    quantities = bayes_quantities(sets)
    fig, axes = plt.subplots(len(sets), len(quantities), figsize=(4.2 * len(quantities), 3.0 * len(sets)),
                             squeeze=False)
    for i, (label, st) in enumerate(sets.items()):
        for j, q in enumerate(quantities):
            ax = axes[i][j]
            o = st.get("quantities", {}).get(q, {})
            for key, colour, dx, text in (("plain", "tab:blue", -0.1, "plain (unreweighted)"),
                                          ("nis", "tab:orange", 0.1, "NIS")):
                v = [number(x) for x in o.get(key, {}).get("per_draw", [])]
                e = [number(x) or 0.0 for x in o.get(key, {}).get("per_draw_error", [])]
                k = [n for n in range(len(v)) if v[n] is not None]
                if k:
                    ax.errorbar([n + dx for n in k], [v[n] for n in k], yerr=[e[n] for n in k], fmt="o",
                                ms=3, color=colour, label=text)
            ref = o.get("reference") or {}
            r = number(ref.get("value"))
            if r is not None:
                ax.axhline(r, color="black", lw=1, label=str(ref.get("source", "reference")).split(" (")[0])
            single = number((o.get("single_network_nis") or {}).get("value"))
            if single is not None:
                ax.axhline(single, color="tab:green", ls="--", lw=1, label="single network NIS")
            mix = o.get("mixture_nis") or {}
            mv, me = number(mix.get("value")), number(mix.get("error"))
            if mv is not None:
                ax.axhspan(mv - (me or 0.0), mv + (me or 0.0), color="tab:red", alpha=0.25, label="q_bar NIS")
            ax.set_title("%s: %s" % (label, q), fontsize=9)
            ax.set_xlabel("draw k")
            if i == 0 and j == 0:
                ax.legend(fontsize=6)
    fig.tight_layout()
    save(fig, run_dir, name)


def plot_bayes_quality(run_dir, bayes):
    """ESS/N and w_bar of each draw against the single network and q_bar."""
    name = "bayes_ess_wbar.png"
    sets = bayes.get("sets", {}) if isinstance(bayes.get("sets"), dict) else {}
    sets = {k: v for k, v in sets.items() if isinstance(v.get("sampler_quality"), dict)}
    if not sets:
        return skipped(run_dir, name, "no draw set with usable draws in summary.json")
    panels = [("ess_per_sample", "NIS ESS / N"), ("w_bar", "mode dropping w_bar = Z_q / Z_p")]
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
    for ax, (key, title) in zip(axes, panels):
        for x, (label, st) in enumerate(sets.items()):
            row = st.get("sampler_quality", {}).get(key)
            if not isinstance(row, dict):
                continue
            v = [number(y) for y in row.get("per_draw", [])]
            v = [y for y in v if y is not None]
            ax.plot([x] * len(v), v, "o", ms=4, color="tab:blue", alpha=0.6, label="draws" if x == 0 else None)
            single, mix = number(row.get("single_network")), number(row.get("mixture"))
            if single is not None:
                ax.plot([x - 0.15], [single], "s", color="tab:green", label="single network" if x == 0 else None)
            if mix is not None:
                ax.plot([x + 0.15], [mix], "*", ms=10, color="tab:red", label="q_bar" if x == 0 else None)
        if key == "w_bar":
            ax.axhline(1.0, color="black", lw=0.8)
        ax.set_xticks(range(len(sets)))
        ax.set_xticklabels(list(sets.keys()), fontsize=7, rotation=15)
        ax.set_title(title, fontsize=9)
        ax.legend(fontsize=7)
    fig.tight_layout()
    save(fig, run_dir, name)


def plot_posterior_run(run_dir, summary):
    read = read_posterior(os.path.join(run_dir, "posterior.h5"))
    if read is None:
        return 1
    samplers, data = read
    band = 0.9
    settings = summary.get("posterior", {})
    for s in settings.values():
        b = number(s.get("held_out", {}).get("band"))
        if b is not None:
            band = b
    plot_predictive_bands(run_dir, samplers, data, band)
    plot_traces(run_dir, samplers)
    plot_rhat_ess(run_dir, samplers, summary)
    return 0


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: plot_run.py RUN_DIR\n")
        return 2
    run_dir = argv[1]
    if not os.path.isdir(run_dir):
        sys.stderr.write("plot_run.py: run directory %r does not exist\n" % run_dir)
        return 1

    summary = read_summary(run_dir)
    if os.path.isfile(os.path.join(run_dir, "posterior.h5")):
        return plot_posterior_run(run_dir, summary)
    history = ["history/" + k for k in ("step", "f_q", "f_q_error", "ess_per_sample",
                                        "nmcmc_acceptance", "grad_norm", "learning_rate",
                                        "loss")]
    train = read_h5(os.path.join(run_dir, "train.h5"), history)
    flow = read_h5(os.path.join(run_dir, "flow_samples.h5"), ["observables/m", "log_weight"])
    reference = None
    for fname, label in (("hmc.h5", "HMC"), ("mcmc.h5", "MCMC")):
        r = read_h5(os.path.join(run_dir, fname), ["observables/m"])
        if r is not None:
            if label == "MCMC":
                algo = r[1].get("sampler", "")
                if isinstance(algo, bytes):
                    algo = algo.decode("utf-8", "replace")
                if not algo and isinstance(summary.get("mcmc"), dict):
                    algo = summary["mcmc"].get("algorithm", "")
                algo = str(algo).lower()
                label = "Wolff" if "wolff" in algo else (
                    "Metropolis" if "metropolis" in algo else "MCMC")
            reference = (r[0], r[1], label)
            break

    # Number of sites: train.h5 attribute, else summary.json.
    sites = None
    if train is not None and "sites" in train[1]:
        sites = number(np.asarray(train[1]["sites"]).ravel()[0])
    if not sites:
        target = summary.get("target") if isinstance(summary.get("target"), dict) else {}
        sites = number(target.get("sites", summary.get("sites")))
    if sites is not None and sites <= 0:
        sites = None

    # Exact F in the units of the F_q panel: per site when sites are known, else total.
    exact = summary.get("exact") if isinstance(summary.get("exact"), dict) else {}
    log_z = number(exact.get("log_z"))
    if sites:
        exact_f = -log_z / sites if log_z is not None else number(exact.get("f_per_site"))
    else:
        exact_f = -log_z if log_z is not None else None

    plot_training(run_dir, train, sites, exact_f)
    plot_magnetization(run_dir, reference, flow)
    plot_weights(run_dir, flow)
    if isinstance(summary.get("bayes"), dict):
        plot_bayes_spread(run_dir, summary["bayes"])
        plot_bayes_quality(run_dir, summary["bayes"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

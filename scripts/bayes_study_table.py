#!/usr/bin/python3
"""Markdown tables of the Bayesian-generator part of bbg runs (summary.json key "bayes").

Usage: /usr/bin/python3 scripts/bayes_study_table.py RUN_DIR [RUN_DIR ...]

For each run and each set of draws: the plain F/V over draws (mean, sd_epistemic,
sd_aleatoric, bias against the reference), the chi-square of the K NIS estimates of
ln Z, q_bar's NIS F/V, and ESS/N, NMCMC acceptance and w_bar for the single network,
the draws (range) and q_bar; then the cost. docs/bayesian_generators.md uses it.
"""
import json
import os
import sys


def num(x, fmt="%.4g"):
    return fmt % x if isinstance(x, (int, float)) else "-"


def rng(v):
    v = [x for x in v if isinstance(x, (int, float))]
    return "%.3g–%.3g" % (min(v), max(v)) if v else "-"


def main(argv):
    rows = []
    for run in argv[1:]:
        with open(os.path.join(run, "summary.json")) as f:
            s = json.load(f)
        for label, st in s.get("bayes", {}).get("sets", {}).items():
            if "quantities" not in st:
                rows.append([os.path.basename(run.rstrip("/")), label, "no usable draw (%d failed)"
                             % len(st.get("failed_draws", []))] + ["-"] * 7)
                continue
            fv = st["quantities"]["F/V"]
            lz = st["quantities"]["ln Z"]
            p = fv["plain"]
            q = st["sampler_quality"]
            w = q.get("w_bar", {})
            rows.append([os.path.basename(run.rstrip("/")), label,
                         "%s (%s, %s)" % (num(p.get("mean"), "%.5f"), num(p.get("sd_epistemic"), "%.2g"),
                                          num(p.get("sd_aleatoric"), "%.2g")),
                         "%s ± %s" % (num(p.get("bias"), "%.2g"), num(p.get("bias_error"), "%.1g")),
                         "%s/%s" % (num(lz["nis"].get("chi2"), "%.1f"), lz["nis"].get("dof", "-")),
                         "%s ± %s" % (num(fv["mixture_nis"].get("value"), "%.5f"),
                                      num(fv["mixture_nis"].get("error"), "%.1g")),
                         "%s / %s / %s" % (num(q["ess_per_sample"]["single_network"], "%.3f"),
                                           rng(q["ess_per_sample"]["per_draw"]),
                                           num(q["ess_per_sample"]["mixture"], "%.3f")),
                         "%s / %s / %s" % (num(q["nmcmc_acceptance"]["single_network"], "%.3f"),
                                           rng(q["nmcmc_acceptance"]["per_draw"]),
                                           num(q["nmcmc_acceptance"]["mixture"], "%.3f")),
                         "%s / %s / %s" % (num(w.get("single_network"), "%.3f"), rng(w.get("per_draw", [])),
                                           num(w.get("mixture"), "%.3f")),
                         "%s s, ×%s" % (num(st["cost"]["make_draws_seconds"], "%.0f"),
                                        num(st["cost"]["mixture_cost_factor"], "%.1f"))])
    head = ["run", "set", "plain F/V (sd_epi, sd_ale)", "plain F/V bias", "NIS ln Z chi2/dof", "q_bar NIS F/V",
            "ESS/N single / draws / q_bar", "NMCMC acc. single / draws / q_bar", "w_bar single / draws / q_bar",
            "draws made in, q_bar cost"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        print("| " + " | ".join(r) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Writes the example data of the weight posterior (docs/bayes.md "Data") to configs/data/.

numpy only, fixed seeds: running it again reproduces the committed files byte for byte.
  linear_regression.csv       y = 1.0 x1 - 2.0 x2 + 0.5 x3 + N(0, 0.5^2), x ~ N(0, 1);
                              150 rows: the first 100 for training, the last 50 held out
                              ([data] held_out = 50).
  gap_regression.csv          y = sin(1.5 x) + 0.3 x + N(0, 0.1^2), 60 x uniform in
                              [-3, -1] u [1, 3] (no data in the gap (-1, 1));
  gap_regression_held_out.csv 81 x evenly spaced on [-4, 4], the gap and both
                              extrapolation ranges included ([data] held_out_file).
  two_moons.csv               two interleaved half circles in 2-D, 100 points each,
                              Gaussian jitter 0.15, label 0 / 1 (Bernoulli or 2-class categorical).
Usage: python3 scripts/make_bayes_data.py [output_dir]   (default configs/data next to scripts/)
"""
import os
import sys

import numpy as np


def write_csv(path, header, columns, comment, formats=None):
    rows = np.column_stack(columns)
    formats = formats or ["%.6f"] * len(header)
    with open(path, "w") as f:
        for line in comment.strip().splitlines():
            f.write("# " + line + "\n")
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(fmt % v for fmt, v in zip(formats, r)) + "\n")


def linear_regression(out):
    rng = np.random.default_rng(20240601)
    n = 150
    x = rng.standard_normal((n, 3))
    beta = np.array([1.0, -2.0, 0.5])
    y = x @ beta + 0.5 * rng.standard_normal(n)
    write_csv(os.path.join(out, "linear_regression.csv"), ["x1", "x2", "x3", "y"], [x[:, 0], x[:, 1], x[:, 2], y],
              "y = 1.0 x1 - 2.0 x2 + 0.5 x3 + N(0, 0.5^2), x ~ N(0, 1); made by scripts/make_bayes_data.py\n"
              "rows 1-100 training, rows 101-150 held out (held_out = 50)")


def gap_function(x):
    return np.sin(1.5 * x) + 0.3 * x


def gap_regression(out):
    rng = np.random.default_rng(20240602)
    n = 60
    side = rng.choice([-1.0, 1.0], size=n)
    x = side * rng.uniform(1.0, 3.0, size=n)
    x.sort()
    y = gap_function(x) + 0.1 * rng.standard_normal(n)
    write_csv(os.path.join(out, "gap_regression.csv"), ["x", "y"], [x, y],
              "y = sin(1.5 x) + 0.3 x + N(0, 0.1^2), x uniform in [-3, -1] u [1, 3]; made by scripts/make_bayes_data.py")
    xh = np.linspace(-4.0, 4.0, 81)
    yh = gap_function(xh) + 0.1 * rng.standard_normal(xh.size)
    write_csv(os.path.join(out, "gap_regression_held_out.csv"), ["x", "y"], [xh, yh],
              "held-out points of gap_regression.csv: 81 x evenly on [-4, 4], gap and extrapolation included")


def two_moons(out):
    rng = np.random.default_rng(20240603)
    per = 100
    t0 = rng.uniform(0.0, np.pi, per)
    t1 = rng.uniform(0.0, np.pi, per)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    x = np.vstack([upper, lower]) + 0.15 * rng.standard_normal((2 * per, 2))
    label = np.concatenate([np.zeros(per), np.ones(per)])
    order = rng.permutation(2 * per)
    write_csv(os.path.join(out, "two_moons.csv"), ["x1", "x2", "label"], [x[order, 0], x[order, 1], label[order]],
              "two moons: label 0 on (cos t, sin t), label 1 on (1 - cos t, 0.5 - sin t), t ~ U(0, pi),\n"
              "jitter N(0, 0.15^2); made by scripts/make_bayes_data.py", ["%.6f", "%.6f", "%d"])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "configs", "data")
    os.makedirs(out, exist_ok=True)
    linear_regression(out)
    gap_regression(out)
    two_moons(out)


if __name__ == "__main__":
    main()

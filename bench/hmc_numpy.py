#!/usr/bin/python3
"""NumPy peer of bbg's HMC benchmark (BENCHMARKS.md): the same phi^4 action in the
hopping form, leapfrog with step 0.1 and trajectory length 1 (10 steps), Metropolis
accept/reject, on a batch of independent chains (vectorised over chains, as one
would write it in NumPy). Prints site updates per second = leapfrog steps x sites / s.

Usage: /usr/bin/python3 bench/hmc_numpy.py [L] [chains] [trajectories]
"""
import sys
import time

import numpy as np


def action(phi, kappa, lam):
    hop = sum(phi * np.roll(phi, -1, axis=a) for a in (1, 2)).sum(axis=(1, 2))
    phi2 = phi * phi
    return -2.0 * kappa * hop + (phi2 * ((1.0 - 2.0 * lam) + lam * phi2)).sum(axis=(1, 2))


def force(phi, kappa, lam):
    nb = sum(np.roll(phi, s, axis=a) for a in (1, 2) for s in (1, -1))
    return -2.0 * kappa * nb + 2.0 * (1.0 - 2.0 * lam) * phi + 4.0 * lam * phi ** 3


def main():
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    chains = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    trajectories = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    kappa, lam, eps, steps = 0.2, 0.022, 0.1, 10
    rng = np.random.default_rng(1)
    phi = 0.5 * rng.standard_normal((chains, size, size))
    s_old = action(phi, kappa, lam)
    accepted = 0
    start = time.perf_counter()
    for _ in range(trajectories):
        p = rng.standard_normal(phi.shape)
        h_old = s_old + 0.5 * (p * p).sum(axis=(1, 2))
        x = phi.copy()
        p = p - 0.5 * eps * force(x, kappa, lam)
        for k in range(steps):
            x = x + eps * p
            p = p - (eps if k + 1 < steps else 0.5 * eps) * force(x, kappa, lam)
        s_new = action(x, kappa, lam)
        h_new = s_new + 0.5 * (p * p).sum(axis=(1, 2))
        accept = rng.random(chains) < np.exp(np.minimum(0.0, h_old - h_new))
        phi[accept] = x[accept]
        s_old = np.where(accept, s_new, s_old)
        accepted += accept.sum()
    seconds = time.perf_counter() - start
    rate = trajectories * steps * chains * size * size / seconds
    print(f"numpy {np.__version__} L={size} chains={chains} trajectories={trajectories}: "
          f"{rate:.3e} site updates/s, acceptance {accepted / (trajectories * chains):.3f}, {seconds:.2f} s")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""PyTorch peer of bench/bench_bayes.cpp: Bayesian MLP samplers written as a user would.

The same regression MLP (nn.Sequential: Linear(4, h) Tanh Linear(h, h) Tanh Linear(h, 1)),
the same synthetic data sizes, Gaussian likelihood (sigma = 0.5) and fan-in Gaussian
prior, and the same updates as the C++ side, as a hand-written Python loop:
  loss = -(N / n) sum_batch log p(y | x, theta) - log p(theta)   (autograd)
  SGLD:  theta <- theta - (eps / 2) grad + sqrt(eps) N(0, 1)      (torch.no_grad)
  SGHMC: v <- v - eta grad - alpha v + N(0, 2 alpha eta);  theta <- theta + v
  HMC:   full batch, Python leapfrog loop (10 steps: 11 gradients + 1 value), MH test.
Minibatches: a torch.randperm per epoch, consecutive slices (without replacement), as bbg.
One thread. Prints one JSON line: steps per second of wall-clock and of process CPU time.

  /usr/bin/python3 bench/bayes_torch.py --sampler sgld --hidden 50 --batch 32 --data 10000 --bits 32 --min-time 3
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn

SIGMA = 0.5


def make_problem(hidden, n_data, bits, seed=1234):
    torch.manual_seed(seed)
    dtype = torch.float32 if bits == 32 else torch.float64
    model = nn.Sequential(nn.Linear(4, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(),
                          nn.Linear(hidden, 1)).to(dtype)
    x = torch.randn(n_data, 4, dtype=torch.float64)
    y = torch.sin(x.sum(1, keepdim=True)) + 0.1 * torch.randn(n_data, 1, dtype=torch.float64)
    params = list(model.parameters())
    # fan-in prior scales, one per tensor (a bias takes its weight's fan-in)
    fan_in = []
    for p in params:
        fan_in.append(p.shape[1] if p.dim() == 2 else fan_in[-1])
    inv_var = [float(f) for f in fan_in]  # 1 / s_k^2 with s_k = 1 / sqrt(fan_in)
    return model, params, x.to(dtype), y.to(dtype), inv_var


class Minibatches:
    def __init__(self, n_data, batch):
        self.n, self.b = n_data, batch
        self.perm, self.pos = torch.randperm(n_data), 0

    def next(self):
        if self.pos + self.b > self.n:
            self.perm, self.pos = torch.randperm(self.n), 0
        idx = self.perm[self.pos:self.pos + self.b]
        self.pos += self.b
        return idx


def neg_log_posterior(model, params, inv_var, xb, yb, scale):
    out = model(xb)
    log_lik = (-(yb - out) ** 2 / (2 * SIGMA ** 2) - math.log(SIGMA) - 0.5 * math.log(2 * math.pi)).sum()
    log_prior = sum(-0.5 * iv * (p ** 2).sum() for p, iv in zip(params, inv_var))
    return -scale * log_lik - log_prior


def sgld_step_fn(model, params, inv_var, x, y, batch, eps=1e-6):
    mb = Minibatches(x.shape[0], batch)
    scale, root = x.shape[0] / batch, math.sqrt(eps)

    def step():
        idx = mb.next()
        loss = neg_log_posterior(model, params, inv_var, x[idx], y[idx], scale)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g in zip(params, grads):
                p.add_(g, alpha=-0.5 * eps).add_(torch.randn_like(p), alpha=root)
    return step


def sghmc_step_fn(model, params, inv_var, x, y, batch, eta=1e-7, alpha=0.1):
    mb = Minibatches(x.shape[0], batch)
    scale, noise = x.shape[0] / batch, math.sqrt(2 * alpha * eta)
    vel = [torch.zeros_like(p) for p in params]

    def step():
        idx = mb.next()
        loss = neg_log_posterior(model, params, inv_var, x[idx], y[idx], scale)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, v, g in zip(params, vel, grads):
                v.mul_(1 - alpha).add_(g, alpha=-eta).add_(torch.randn_like(p), alpha=noise)
                p.add_(v)
    return step


def hmc_step_fn(model, params, inv_var, x, y, eps=1e-4, steps=10):
    state = {"u": None, "accepted": 0}

    def grad_u():
        loss = neg_log_posterior(model, params, inv_var, x, y, 1.0)
        return torch.autograd.grad(loss, params)

    def value_u():
        with torch.no_grad():
            return neg_log_posterior(model, params, inv_var, x, y, 1.0).item()

    state["u"] = value_u()

    def step():
        q0 = [p.detach().clone() for p in params]
        mom = [torch.randn_like(p) for p in params]
        k0 = 0.5 * sum((m ** 2).sum().item() for m in mom)
        g = grad_u()
        with torch.no_grad():
            for m, gi in zip(mom, g):
                m.add_(gi, alpha=-0.5 * eps)
        for s in range(steps):
            with torch.no_grad():
                for p, m in zip(params, mom):
                    p.add_(m, alpha=eps)
            g = grad_u()
            with torch.no_grad():
                for m, gi in zip(mom, g):
                    m.add_(gi, alpha=-(eps if s + 1 < steps else 0.5 * eps))
        u1 = value_u()
        k1 = 0.5 * sum((m ** 2).sum().item() for m in mom)
        dh = (u1 + k1) - (state["u"] + k0)
        if math.isfinite(dh) and torch.rand(()).item() < math.exp(min(0.0, -dh)):
            state["u"] = u1
            state["accepted"] += 1
        else:
            with torch.no_grad():
                for p, p0 in zip(params, q0):
                    p.copy_(p0)
    return step, state


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sampler", choices=["sgld", "sghmc", "hmc"], required=True)
    ap.add_argument("--hidden", type=int, default=50)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--data", type=int, default=10000)
    ap.add_argument("--bits", type=int, choices=[32, 64], default=32)
    ap.add_argument("--min-time", type=float, default=2.0)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model, params, x, y, inv_var = make_problem(a.hidden, a.data, a.bits)
    state = None
    if a.sampler == "sgld":
        step = sgld_step_fn(model, params, inv_var, x, y, a.batch)
    elif a.sampler == "sghmc":
        step = sghmc_step_fn(model, params, inv_var, x, y, a.batch)
    else:
        step, state = hmc_step_fn(model, params, inv_var, x, y)
    for _ in range(a.warmup):
        step()
    n, t0, c0 = 0, time.perf_counter(), time.process_time()
    while True:
        step()
        n += 1
        t = time.perf_counter() - t0
        if t >= a.min_time:
            break
    c = time.process_time() - c0
    res = {"torch": torch.__version__, "sampler": a.sampler, "hidden": a.hidden, "batch": a.batch, "N": a.data,
           "bits": a.bits, "steps": n, "seconds": t, "cpu_seconds": c,
           "steps_per_s": n / t, "cpu_steps_per_s": n / c}
    if a.sampler == "hmc":
        res["grad_evals_per_s"] = 11 * n / t
        res["cpu_grad_evals_per_s"] = 11 * n / c
        res["acceptance"] = state["accepted"] / (n + a.warmup)
    print(json.dumps(res))


if __name__ == "__main__":
    main()

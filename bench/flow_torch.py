#!/usr/bin/env python3
"""PyTorch RealNVP flow for 2-D phi^4 lattice fields: training/sampling speed benchmark.

Peer of the C++ LibTorch implementation (same architecture). Run with Debian's
python3-torch:  /usr/bin/python3 bench/flow_torch.py --lattice 8 --batch 64 --json
"""
import argparse
import json
import math
import sys
import time

import torch
import torch.nn as nn

KAPPA = 0.2
LAMBDA = 0.022

ACTIVATIONS = {
    "tanh": nn.Tanh,
    "leaky_relu": nn.LeakyReLU,
    "relu": nn.ReLU,
    "silu": nn.SiLU,
}


def checkerboard(L, parity):
    idx = torch.arange(L)
    return (((idx[:, None] + idx[None, :]) % 2) == parity).to(torch.get_default_dtype())


class AffineCoupling(nn.Module):
    """Mirrors bbg::CouplingLayerImpl (affine, z2 = false) operation for operation."""

    def __init__(self, L, parity, hidden, kernel, activation):
        super().__init__()
        self.register_buffer("mask", checkerboard(L, parity))
        self.register_buffer("active", 1.0 - checkerboard(L, parity))
        layers = []
        c_in = 1
        for h in hidden:
            layers.append(nn.Conv2d(c_in, h, kernel, padding=kernel // 2, padding_mode="circular"))
            layers.append(ACTIVATIONS[activation]())
            c_in = h
        final = nn.Conv2d(c_in, 2, kernel, padding=kernel // 2, padding_mode="circular")
        nn.init.zeros_(final.weight)
        nn.init.zeros_(final.bias)
        layers.append(final)
        self.net = nn.Sequential(*layers)

    def forward(self, z):
        out = self.net((z * self.mask).unsqueeze(1))  # CouplingNetImpl::forward
        s = torch.tanh(out.select(1, 0)) * self.active
        t = out.select(1, 1) * self.active
        return z * torch.exp(s) + t, s.reshape(s.size(0), -1).sum(1)


class Flow(nn.Module):
    """Mirrors bbg::CouplingFlow with a standard-normal base."""

    def __init__(self, L, n_layers, hidden, kernel, activation):
        super().__init__()
        self.L = L
        self.layers = nn.ModuleList(
            [AffineCoupling(L, i % 2, hidden, kernel, activation) for i in range(n_layers)])

    def forward(self, z):
        V = self.L * self.L
        # base_log_prob: log_det is a 0-d zero for the fixed normal base, as in C++
        log_det = torch.zeros((), dtype=z.dtype)
        logq = -0.5 * (z * z).reshape(z.size(0), -1).sum(1) - log_det - 0.5 * V * math.log(2 * math.pi)
        x = z
        for layer in self.layers:
            x, logdet = layer(x)
            logq = logq - logdet
        return x, logq


def action(phi, kappa=KAPPA, lam=LAMBDA):
    """Mirrors bbg::Phi4Target::action and phi4_hopping_term."""
    dims = (1, 2)
    forward_sum = torch.zeros_like(phi)
    for a in dims:
        forward_sum += torch.roll(phi, -1, dims=a)
    hop = -2.0 * (phi * forward_sum).sum(dims)
    phi2 = phi * phi
    local = (phi2 * ((1.0 - 2.0 * lam) + lam * phi2)).sum(dims)
    return kappa * hop + local


def run_bench(L, B, n_layers, hidden, kernel, activation, steps, sample_batches, warmup,
              clip, lr, seed, verbose, min_time=0.0):
    torch.manual_seed(seed)
    flow = Flow(L, n_layers, hidden, kernel, activation)
    opt = torch.optim.Adam(flow.parameters(), lr=lr)
    params = list(flow.parameters())

    def train_step():
        opt.zero_grad()
        # bbg::reverse_kl_total with beta = 1: f = log q + beta S, loss = mean f,
        # objective = (mean f).item()
        z = torch.randn(B, L, L)
        x, logq = flow(z)
        f = logq + 1.0 * action(x)
        loss = f.mean()
        objective = f.mean().item()
        loss.backward()
        if clip > 0:
            torch.nn.utils.clip_grad_norm_(params, max_norm=clip)
        opt.step()
        return objective

    def sample_batch():
        with torch.no_grad():
            z = torch.randn(B, L, L)
            x, logq = flow(z)
            S = action(x)
            lw = -S - logq
        return lw

    for i in range(warmup):
        loss = train_step()
        if verbose:
            print(f"warmup {i:5d} loss {loss:.6f}", file=sys.stderr)
    # at least `steps` steps and at least `min_time` seconds
    t0 = time.perf_counter()
    n_train = 0
    while n_train < steps or (time.perf_counter() - t0 < min_time and steps > 0):
        loss = train_step()
        if verbose and n_train % 10 == 0:
            print(f"step {n_train:5d} loss {loss:.6f}", file=sys.stderr)
        n_train += 1
    t_train = time.perf_counter() - t0

    for _ in range(min(warmup, sample_batches)):
        sample_batch()
    t0 = time.perf_counter()
    n_sample = 0
    while n_sample < sample_batches or (time.perf_counter() - t0 < min_time and sample_batches > 0):
        lw = sample_batch()
        n_sample += 1
    t_sample = time.perf_counter() - t0
    if verbose and sample_batches > 0:
        ess = (torch.logsumexp(lw, 0) * 2 - torch.logsumexp(2 * lw, 0)).exp() / B
        print(f"final sample batch: ESS/B {ess.item():.4f}", file=sys.stderr)

    return {
        "impl": "pytorch",
        "torch": torch.__version__,
        "lattice": L,
        "batch": B,
        "layers": n_layers,
        "hidden": hidden,
        "kernel": kernel,
        "activation": activation,
        "threads": torch.get_num_threads(),
        "steps": n_train,
        "sample_batches": n_sample,
        "train_seconds": t_train,
        "sample_seconds": t_sample,
        "train_steps_per_s": n_train / t_train if t_train > 0 else None,
        "samples_per_s": n_sample * B / t_sample if t_sample > 0 else None,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--lattice", type=int, default=8)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--layers", type=int, default=8)
    p.add_argument("--hidden", type=str, default="16,16")
    p.add_argument("--kernel", type=int, default=3)
    p.add_argument("--activation", choices=sorted(ACTIVATIONS), default="tanh")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--sample-batches", type=int, default=50)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--min-time", type=float, default=0.0,
                   help="time at least this many seconds of training and of sampling per point")
    p.add_argument("--clip", type=float, default=0.0)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--json", action="store_true")
    p.add_argument("--sweep", action="store_true",
                   help="batch in {64,256,1024} x lattice in {8,16}; one JSON line each")
    p.add_argument("--verbose", action="store_true", help="print training loss to stderr")
    a = p.parse_args()

    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(a.threads)
    hidden = [int(h) for h in a.hidden.split(",") if h.strip()]

    if a.sweep:
        configs = [(L, B) for B in (64, 256, 1024) for L in (8, 16)]
    else:
        configs = [(a.lattice, a.batch)]

    for L, B in configs:
        r = run_bench(L, B, a.layers, hidden, a.kernel, a.activation, a.steps,
                      a.sample_batches, a.warmup, a.clip, a.lr, a.seed, a.verbose, a.min_time)
        if a.json or a.sweep:
            print(json.dumps(r), flush=True)
        else:
            print(f"pytorch {r['torch']}  L={L} B={B} layers={a.layers} hidden={hidden} "
                  f"k={a.kernel} threads={r['threads']}: "
                  f"{r['train_steps_per_s']:.2f} train steps/s, "
                  f"{r['samples_per_s']:.1f} samples/s", flush=True)


if __name__ == "__main__":
    main()

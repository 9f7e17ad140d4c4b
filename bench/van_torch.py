#!/usr/bin/env python3
"""PyTorch autoregressive spin networks (MADE, PixelCNN): sampling / REINFORCE training speed.

Peer of the C++ LibTorch implementation in src/bbg/models/autoregressive/ and of
bench/bench_autoregressive.cpp. It mirrors, operation for operation (the same ATen
calls in the same order):
  MaskedLinearImpl, MaskedConv2dImpl   masks, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) init in
                                       registration order, W * M on every call
  Made, PixelCnn                       logits(), and the incremental samplers sample_sites()
  Autoregressive                       draw_site (one rand({n}) per site in site order,
                                       s = +1 where u < sigmoid(logit)), log_prob, finish,
                                       sample (fast) and sample_naive (one full forward
                                       pass per site, as in Wu, Wang & Zhang's stat-mech-van)
  IsingTarget::action, bbg::reinforce  REINFORCE step with torch.optim.Adam
Weights come from torch.manual_seed(seed) as make_density(spec, seed) does, and the
sampling generator is a fresh CPU generator seeded with seed, so with the same seed
this builds the same weights and draws the same spins as the C++ benchmark.

Run with Debian's python3-torch (same libtorch_cpu.so as the C++ build):
  /usr/bin/python3 bench/van_torch.py --model made --what sample --sampler fast \
      --lattice 8 --batch 64 --json --min-time 3
  /usr/bin/python3 bench/van_torch.py --check      # correctness smoke test
"""
import argparse
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

DTYPE = torch.float64

ACTIVATIONS = {
    "tanh": torch.tanh,
    "relu": torch.relu,
    "silu": F.silu,
    "leaky_relu": lambda x: F.leaky_relu(x, 0.01),
}


def draw_site(logit, gen):
    """Autoregressive::draw_site."""
    u = torch.rand(logit.size(0), generator=gen, dtype=logit.dtype)
    s = (u < torch.sigmoid(logit)).to(logit.dtype) * 2.0 - 1.0
    return s, F.logsigmoid(s * logit)


class MaskedLinear(nn.Module):
    """MaskedLinearImpl: y = x (W * M)^T + b."""

    def __init__(self, mask, bias):
        super().__init__()
        out, inp = mask.shape
        bound = 1.0 / math.sqrt(inp)
        self.weight = nn.Parameter(torch.empty(out, inp, dtype=DTYPE).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.empty(out, dtype=DTYPE).uniform_(-bound, bound)) if bias else None
        self.register_buffer("mask", mask.to(DTYPE).clone())

    def masked_weight(self):
        return self.weight * self.mask

    def forward(self, x):
        return F.linear(x, self.masked_weight(), self.bias)


class MaskedConv2d(nn.Module):
    """MaskedConv2dImpl: type A sees rows above and the centre row left of the centre; B also the centre."""

    def __init__(self, c_in, c_out, kernel, type_a):
        super().__init__()
        self.kernel = kernel
        half = kernel // 2
        bound = 1.0 / math.sqrt(c_in * kernel * kernel)
        self.weight = nn.Parameter(torch.empty(c_out, c_in, kernel, kernel, dtype=DTYPE).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.empty(c_out, dtype=DTYPE).uniform_(-bound, bound))
        mask = torch.zeros(kernel, kernel, dtype=DTYPE)
        for r in range(kernel):
            for c in range(kernel):
                if r < half or (r == half and (c < half or (c == half and not type_a))):
                    mask[r, c] = 1.0
        self.register_buffer("mask", mask)

    def masked_weight(self):
        return self.weight * self.mask

    def forward(self, x):
        return F.conv2d(x, self.masked_weight(), self.bias, 1, self.kernel // 2)


class Autoregressive(nn.Module):
    """bbg::Autoregressive: q(s) = prod_i sigmoid(s_i logit_i(s_<i)), sites row-major."""

    def __init__(self, shape, activation, z2):
        super().__init__()
        self.shape = list(shape)
        self.sites = math.prod(self.shape)
        self.act = ACTIVATIONS[activation]
        self.z2 = z2

    def log_prob_unsymmetrized(self, x):
        s = x.reshape(x.size(0), -1)
        return F.logsigmoid(s * self.logits(x)).sum(1)

    def log_prob(self, x):
        log_q = self.log_prob_unsymmetrized(x)
        if not self.z2:
            return log_q
        return torch.logaddexp(log_q, self.log_prob_unsymmetrized(-x)) - math.log(2.0)

    def finish(self, spins, log_q, gen):
        n = spins.size(0)
        shape = [n] + self.shape
        x = spins.reshape(shape)
        if self.z2:
            with torch.no_grad():
                log_q = torch.logaddexp(log_q, self.log_prob_unsymmetrized(-x)) - math.log(2.0)
                flip = torch.rand(n, generator=gen, dtype=x.dtype) < 0.5
                x = torch.where(flip.reshape([n] + [1] * len(self.shape)), -x, x)
        if torch.is_grad_enabled():
            log_q = self.log_prob(x)  # differentiable in the weights
        return x, log_q

    def sample(self, n, gen):
        """Autoregressive::sample: the incremental sampler of the subclass."""
        with torch.no_grad():
            spins, log_q = self.sample_sites(n, gen)
        return self.finish(spins, log_q, gen)

    def sample_naive(self, n, gen):
        """Autoregressive::sample_naive: one full logits() pass per site."""
        with torch.no_grad():
            shape = [n] + self.shape
            spins = torch.zeros(n, self.sites, dtype=DTYPE)  # unset sites are 0
            log_q = torch.zeros(n, dtype=DTYPE)
            for i in range(self.sites):
                logit = self.logits(spins.reshape(shape)).select(1, i)
                s, lq = draw_site(logit, gen)
                spins.select(1, i).copy_(s)
                log_q += lq
        return self.finish(spins, log_q, gen)


class Made(Autoregressive):
    """bbg::Made: masked dense net (Germain et al. 2015), hidden degrees 1 + floor(k (N-1) / H)."""

    def __init__(self, shape, hidden=(64,), direct=True, activation="tanh", z2=False):
        super().__init__(shape, activation, z2)
        n = self.sites
        previous = torch.arange(1, n + 1)  # input degrees 1..N
        self.widths = list(hidden)
        self.counts = []  # counts[l][d] = number of units of degree <= d
        self.hidden = nn.ModuleList()
        for width in self.widths:
            m = torch.tensor([1 + (k * (n - 1) // width if n > 1 else 0) for k in range(width)])
            mask = (previous[None, :] <= m[:, None]).to(DTYPE)
            self.hidden.append(MaskedLinear(mask, True))
            self.counts.append([int((m <= d).sum()) for d in range(n + 1)])
            previous = m
        self.output = None
        self.direct = None
        if self.widths:
            mask = (previous[None, :] < torch.arange(n)[:, None] + 1).to(DTYPE)
            self.output = MaskedLinear(mask, True)
        if direct:
            idx = torch.arange(n)
            self.direct = MaskedLinear((idx[None, :] < idx[:, None]).to(DTYPE), not self.widths)

    def logits(self, x):
        s = x.reshape(x.size(0), -1)
        h = s
        for layer in self.hidden:
            h = self.act(layer(h))
        out = None
        if self.output is not None:
            out = self.output(h)
        if self.direct is not None:
            out = out + self.direct(s) if out is not None else self.direct(s)
        return out

    def sample_sites(self, n, gen):
        """Made::sample_sites: units of degree i are computed once, just before s_i is drawn."""
        sites = self.sites
        depth = len(self.hidden)
        count = self.counts
        w = [layer.masked_weight() for layer in self.hidden]
        b = [layer.bias for layer in self.hidden]
        h = [torch.zeros(n, width, dtype=DTYPE) for width in self.widths]
        w_out = self.output.masked_weight() if self.output is not None else None
        w_direct = self.direct.masked_weight() if self.direct is not None else None
        bias = self.output.bias if self.output is not None else self.direct.bias
        spins = torch.zeros(n, sites, dtype=DTYPE)
        log_q = torch.zeros(n, dtype=DTYPE)
        for i in range(sites):
            if i > 0:
                for l in range(depth):
                    lo = count[l][i - 1]
                    k = count[l][i] - lo
                    if k == 0:
                        continue
                    inp = spins.narrow(1, 0, i) if l == 0 else h[l - 1].narrow(1, 0, count[l - 1][i])
                    rows = w[l].narrow(0, lo, k).narrow(1, 0, inp.size(1))
                    h[l].narrow(1, lo, k).copy_(self.act(torch.addmm(b[l].narrow(0, lo, k), inp, rows.t())))
            logit = bias.select(0, i).expand(n)
            if depth > 0 and count[depth - 1][i] > 0:
                c = count[depth - 1][i]
                logit = logit + torch.mv(h[depth - 1].narrow(1, 0, c), w_out.select(0, i).narrow(0, 0, c))
            if w_direct is not None and i > 0:
                logit = logit + torch.mv(spins.narrow(1, 0, i), w_direct.select(0, i).narrow(0, 0, i))
            s, lq = draw_site(logit, gen)
            spins.select(1, i).copy_(s)
            log_q += lq
        return spins, log_q


class PixelCnn(Autoregressive):
    """bbg::PixelCnn: conv_A, (layers - 1) x conv_B, 1x1 output; zero padding."""

    def __init__(self, shape, layers=3, width=16, kernel=3, residual=False, activation="tanh", z2=False):
        super().__init__(shape, activation, z2)
        if len(self.shape) != 2:
            raise ValueError("pixelcnn needs a 2-dimensional lattice")
        self.width, self.kernel, self.residual = width, kernel, residual
        self.convs = nn.ModuleList(
            [MaskedConv2d(1 if l == 0 else width, width, kernel, l == 0) for l in range(layers)])
        self.output = MaskedConv2d(width, 1, 1, False)

    def logits(self, x):
        b = x.size(0)
        h = x.reshape(b, 1, self.shape[0], self.shape[1])
        for l, conv in enumerate(self.convs):
            t = self.act(conv(h))
            h = h + t if (self.residual and l > 0) else t
        return self.output(h).reshape(b, -1)

    def sample_sites(self, n, gen):
        """PixelCnn::sample_sites: per site, that site's column through the layers from a
        (k/2+1) x k window of each layer's cached (zero-padded) input."""
        rows, cols = self.shape
        k = self.kernel
        half = k // 2
        width = self.width
        cache = [torch.zeros(n, 1, rows + half, cols + 2 * half, dtype=DTYPE)]
        weight, bias = [], []
        for conv in self.convs:
            cache.append(torch.zeros(n, width, rows + half, cols + 2 * half, dtype=DTYPE))
            weight.append(conv.masked_weight().narrow(2, 0, half + 1).reshape(width, -1).t().contiguous())
            bias.append(conv.bias)
        w_out = self.output.masked_weight().reshape(-1)
        b_out = self.output.bias.expand(n)
        log_q = torch.zeros(n, dtype=DTYPE)
        n_layers = len(self.convs)
        for r in range(rows):
            for c in range(cols):
                for l in range(n_layers):
                    window = cache[l].narrow(2, r, half + 1).narrow(3, c, k).reshape(n, -1)
                    t = self.act(torch.addmm(bias[l], window, weight[l]))
                    if self.residual and l > 0:
                        t = t + cache[l].select(3, c + half).select(2, r + half)
                    cache[l + 1].select(3, c + half).select(2, r + half).copy_(t)
                top = cache[-1].select(3, c + half).select(2, r + half)
                s, lq = draw_site(torch.addmv(b_out, top, w_out), gen)
                cache[0].select(3, c + half).select(2, r + half).select(1, 0).copy_(s)
                log_q += lq
        spins = cache[0].narrow(2, half, rows).narrow(3, half, cols).reshape(n, rows * cols)
        return spins.contiguous(), log_q


def ising_action(s, beta=0.44, coupling=1.0, field=0.0):
    """IsingTarget::action = beta * energy (periodic nearest neighbours)."""
    dims = list(range(1, s.dim()))
    forward_sum = torch.zeros_like(s)
    for a in dims:
        forward_sum += torch.roll(s, -1, a)
    energy = -coupling * (s * forward_sum).sum(dims) - field * s.sum(dims)
    return beta * energy


def make_model(a, L, seed):
    """make_density(spec, seed): at::manual_seed(seed), then construct (init in registration order)."""
    torch.manual_seed(seed)
    if a.model == "made":
        return Made([L, L], a.hidden, not a.no_direct, a.activation, a.z2)
    return PixelCnn([L, L], a.layers, a.width, a.kernel, a.residual, a.activation, a.z2)


def expected_parameters(a, L):
    """Closed-form parameter count (all weights, masked entries included, as Module::parameters)."""
    n = L * L
    if a.model == "made":
        total, prev = 0, n
        for h in a.hidden:
            total += h * prev + h
            prev = h
        if a.hidden:
            total += n * prev + n
        if not a.no_direct:
            total += n * n + (0 if a.hidden else n)
        return total
    total, c_in = 0, 1
    for _ in range(a.layers):
        total += a.width * c_in * a.kernel ** 2 + a.width
        c_in = a.width
    return total + a.width + 1


def run_bench(a, L, B, verbose):
    model = make_model(a, L, a.seed)
    n_params = sum(p.numel() for p in model.parameters())
    gen = torch.Generator().manual_seed(a.seed)
    sampler = model.sample if a.sampler == "fast" else model.sample_naive

    if a.what == "sample":
        def work():
            with torch.no_grad():
                x, log_q = sampler(B, gen)
            return log_q
        warmup = 1  # as sample_bench: one sample() before timing
    else:
        opt = torch.optim.Adam(model.parameters(), lr=a.lr)

        def work():
            # train_bench step: zero_grad, bbg::reinforce(model, target, batch, gen, 1.0), backward, step
            opt.zero_grad()
            with torch.no_grad():
                x = sampler(B, gen)[0]
            log_q = model.log_prob(x)
            f = (log_q.detach() + 1.0 * ising_action(x, a.beta)).detach()
            advantage = f - f.mean()
            loss = (advantage * log_q).mean()
            objective = f.mean().item()
            loss.backward()
            opt.step()
            if verbose:
                print(f"objective {objective:.17g}", file=sys.stderr)
            return objective
        warmup = 2  # as train_bench: allocator, Adam state

    for _ in range(warmup if a.warmup is None else a.warmup):
        work()
    # at least --iters iterations and at least --min-time seconds of wall time
    t0, c0 = time.perf_counter(), time.process_time()
    iters = 0
    while iters < a.iters or time.perf_counter() - t0 < a.min_time:
        work()
        iters += 1
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0

    r = {
        "impl": "pytorch",
        "torch": torch.__version__,
        "model": a.model,
        "what": a.what,
        "sampler": a.sampler,
        "lattice": L,
        "batch": B,
        "parameters": n_params,
        "expected_parameters": expected_parameters(a, L),
        "threads": torch.get_num_threads(),
        "iterations": iters,
        "seconds": wall,
        "cpu_seconds": cpu,
        "seconds_per_iteration": wall / iters,
        "spins_per_s": iters * B * L * L / wall,
        "spins_per_cpu_s": iters * B * L * L / cpu if cpu > 0 else None,
    }
    if a.what == "train":
        r["train_steps_per_s"] = iters / wall
        r["train_steps_per_cpu_s"] = iters / cpu if cpu > 0 else None
    return r


def check(a):
    """Correctness smoke test; returns True if all checks pass."""
    ok = True

    def report(name, good, detail):
        nonlocal ok
        ok &= bool(good)
        print(f"{'ok  ' if good else 'FAIL'} {name}: {detail}", flush=True)

    saved_model = a.model
    for model_kind in ("made", "pixelcnn"):
        a.model = model_kind
        for L in (8, 16):
            m = make_model(a, L, a.seed)
            n = sum(p.numel() for p in m.parameters())
            report(f"{model_kind} {L}x{L} parameters", n == expected_parameters(a, L),
                   f"{n} (closed form {expected_parameters(a, L)})")
        for L, B in ((4, 64), (8, 64), (16, 16)):
            m = make_model(a, L, a.seed)
            with torch.no_grad():
                g_f = torch.Generator().manual_seed(a.seed)
                g_n = torch.Generator().manual_seed(a.seed)
                x_f, lq_f = m.sample(B, g_f)
                x_n, lq_n = m.sample_naive(B, g_n)
                lp = m.log_prob(x_f)
            report(f"{model_kind} {L}x{L} fast log q == log_prob(x)", (lq_f - lp).abs().max() < 1e-10,
                   f"max |diff| {(lq_f - lp).abs().max().item():.2e}")
            report(f"{model_kind} {L}x{L} naive == fast samples (same seed)",
                   torch.equal(x_f, x_n) and (lq_f - lq_n).abs().max() < 1e-10
                   and torch.equal(g_f.get_state(), g_n.get_state()),
                   f"{int((x_f != x_n).sum())} differing spins of {x_f.numel()}, "
                   f"max |log q diff| {(lq_f - lq_n).abs().max().item():.2e}, "
                   f"generators in the same state afterwards: {torch.equal(g_f.get_state(), g_n.get_state())}")
            # autoregressive: changing s_j must leave logit_0..logit_j unchanged
            x = torch.randn(3, L, L, dtype=DTYPE, generator=torch.Generator().manual_seed(7))
            with torch.no_grad():
                base = m.logits(x)
                worst = 0.0
                for j in range(L * L):
                    y = x.clone()
                    y.view(3, -1)[:, j] += 1.0
                    worst = max(worst, (m.logits(y)[:, : j + 1] - base[:, : j + 1]).abs().max().item())
            report(f"{model_kind} {L}x{L} logit_i independent of s_>=i", worst == 0.0, f"max change {worst:.2e}")
        # normalisation on 3x3 by enumeration
        m = make_model(a, 3, a.seed)
        codes = torch.arange(512)
        x = (((codes[:, None] >> torch.arange(9)) & 1).to(DTYPE) * 2 - 1).reshape(512, 3, 3)
        with torch.no_grad():
            total = m.log_prob(x).exp().sum().item()
        report(f"{model_kind} 3x3 sum_s q(s) == 1", abs(total - 1) < 1e-12, f"{total:.16f}")
    a.model = saved_model
    return ok


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=["made", "pixelcnn"], default="made")
    p.add_argument("--what", choices=["sample", "train"], default="sample")
    p.add_argument("--sampler", choices=["fast", "naive"], default="fast",
                   help="fast = Autoregressive::sample, naive = sample_naive (train: the sampler inside reinforce)")
    p.add_argument("--lattice", type=int, default=8)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--hidden", type=str, default="64", help="made hidden widths, comma-separated")
    p.add_argument("--no-direct", action="store_true", help="made without the direct connection")
    p.add_argument("--layers", type=int, default=3, help="pixelcnn")
    p.add_argument("--width", type=int, default=16, help="pixelcnn")
    p.add_argument("--kernel", type=int, default=3, help="pixelcnn")
    p.add_argument("--residual", action="store_true", help="pixelcnn")
    p.add_argument("--activation", choices=sorted(ACTIVATIONS), default="tanh")
    p.add_argument("--z2", action="store_true")
    p.add_argument("--beta", type=float, default=0.44, help="Ising beta (J = 1, h = 0)")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1234, help="init seed and sampling generator seed")
    p.add_argument("--warmup", type=int, default=None,
                   help="untimed iterations (default as the C++ benchmark: 1 sample / 2 train steps)")
    p.add_argument("--iters", type=int, default=1, help="time at least this many iterations")
    p.add_argument("--min-time", type=float, default=0.0, help="time at least this many seconds")
    p.add_argument("--json", action="store_true")
    p.add_argument("--check", action="store_true", help="correctness smoke test, then exit")
    p.add_argument("--verbose", action="store_true", help="train: print each step's objective to stderr")
    a = p.parse_args()
    a.hidden = [int(h) for h in a.hidden.split(",") if h.strip()]

    torch.set_default_dtype(DTYPE)
    torch.set_num_threads(a.threads)

    if a.check:
        sys.exit(0 if check(a) else 1)

    r = run_bench(a, a.lattice, a.batch, a.verbose)
    if a.json:
        print(json.dumps(r), flush=True)
    else:
        rate = (f"{r['train_steps_per_s']:.4g} train steps/s" if a.what == "train"
                else f"{r['spins_per_s']:.4g} spins/s")
        print(f"pytorch {r['torch']} {a.model} {a.what} sampler={a.sampler} L={a.lattice} B={a.batch} "
              f"params={r['parameters']} threads={r['threads']}: {rate} "
              f"({r['iterations']} iterations in {r['seconds']:.3f} s)", flush=True)


if __name__ == "__main__":
    main()

// Bayesian neural network samplers: gradient steps per second (recorded in
// BENCHMARKS.md, issue #15; never asserted in tests). One thread.
//   BM_Sgld:  bbg::bayes::SgldKernel::step, one step = minibatch draw (refresh) +
//             minibatch gradient of U by autograd + update with fresh noise.
//   BM_Sghmc: the SGHMC update of Chen, Fox & Guestrin (ICML 2014, eq. 15), written
//             INLINE here (no SGHMC kernel on this branch) on the same WeightPotential:
//               v <- v - eta dU/dtheta - alpha v + N(0, 2 alpha eta);  theta <- theta + v.
//   BM_Hmc:   full-batch bbg::HmcKernel, leapfrog, 10 steps of a fixed small eps,
//             unit metric; counter grad_evals_per_s (11 gradients + 1 value per trajectory).
// Network: regression MLP d = 4 -> hidden (tanh) -> 1, Gaussian likelihood sigma = 0.5,
// fan-in Gaussian prior, synthetic data y = sin(x_1 + ... + x_4) + noise.
// Arguments: hidden width h (two layers h, h), minibatch n (0: full batch), N data,
// dtype (32: float32 parameters, 64: float64). The sampler state theta is always double
// (bbg's convention); with float32 parameters every evaluation rounds it to float.
// Peer: bench/bayes_torch.py (PyTorch, the same network, data sizes and updates).
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <cmath>
#include <memory>
#include <vector>

#include "bench_setup.hpp"
#include "bbg/bayes/gaussian_prior.hpp"
#include "bbg/bayes/likelihood.hpp"
#include "bbg/bayes/parameter_layout.hpp"
#include "bbg/bayes/sgld_kernel.hpp"
#include "bbg/bayes/weight_potential.hpp"
#include "bbg/core/rng.hpp"
#include "bbg/sampler/hmc_kernel.hpp"
#include "bbg/sampler/integrator.hpp"
#include "bbg/sampler/metric.hpp"

namespace {

using bbg_bench::quiet_single_thread;

// Linear(4, h) tanh Linear(h, h) tanh Linear(h, 1), as nn.Sequential in the peer.
struct MlpImpl : torch::nn::Module {
  torch::nn::Linear l0{nullptr}, l1{nullptr}, l2{nullptr};
  MlpImpl(int64_t d, int64_t h) {
    l0 = register_module("0", torch::nn::Linear(d, h));
    l1 = register_module("2", torch::nn::Linear(h, h));
    l2 = register_module("4", torch::nn::Linear(h, 1));
  }
  at::Tensor forward(const at::Tensor& x) { return l2(torch::tanh(l1(torch::tanh(l0(x))))); }
};
TORCH_MODULE(Mlp);

constexpr int64_t kInputs = 4;

struct Problem {
  Mlp net{nullptr};
  std::unique_ptr<bbg::bayes::WeightPotential> potential;
  std::vector<double> theta0;

  Problem(int64_t hidden, int64_t batch, int64_t n_data, int64_t bits) {
    torch::manual_seed(1234);
    const auto dtype = bits == 32 ? torch::kFloat : torch::kDouble;
    net = Mlp(kInputs, hidden);
    net->to(dtype);
    const at::Tensor x = torch::randn({n_data, kInputs}, torch::kDouble);
    const at::Tensor y = torch::sin(x.sum(1, /*keepdim=*/true)) + 0.1 * torch::randn({n_data, 1}, torch::kDouble);
    const auto layout = bbg::bayes::layout_of(*net);
    bbg::bayes::WeightPotentialSettings s;
    s.batch_size = batch;
    potential = std::make_unique<bbg::bayes::WeightPotential>(
        torch::nn::AnyModule(net), x, y, std::make_shared<bbg::bayes::GaussianLikelihood>(0.5),
        bbg::bayes::GaussianPrior::fan_in(layout), s);
    theta0 = potential->initial_parameters();
  }
};

void set_rate(benchmark::State& state, const char* name, int64_t per_iteration) {
  state.counters[name] =
      benchmark::Counter(static_cast<double>(state.iterations() * per_iteration), benchmark::Counter::kIsRate);
}

void BM_Sgld(benchmark::State& state) {
  quiet_single_thread();
  Problem pb(state.range(0), state.range(1), state.range(2), state.range(3));
  bbg::UnitMetric metric(pb.potential->size());
  bbg::bayes::SgldSchedule schedule;
  schedule.a = 1e-6;  // constant step (gamma = 0), small enough to stay bounded
  schedule.gamma = 0.0;
  bbg::bayes::SgldKernel kernel(*pb.potential, metric, schedule);
  auto chain = kernel.init(pb.theta0);
  bbg::Rng rng(1234, 0);
  for (int i = 0; i < 3; ++i) kernel.step(chain, rng);
  for (auto _ : state) benchmark::DoNotOptimize(kernel.step(chain, rng));
  benchmark::DoNotOptimize(chain.q.data());
  set_rate(state, "steps_per_s", 1);
}

void BM_Sghmc(benchmark::State& state) {
  quiet_single_thread();
  Problem pb(state.range(0), state.range(1), state.range(2), state.range(3));
  const bbg::Potential& u = *pb.potential;
  const int64_t dim = u.size();
  const double eta = 1e-7, alpha = 0.1, noise = std::sqrt(2.0 * alpha * eta);
  std::vector<double> q = pb.theta0, v(dim, 0.0), g(dim);
  bbg::Rng rng(1234, 0);
  auto step = [&] {
    u.refresh(rng);
    u.gradient(q.data(), g.data());
    for (int64_t i = 0; i < dim; ++i) {
      v[i] += -eta * g[i] - alpha * v[i] + noise * rng.normal();
      q[i] += v[i];
    }
  };
  for (int i = 0; i < 3; ++i) step();
  for (auto _ : state) {
    step();
    benchmark::DoNotOptimize(q.data());
  }
  set_rate(state, "steps_per_s", 1);
}

void BM_Hmc(benchmark::State& state) {
  quiet_single_thread();
  Problem pb(state.range(0), state.range(1), state.range(2), state.range(3));
  bbg::UnitMetric metric(pb.potential->size());
  bbg::LeapfrogIntegrator leapfrog;
  bbg::HmcPath path;
  path.step_size = 1e-4;
  path.steps = 10;
  bbg::HmcKernel kernel(*pb.potential, metric, leapfrog, path);
  auto chain = kernel.init(pb.theta0);
  bbg::Rng rng(1234, 0);
  int64_t grads = 0, accepted = 0;
  for (int i = 0; i < 2; ++i) kernel.step(chain, rng);
  for (auto _ : state) {
    const bbg::StepInfo info = kernel.step(chain, rng);
    grads += info.gradient_evaluations;
    accepted += info.accepted ? 1 : 0;
  }
  state.counters["grad_evals_per_s"] = benchmark::Counter(static_cast<double>(grads), benchmark::Counter::kIsRate);
  set_rate(state, "trajectories_per_s", 1);
  state.counters["acceptance"] = static_cast<double>(accepted) / static_cast<double>(state.iterations());
}

// {hidden, batch, N, bits}
void small_and_large(benchmark::internal::Benchmark* b) {
  b->ArgNames({"hidden", "batch", "N", "bits"});
  for (int64_t bits : {32, 64}) {
    for (int64_t batch : {32, 64, 128, 256}) b->Args({50, batch, 10000, bits});
    b->Args({500, 256, 10000, bits});
  }
  b->Unit(benchmark::kMicrosecond);
}
BENCHMARK(BM_Sgld)->Apply(small_and_large);
BENCHMARK(BM_Sghmc)->Apply(small_and_large);
BENCHMARK(BM_Hmc)
    ->ArgNames({"hidden", "batch", "N", "bits"})
    ->Args({50, 0, 100, 32})
    ->Args({50, 0, 100, 64})
    ->Args({50, 0, 1000, 32})
    ->Args({50, 0, 1000, 64})
    ->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) { return bbg_bench::run_with_bbg_allocator(argc, argv); }

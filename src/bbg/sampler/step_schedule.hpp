// Step-size schedules of the stochastic-gradient kernels, a function of the step
// counter k = 0, 1, 2, ...:
//   constant     eps_k = a;
//   polynomial   eps_k = a (b + k)^-gamma (Welling & Teh, ICML 2011, sec. 3: gamma in
//                (0.5, 1] gives sum eps = inf, sum eps^2 < inf);
//   cyclical     eps_k = (eps0 / 2) [cos(pi mod(k, L) / L) + 1],  L = ceil(K / M)
//                (Zhang, Li, Zhang, Chen & Wilson, "Cyclical stochastic gradient MCMC
//                for Bayesian deep learning", ICLR 2020, eq. 1), M cycles over K steps;
//                the first fraction beta of each cycle, mod(k, L) / L < beta, is the
//                exploration stage (noise off: optimisation), the rest the sampling
//                stage. Past K the cycles repeat with period L.
// A kernel on a cyclical schedule runs the exploration steps inside step(), so every
// step() returns from a sampling stage (sampler/sgld_chain_kernel.hpp).
#pragma once
#include <cstdint>
#include <string>

namespace bbg {

struct StepSchedule {
  std::string kind = "constant";  // constant | polynomial | cyclical
  double a = 1e-3;                // constant and polynomial
  double b = 1.0, gamma = 0.55;   // polynomial
  double eps0 = 1e-3;             // cyclical: the step at the start of a cycle
  int64_t total_steps = 1000;     // cyclical: K
  int64_t cycles = 4;             // cyclical: M
  double exploration = 0.5;       // cyclical: beta in [0, 1)

  // std::invalid_argument naming the setting, its value and what is allowed.
  void validate() const;
  double step_size(int64_t k) const;
  bool exploring(int64_t k) const;  // cyclical: in an exploration stage; otherwise false
  int64_t cycle_length() const;     // L = ceil(K / M) (cyclical), 0 otherwise
  // Human-readable, e.g. "cyclical eps0 = 0.01, K = 1000, M = 4, beta = 0.5".
  std::string describe() const;
};

}  // namespace bbg

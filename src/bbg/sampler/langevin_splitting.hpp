// Splitting integrators for underdamped Langevin dynamics
//   dq = M^-1 p dt,  dp = -dU/dq dt - gamma p dt + sqrt(2 gamma) M^{1/2} dW
// (Leimkuhler & Matthews, "Rational construction of stochastic numerical methods
// for molecular sampling", AMRX 2013 (2013) 34; their book "Molecular Dynamics",
// Springer 2015, ch. 7). The exact flows of the three pieces are
//   B(h): p <- p - h dU/dq(q)                       (kick)
//   A(h): q <- q + h M^-1 p                         (drift)
//   O(h): p <- c1 p + sqrt(1 - c1^2) M^{1/2} xi,  c1 = exp(-gamma h), xi ~ N(0, 1)
// (O is an exact Ornstein-Uhlenbeck step; M^{1/2} xi is a momentum draw of the
// metric). A splitting is a word in A, B, O read left to right, e.g. "BAOAB";
// each letter's total time h is shared equally among its occurrences, so
// BAOAB = B(h/2) A(h/2) O(h) A(h/2) B(h/2), OBABO = O(h/2) B(h/2) A(h) B(h/2) O(h/2).
// BAOAB has O(h^2) error in configurational averages (superconvergent in the
// high-friction limit); it is not Metropolis-adjusted, so its averages carry that bias.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace bbg {

class Metric;
class Potential;
class Rng;

void langevin_b(const Potential& potential, const double* q, double* p, double h, double* scratch);
void langevin_a(const Metric& metric, double* q, const double* p, double h, double* scratch);
// `noise` has size() doubles (it receives the momentum draw).
void langevin_o(const Metric& metric, double* p, double h, double friction, Rng& rng, double* noise);

class LangevinSplitting {
 public:
  // word: letters A, B, O, each at least once (std::invalid_argument otherwise).
  explicit LangevinSplitting(const std::string& word);
  const std::string& word() const { return word_; }
  // One step of size h; scratch and noise have size() doubles each.
  void step(const Potential& potential, const Metric& metric, double* q, double* p, double h, double friction, Rng& rng,
            double* scratch, double* noise) const;
  int64_t gradient_evaluations_per_step() const;  // number of B's

 private:
  std::string word_;
  std::vector<double> fraction_;  // of h, per letter
};

}  // namespace bbg

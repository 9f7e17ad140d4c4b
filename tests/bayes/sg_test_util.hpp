// Helpers of the stochastic-gradient and penalty kernel tests: running chains of a
// ChainKernel on the conjugate regression (bayes_test_util.hpp), the stationary
// covariance of a linear Gaussian recursion, and moment checks with a derived bias.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bayes_test_util.hpp"
#include "bbg/sampler/chain_kernel.hpp"

namespace bbg::bayes_test {

using Matrix = std::vector<double>;  // row-major s x s

inline Matrix matmul(const Matrix& a, const Matrix& b, int64_t s) {
  Matrix c(s * s, 0.0);
  for (int64_t i = 0; i < s; ++i)
    for (int64_t k = 0; k < s; ++k)
      for (int64_t j = 0; j < s; ++j) c[i * s + j] += a[i * s + k] * b[k * s + j];
  return c;
}
inline Matrix transpose(const Matrix& a, int64_t s) {
  Matrix t(s * s);
  for (int64_t i = 0; i < s; ++i)
    for (int64_t j = 0; j < s; ++j) t[j * s + i] = a[i * s + j];
  return t;
}

// Stationary covariance of z' = F z + w, w ~ N(0, Q): C = sum_k F^k Q F^kT, by
// doubling (C <- C + F C F^T, F <- F^2); needs spectral radius of F < 1.
inline Matrix lyapunov(Matrix f, Matrix q, int64_t s) {
  Matrix c = std::move(q);
  for (int it = 0; it < 40; ++it) {
    const Matrix add = matmul(matmul(f, c, s), transpose(f, s), s);
    for (int64_t i = 0; i < s * s; ++i) c[i] += add[i];
    f = matmul(f, f, s);
  }
  return c;
}

// The top-left d x d block of an s x s matrix.
inline Matrix block(const Matrix& c, int64_t s, int64_t d) {
  Matrix b(d * d);
  for (int64_t i = 0; i < d; ++i)
    for (int64_t j = 0; j < d; ++j) b[i * d + j] = c[i * s + j];
  return b;
}

inline double trace(const Matrix& c, int64_t d) {
  double t = 0.0;
  for (int64_t i = 0; i < d; ++i) t += c[i * d + i];
  return t;
}

using KernelMaker = std::function<std::unique_ptr<ChainKernel>(const Potential& u, Rng& rng)>;

// chains x samples draws of the kernel on lr's potential (batch, independent batches
// as given), one potential per chain, after `warmup` warm-up steps; `after_step` is
// called after each stored step (for phase checks).
inline Draws run_kernel(const LinearRegression& lr, int64_t batch, bool independent, const KernelMaker& make,
                        int64_t chains, int64_t warmup, int64_t samples, uint64_t seed,
                        const std::function<void(const ChainKernel&)>& after_step = {}) {
  Draws draws(chains);
  for (int64_t c = 0; c < chains; ++c) {
    const auto u = lr.potential(batch, 1.0, independent);
    Rng rng(seed, static_cast<uint64_t>(c));
    const auto kernel = make(*u, rng);
    for (int64_t t = 0; t < warmup; ++t) kernel->warmup_step(rng, t, warmup);
    kernel->end_warmup();
    for (int64_t t = 0; t < samples; ++t) {
      kernel->step(rng);
      if (after_step) after_step(*kernel);
      draws[c].push_back(kernel->position());
    }
  }
  return draws;
}

// |tr C - tr Sigma| (C about the exact mean) shrinks from `coarse` to `fine` by more
// than 4 combined errors.
inline void expect_bias_shrinks(const LinearRegression& lr, const Draws& coarse, const Draws& fine,
                                const std::string& what) {
  const double exact = trace(lr.covariance, lr.d);
  const GammaResult c = covariance_trace(coarse, lr.mean), f = covariance_trace(fine, lr.mean);
  const double bias_coarse = c.value - exact, bias_fine = f.value - exact;
  EXPECT_GT(std::abs(bias_coarse) - std::abs(bias_fine), sampler_test::kSigmas * std::hypot(c.error, f.error))
      << what << ": tr bias at h " << bias_coarse << " +- " << c.error << ", at h/2 " << bias_fine << " +- " << f.error;
  std::cout << "[ bias ] " << what << ": tr C - tr Sigma = " << bias_coarse << " +- " << c.error << " (h), "
            << bias_fine << " +- " << f.error << " (h/2); tr Sigma = " << exact << "\n";
}

inline void expect_means(const Draws& draws, const std::vector<double>& mean, const std::string& what) {
  for (size_t j = 0; j < mean.size(); ++j) {
    std::vector<std::vector<double>> m(draws.size());
    for (size_t c = 0; c < draws.size(); ++c)
      for (const auto& q : draws[c]) m[c].push_back(q[j]);
    sampler_test::expect_mean_within_errors(m, mean[j], what + " mean " + std::to_string(j));
  }
}

}  // namespace bbg::bayes_test

#include "bbg/estimate/convergence.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "bbg/estimate/gamma_method.hpp"

namespace bbg {
namespace {

using Chains = std::vector<std::vector<double>>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kSqrt2Pi = 2.50662827463100050242;

// P. J. Acklam's rational approximation of Phi^{-1} (relative error < 1.2e-9).
constexpr double kA[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                         1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
constexpr double kB[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                         6.680131188771972e+01,  -1.328068155288572e+01};
constexpr double kC[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                         -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
constexpr double kD[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                         3.754408661907416e+00};
constexpr double kLowTail = 0.02425;

double acklam_lower_tail(double p) {
  const double q = std::sqrt(-2.0 * std::log(p));
  return (((((kC[0] * q + kC[1]) * q + kC[2]) * q + kC[3]) * q + kC[4]) * q + kC[5]) /
         ((((kD[0] * q + kD[1]) * q + kD[2]) * q + kD[3]) * q + 1.0);
}

double acklam_central(double p) {
  const double q = p - 0.5, r = q * q;
  return (((((kA[0] * r + kA[1]) * r + kA[2]) * r + kA[3]) * r + kA[4]) * r + kA[5]) * q /
         (((((kB[0] * r + kB[1]) * r + kB[2]) * r + kB[3]) * r + kB[4]) * r + 1.0);
}

// One Halley step for Phi(x) = p, given e = Phi(x) - p.
double halley(double x, double e) {
  const double u = e * kSqrt2Pi * std::exp(0.5 * x * x);
  return x - u / (1.0 + 0.5 * x * u);
}

// Drops leading draws so all chains have the shortest length, then splits each
// in halves (dropping the middle draw of an odd length).
Chains split_chains(const Chains& chains, size_t length) {
  const size_t half = length / 2;
  Chains out;
  for (const auto& c : chains) {
    const auto begin = c.end() - static_cast<std::ptrdiff_t>(length);
    out.emplace_back(begin, begin + static_cast<std::ptrdiff_t>(half));
    out.emplace_back(c.end() - static_cast<std::ptrdiff_t>(half), c.end());
  }
  return out;
}

std::vector<double> flatten(const Chains& chains) {
  std::vector<double> all;
  for (const auto& c : chains) all.insert(all.end(), c.begin(), c.end());
  return all;
}

double median(std::vector<double> x) {
  const size_t mid = x.size() / 2;
  std::nth_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(mid), x.end());
  const double upper = x[mid];
  if (x.size() % 2 == 1) return upper;
  const double lower = *std::max_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(mid));
  return 0.5 * (lower + upper);
}

// Ranks 1..S of all draws, ties given their average rank.
std::vector<double> average_ranks(const std::vector<double>& x) {
  std::vector<size_t> order(x.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
  std::vector<double> rank(x.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    const double r = 0.5 * static_cast<double>(i + j) + 1.0;  // average of ranks i+1..j+1
    for (size_t k = i; k <= j; ++k) rank[order[k]] = r;
    i = j + 1;
  }
  return rank;
}

// z = Phi^{-1}((r - 3/8)/(S + 1/4)), keeping the chain structure.
Chains rank_normalize(const Chains& chains) {
  const std::vector<double> rank = average_ranks(flatten(chains));
  const double s = static_cast<double>(rank.size());
  Chains z = chains;
  size_t k = 0;
  for (auto& c : z)
    for (auto& v : c) v = inverse_normal_cdf((rank[k++] - 0.375) / (s + 0.25));
  return z;
}

double chain_mean(const std::vector<double>& c) {
  return std::accumulate(c.begin(), c.end(), 0.0) / static_cast<double>(c.size());
}

double sample_variance(const std::vector<double>& x) {
  const double m = chain_mean(x);
  double ss = 0.0;
  for (double v : x) ss += (v - m) * (v - m);
  return ss / static_cast<double>(x.size() - 1);
}

struct Variances {
  double within;  // W: mean of the chain variances
  double plus;    // var+ = (n - 1)/n W + B/n
};

Variances variances(const Chains& chains) {
  const double n = static_cast<double>(chains.front().size());
  std::vector<double> means, vars;
  for (const auto& c : chains) {
    means.push_back(chain_mean(c));
    vars.push_back(sample_variance(c));
  }
  Variances v;
  v.within = chain_mean(vars);
  v.plus = (n - 1.0) / n * v.within + sample_variance(means);  // B/n = var of the chain means
  return v;
}

double rhat_of(const Chains& chains) {
  const Variances v = variances(chains);
  if (v.within > 0.0) return std::sqrt(v.plus / v.within);
  return v.plus > 0.0 ? std::numeric_limits<double>::infinity() : kNaN;
}

// Mean over chains of the autocovariance (divisor n) at every lag.
std::vector<double> mean_autocovariance(const Chains& chains) {
  const size_t n = chains.front().size();
  std::vector<double> acov(n, 0.0);
  for (const auto& c : chains) {
    const double m = chain_mean(c);
    std::vector<double> d(c.size());
    for (size_t i = 0; i < c.size(); ++i) d[i] = c[i] - m;
    const std::vector<double> p = lagged_products(d, static_cast<int64_t>(n) - 1);
    for (size_t t = 0; t < n; ++t) acov[t] += p[t] / static_cast<double>(n);
  }
  for (auto& a : acov) a /= static_cast<double>(chains.size());
  return acov;
}

// Geyer's initial monotone sequence estimate of tau = 1 + 2 sum_t rho(t).
double geyer_tau(const std::vector<double>& acov, const Variances& v) {
  const int64_t n = static_cast<int64_t>(acov.size());
  auto rho_at = [&](int64_t t) { return 1.0 - (v.within - acov[t]) / v.plus; };
  std::vector<double> rho(n + 1, 0.0);
  rho[0] = 1.0;
  double even = 1.0, odd = rho_at(1);
  rho[1] = odd;
  int64_t t = 0;
  while (t < n - 5 && even + odd > 0.0) {
    t += 2;
    even = rho_at(t);
    odd = rho_at(t + 1);
    if (even + odd >= 0.0) {
      rho[t] = even;
      rho[t + 1] = odd;
    }
  }
  const int64_t max_t = t;
  if (max_t == 0) return 1.0;  // too short for any pair beyond lag 0
  if (even > 0.0) rho[max_t] = even;
  for (int64_t k = 2; k <= max_t - 2; k += 2)
    if (rho[k] + rho[k + 1] > rho[k - 2] + rho[k - 1]) rho[k] = rho[k + 1] = 0.5 * (rho[k - 2] + rho[k - 1]);
  double tau = -1.0 + rho[max_t];
  for (int64_t k = 0; k < max_t; ++k) tau += 2.0 * rho[k];
  return tau;
}

double ess_of(const Chains& chains) {
  const Variances v = variances(chains);
  if (!(v.plus > 0.0)) return kNaN;
  const double total = static_cast<double>(chains.size() * chains.front().size());
  const double tau = std::max(geyer_tau(mean_autocovariance(chains), v), 1.0 / std::log10(total));
  return total / tau;
}

Chains folded(const Chains& chains) {
  const double med = median(flatten(chains));
  Chains out = chains;
  for (auto& c : out)
    for (auto& x : c) x = std::fabs(x - med);
  return out;
}

}  // namespace

double inverse_normal_cdf(double p) {
  if (std::isnan(p) || p < 0.0 || p > 1.0) return kNaN;
  if (p == 0.0) return -std::numeric_limits<double>::infinity();
  if (p == 1.0) return std::numeric_limits<double>::infinity();
  if (p > 1.0 - kLowTail) return -inverse_normal_cdf(1.0 - p);  // 1 - p is exact here
  if (p < kLowTail) {
    const double x = acklam_lower_tail(p);
    return halley(x, 0.5 * std::erfc(-x / kSqrt2) - p);
  }
  const double x = acklam_central(p);
  return halley(x, 0.5 * std::erf(x / kSqrt2) - (p - 0.5));  // p - 0.5 is exact here
}

ConvergenceResult convergence(const std::vector<std::vector<double>>& chains) {
  ConvergenceResult res{kNaN, kNaN, kNaN, kNaN};
  if (chains.empty()) return res;
  size_t length = chains.front().size();
  for (const auto& c : chains) length = std::min(length, c.size());
  if (length < 4) return res;

  const Chains split = split_chains(chains, length);
  const std::vector<double> all = flatten(split);
  for (double x : all)
    if (!std::isfinite(x)) return res;
  if (std::all_of(all.begin(), all.end(), [&](double x) { return x == all.front(); })) return res;

  const Chains z = rank_normalize(split);
  res.rhat_bulk = rhat_of(z);
  res.rhat_folded = rhat_of(rank_normalize(folded(split)));
  if (std::isnan(res.rhat_bulk))
    res.rhat = res.rhat_folded;
  else if (std::isnan(res.rhat_folded))
    res.rhat = res.rhat_bulk;
  else
    res.rhat = std::max(res.rhat_bulk, res.rhat_folded);
  res.ess_bulk = ess_of(z);
  return res;
}

}  // namespace bbg

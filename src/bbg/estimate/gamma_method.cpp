#include "bbg/estimate/gamma_method.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <stdexcept>
#include <string>

namespace bbg {
namespace {

using Series = std::vector<std::vector<double>>;  // [replica][draw]

constexpr double kPi = 3.14159265358979323846;

void check_replicas(const Series& chains, const char* who) {
  if (chains.empty()) throw std::invalid_argument(std::string(who) + ": no replica given");
  for (const auto& c : chains)
    if (c.size() < 2) throw std::invalid_argument(std::string(who) + ": every replica needs >= 2 draws");
}

int64_t total_draws(const Series& chains) {
  int64_t n = 0;
  for (const auto& c : chains) n += static_cast<int64_t>(c.size());
  return n;
}

// Mean over all replicas, summed relative to the first draw: constant data give
// exactly that constant (so their fluctuations are exactly zero), and the sum
// loses less precision when the mean is large compared to the spread.
double global_mean(const Series& chains) {
  const double shift = chains.front().front();
  double sum = 0.0;
  for (const auto& c : chains)
    for (double x : c) sum += x - shift;
  return shift + sum / static_cast<double>(total_draws(chains));
}

Series deviations(const Series& chains, double mean) {
  Series out(chains.size());
  for (size_t r = 0; r < chains.size(); ++r) {
    out[r].resize(chains[r].size());
    for (size_t i = 0; i < chains[r].size(); ++i) out[r][i] = chains[r][i] - mean;
  }
  return out;
}

// In-place radix-2 FFT (size a power of two); inverse without the 1/n factor.
void fft(std::vector<std::complex<double>>& a, bool inverse) {
  const size_t n = a.size();
  for (size_t i = 1, j = 0; i < n; ++i) {  // bit-reversal permutation
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  const double sign = inverse ? 1.0 : -1.0;
  std::vector<std::complex<double>> twiddle(n / 2);
  for (size_t k = 0; k < n / 2; ++k)
    twiddle[k] = std::polar(1.0, sign * 2.0 * kPi * static_cast<double>(k) / static_cast<double>(n));
  for (size_t len = 2; len <= n; len <<= 1) {
    const size_t half = len / 2, stride = n / len;
    for (size_t start = 0; start < n; start += len)
      for (size_t k = 0; k < half; ++k) {
        const std::complex<double> u = a[start + k], v = a[start + k + half] * twiddle[k * stride];
        a[start + k] = u + v;
        a[start + k + half] = u - v;
      }
  }
}

std::vector<double> lagged_products_direct(const std::vector<double>& x, int64_t max_lag) {
  const int64_t n = static_cast<int64_t>(x.size());
  std::vector<double> p(max_lag + 1, 0.0);
  for (int64_t t = 0; t <= max_lag; ++t) {
    double s = 0.0;
    for (int64_t i = 0; i + t < n; ++i) s += x[i] * x[i + t];
    p[t] = s;
  }
  return p;
}

std::vector<double> lagged_products_fft(const std::vector<double>& x, int64_t max_lag) {
  const size_t n = x.size();
  size_t m = 1;
  while (m < n + static_cast<size_t>(max_lag)) m <<= 1;  // no wrap-around up to max_lag
  std::vector<std::complex<double>> a(m, 0.0);
  for (size_t i = 0; i < n; ++i) a[i] = x[i];
  fft(a, false);
  for (auto& z : a) z = std::norm(z);
  fft(a, true);
  std::vector<double> p(max_lag + 1);
  for (int64_t t = 0; t <= max_lag; ++t) p[t] = a[t].real() / static_cast<double>(m);
  return p;
}

// Gamma(t), t = 0..max_lag, pooled over replicas with divisor N - R t.
std::vector<double> pooled_autocovariance(const Series& dev, int64_t max_lag) {
  std::vector<double> gamma(max_lag + 1, 0.0);
  for (const auto& d : dev) {
    const std::vector<double> p = lagged_products(d, max_lag);
    for (int64_t t = 0; t <= max_lag; ++t) gamma[t] += p[t];
  }
  const double n = static_cast<double>(total_draws(dev)), r = static_cast<double>(dev.size());
  for (int64_t t = 0; t <= max_lag; ++t) gamma[t] /= n - r * static_cast<double>(t);
  return gamma;
}

// Wolff's automatic window: the first W with g(W) < 0, or W_max if none.
int64_t automatic_window(const std::vector<double>& gamma, double n, double s_tau, bool& found) {
  const int64_t w_max = static_cast<int64_t>(gamma.size()) - 1;
  found = true;
  if (s_tau == 0.0) return 0;
  double tau_int = 0.5;
  for (int64_t w = 1; w <= w_max; ++w) {
    tau_int += gamma[w] / gamma[0];
    const double tau = tau_int <= 0.5 ? std::numeric_limits<double>::min()
                                      : s_tau / std::log1p(2.0 / (2.0 * tau_int - 1.0));
    const double g = std::exp(-static_cast<double>(w) / tau) - tau / std::sqrt(static_cast<double>(w) * n);
    if (g < 0.0) return w;
  }
  found = false;
  return w_max;
}

// Gamma-method analysis of fluctuations around the global mean; `value` is
// passed through.
GammaResult analyze(const Series& dev, double value, double s_tau) {
  GammaResult res;
  res.value = value;
  res.n = total_draws(dev);
  const double n = static_cast<double>(res.n);
  size_t shortest = dev.front().size();
  for (const auto& d : dev) shortest = std::min(shortest, d.size());
  const int64_t w_max = static_cast<int64_t>(shortest / 2);

  const std::vector<double> gamma = pooled_autocovariance(dev, w_max);
  if (!(gamma[0] > 0.0)) {  // no fluctuations (or NaN data)
    if (std::isnan(gamma[0])) res.error = res.naive_error = res.tau_int = res.tau_int_error = gamma[0];
    return res;
  }
  res.window = automatic_window(gamma, n, s_tau, res.window_found);
  const double w = static_cast<double>(res.window);

  double c = gamma[0];
  for (int64_t t = 1; t <= res.window; ++t) c += 2.0 * gamma[t];
  const double c_corrected = c * (1.0 + (2.0 * w + 1.0) / n);
  double gamma0 = gamma[0] + c / n;  // every Gamma(t) is shifted by C/N
  if (!(gamma0 > 0.0)) gamma0 = gamma[0];

  res.naive_error = std::sqrt(gamma0 / n);
  if (!(c_corrected > 0.0)) {
    // The windowed variance is not positive: the series anticorrelates so strongly
    // (e.g. m under Wolff updates at h = 0 in the ordered phase, which flips sign
    // almost every step) that the estimate fails. Report the naive error, an upper
    // bound for anticorrelated data, and tau_int = 1/2 so error^2 = 2 tau_int Gamma(0)/N holds.
    res.tau_int = 0.5;
    res.error = res.naive_error;
    res.window_found = false;
    res.tau_int_error = 0.0;
    return res;
  }
  res.tau_int = c_corrected / (2.0 * gamma0);
  res.error = std::sqrt(c_corrected / n);
  res.tau_int_error = 2.0 * std::fabs(res.tau_int) * std::sqrt(std::max(w + 0.5 - res.tau_int, 0.0) / n);
  return res;
}

void check_primaries(const std::vector<Series>& primaries) {
  if (primaries.empty()) throw std::invalid_argument("gamma_method_derived: no primary given");
  for (const auto& p : primaries) {
    check_replicas(p, "gamma_method_derived");
    bool same = p.size() == primaries.front().size();
    for (size_t r = 0; same && r < p.size(); ++r) same = p[r].size() == primaries.front()[r].size();
    if (!same)
      throw std::invalid_argument("gamma_method_derived: all primaries need the same replicas and lengths");
  }
}

struct Linearization {
  std::vector<double> means;
  Series series;  // [replica][draw]
};

// Gradient of f at the means by central differences, step sqrt(Gamma(0)/N)/4.
std::vector<double> gradient(const std::vector<Series>& dev, const std::vector<double>& means,
                             const std::function<double(const std::vector<double>&)>& f) {
  std::vector<double> grad(means.size(), 0.0);
  for (size_t a = 0; a < means.size(); ++a) {
    const std::vector<double> gamma0 = pooled_autocovariance(dev[a], 0);
    const double h = std::sqrt(gamma0[0] / static_cast<double>(total_draws(dev[a]))) / 4.0;
    if (!(h > 0.0) || !std::isfinite(h)) continue;  // a constant primary does not contribute
    std::vector<double> up = means, down = means;
    up[a] += h;
    down[a] -= h;
    const double step = up[a] - down[a];  // the step actually taken after rounding
    if (step > 0.0) grad[a] = (f(up) - f(down)) / step;
  }
  return grad;
}

Linearization linearize(const std::vector<Series>& primaries,
                        const std::function<double(const std::vector<double>&)>& f) {
  check_primaries(primaries);
  Linearization lin;
  std::vector<Series> dev;
  for (const auto& p : primaries) {
    lin.means.push_back(global_mean(p));
    dev.push_back(deviations(p, lin.means.back()));
  }
  const std::vector<double> grad = gradient(dev, lin.means, f);
  lin.series.resize(primaries.front().size());
  for (size_t r = 0; r < lin.series.size(); ++r) {
    lin.series[r].assign(primaries.front()[r].size(), 0.0);
    for (size_t a = 0; a < dev.size(); ++a) {
      if (grad[a] == 0.0) continue;
      for (size_t i = 0; i < lin.series[r].size(); ++i) lin.series[r][i] += grad[a] * dev[a][r][i];
    }
  }
  return lin;
}

}  // namespace

std::vector<double> lagged_products(const std::vector<double>& x, int64_t max_lag) {
  if (max_lag < 0 || max_lag >= static_cast<int64_t>(x.size()))
    throw std::invalid_argument("lagged_products: need 0 <= max_lag < length");
  return max_lag < 64 ? lagged_products_direct(x, max_lag) : lagged_products_fft(x, max_lag);
}

GammaResult gamma_method(const std::vector<std::vector<double>>& chains, double s_tau) {
  check_replicas(chains, "gamma_method");
  if (!(s_tau >= 0.0)) throw std::invalid_argument("gamma_method: s_tau must be >= 0");
  const double mean = global_mean(chains);
  return analyze(deviations(chains, mean), mean, s_tau);
}

std::vector<std::vector<double>> linearized_series(
    const std::vector<std::vector<std::vector<double>>>& primaries,
    const std::function<double(const std::vector<double>&)>& f) {
  return linearize(primaries, f).series;
}

GammaResult gamma_method_derived(const std::vector<std::vector<std::vector<double>>>& primaries,
                                 const std::function<double(const std::vector<double>&)>& f,
                                 double s_tau) {
  if (!(s_tau >= 0.0)) throw std::invalid_argument("gamma_method_derived: s_tau must be >= 0");
  const Linearization lin = linearize(primaries, f);
  // The projected series has mean zero up to rounding; subtract what is left.
  return analyze(deviations(lin.series, global_mean(lin.series)), f(lin.means), s_tau);
}

}  // namespace bbg

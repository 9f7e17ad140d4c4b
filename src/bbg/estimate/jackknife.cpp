#include "bbg/estimate/jackknife.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace bbg {
namespace {

using BinSums = std::vector<std::vector<double>>;  // [alpha][bin]

// Appends the sums of the complete bins of one series to `sums`.
void add_bin_sums(const std::vector<double>& x, int64_t bin_size, std::vector<double>& sums) {
  const int64_t bins = static_cast<int64_t>(x.size()) / bin_size;
  for (int64_t b = 0; b < bins; ++b) {
    double s = 0.0;
    for (int64_t i = b * bin_size; i < (b + 1) * bin_size; ++i) s += x[i];
    sums.push_back(s);
  }
}

// The jackknife from bin sums of equal-size bins.
JackknifeResult jackknife_from_bins(const BinSums& sums, const std::function<double(const std::vector<double>&)>& f,
                                    int64_t bin_size) {
  const size_t n_alpha = sums.size();
  const int64_t bins = static_cast<int64_t>(sums.front().size());
  if (bins < 2) throw std::invalid_argument("jackknife: need at least 2 bins");
  const double b = static_cast<double>(bin_size), nb = static_cast<double>(bins);

  std::vector<double> means(n_alpha, 0.0);
  for (size_t a = 0; a < n_alpha; ++a) {
    for (double s : sums[a]) means[a] += s / b;
    means[a] /= nb;
  }
  JackknifeResult res;
  res.bins = bins;
  res.bin_size = bin_size;
  res.value = f(means);

  std::vector<double> leave_out(static_cast<size_t>(bins));
  std::vector<double> m(n_alpha);
  for (int64_t i = 0; i < bins; ++i) {
    // (total - bin i)/(draws left) written through the bin's deviation from the
    // mean, so that rounding is not amplified by the (n - 1) of the bias.
    for (size_t a = 0; a < n_alpha; ++a) m[a] = means[a] - (sums[a][i] / b - means[a]) / (nb - 1.0);
    leave_out[i] = f(m);
  }
  double shift = 0.0;  // fbar - f(abar), accumulated as differences
  for (double v : leave_out) shift += v - res.value;
  shift /= nb;
  double ss = 0.0;
  for (double v : leave_out) ss += (v - res.value - shift) * (v - res.value - shift);
  res.error = std::sqrt((nb - 1.0) / nb * ss);
  res.bias = (nb - 1.0) * shift;
  return res;
}

void check_bin_size(int64_t bin_size) {
  if (bin_size < 1) throw std::invalid_argument("jackknife: bin_size must be >= 1");
}

}  // namespace

JackknifeResult jackknife(const std::vector<std::vector<double>>& series,
                          const std::function<double(const std::vector<double>&)>& f, int64_t bin_size) {
  check_bin_size(bin_size);
  if (series.empty()) throw std::invalid_argument("jackknife: no primary given");
  BinSums sums(series.size());
  for (size_t a = 0; a < series.size(); ++a) {
    if (series[a].size() != series.front().size())
      throw std::invalid_argument("jackknife: all primaries need the same length");
    add_bin_sums(series[a], bin_size, sums[a]);
  }
  return jackknife_from_bins(sums, f, bin_size);
}

JackknifeResult jackknife_chains(const std::vector<std::vector<std::vector<double>>>& series,
                                 const std::function<double(const std::vector<double>&)>& f,
                                 int64_t bin_size) {
  check_bin_size(bin_size);
  if (series.empty()) throw std::invalid_argument("jackknife_chains: no primary given");
  BinSums sums(series.size());
  for (size_t a = 0; a < series.size(); ++a) {
    if (series[a].size() != series.front().size())
      throw std::invalid_argument("jackknife_chains: all primaries need the same chains");
    for (size_t c = 0; c < series[a].size(); ++c) {
      if (series[a][c].size() != series.front()[c].size())
        throw std::invalid_argument("jackknife_chains: all primaries need the same chain lengths");
      add_bin_sums(series[a][c], bin_size, sums[a]);
    }
  }
  return jackknife_from_bins(sums, f, bin_size);
}

int64_t jackknife_bin_size(double tau_int_max, int64_t min_chain_length) {
  const int64_t cap = std::max<int64_t>(1, min_chain_length / 20);
  if (!std::isfinite(tau_int_max)) return cap;
  const double wanted = std::ceil(4.0 * tau_int_max);
  if (wanted >= static_cast<double>(cap)) return cap;
  return std::max<int64_t>(1, static_cast<int64_t>(wanted));
}

}  // namespace bbg

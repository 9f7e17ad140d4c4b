#include "bbg/exact/enumeration.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace bbg {
namespace exact {

SpinExact enumerate_ising(const std::vector<int64_t>& shape, double beta, double J, double h) {
  if (shape.empty()) throw std::invalid_argument("enumerate_ising: empty shape");
  int64_t V = 1;
  for (int64_t L : shape) {
    if (L < 1) throw std::invalid_argument("enumerate_ising: extents must be >= 1");
    V *= L;
    if (V > 25) throw std::invalid_argument("enumerate_ising: volume must be <= 25 (2^V states)");
  }
  if (!std::isfinite(beta) || !std::isfinite(J) || !std::isfinite(h))
    throw std::invalid_argument("enumerate_ising: beta, J, h must be finite");
  const int d = static_cast<int>(shape.size());

  // Neighbour lists with multiplicity (self-bonds are constant and kept aside).
  std::vector<int64_t> stride(d, 1);
  for (int mu = d - 2; mu >= 0; --mu) stride[mu] = stride[mu + 1] * shape[mu + 1];
  std::vector<std::vector<int>> nbr(V);
  int64_t n_bonds = 0, self_bonds = 0;
  for (int64_t x = 0; x < V; ++x) {
    for (int mu = 0; mu < d; ++mu) {
      const int64_t c = (x / stride[mu]) % shape[mu];
      const int64_t y = x + (((c + 1) % shape[mu]) - c) * stride[mu];
      ++n_bonds;
      if (y == x) {
        ++self_bonds;
        continue;
      }
      nbr[x].push_back(static_cast<int>(y));
      nbr[y].push_back(static_cast<int>(x));
    }
  }

  // Gray-code walk starting from all spins +1: B = n_bonds, M = V.
  std::vector<int> s(V, 1);
  int64_t B = n_bonds, M = V;
  const int64_t nB = 2 * n_bonds + 1, nM = V + 1;  // B in [-n_bonds, n_bonds], M = 2j - V
  std::vector<uint64_t> hist(static_cast<size_t>(nB * nM), 0);
  auto record = [&]() { ++hist[static_cast<size_t>((B + n_bonds) * nM + (M + V) / 2)]; };
  record();
  const uint64_t n_states = uint64_t{1} << V;
  for (uint64_t i = 1; i < n_states; ++i) {
    const int j = __builtin_ctzll(i);
    int local = 0;
    for (int k : nbr[j]) local += s[k];
    B -= 2 * s[j] * local;
    M -= 2 * s[j];
    s[j] = -s[j];
    record();
  }

  // Log-space sums over the histogram: weight exponent beta (J B + h M).
  double amax = -std::numeric_limits<double>::infinity();
  for (int64_t ib = 0; ib < nB; ++ib)
    for (int64_t im = 0; im < nM; ++im)
      if (hist[ib * nM + im]) amax = std::max(amax, beta * (J * (ib - n_bonds) + h * (2 * im - V)));
  const double Vd = static_cast<double>(V);
  double w_sum = 0, e1 = 0, m1 = 0, am1 = 0, m2 = 0, m4 = 0;
  struct Entry {
    double w, e, m;
  };
  std::vector<Entry> entries;
  for (int64_t ib = 0; ib < nB; ++ib) {
    for (int64_t im = 0; im < nM; ++im) {
      const uint64_t n = hist[ib * nM + im];
      if (!n) continue;
      const double Bv = static_cast<double>(ib - n_bonds), Mv = static_cast<double>(2 * im - V);
      const double w = static_cast<double>(n) * std::exp(beta * (J * Bv + h * Mv) - amax);
      const double e = -(J * Bv + h * Mv) / Vd, m = Mv / Vd;
      entries.push_back({w, e, m});
      w_sum += w;
      e1 += w * e;
      m1 += w * m;
      am1 += w * std::abs(m);
      m2 += w * m * m;
      m4 += w * m * m * m * m;
    }
  }
  e1 /= w_sum;
  m1 /= w_sum;
  am1 /= w_sum;
  m2 /= w_sum;
  m4 /= w_sum;
  double var_e = 0, var_am = 0;  // two-pass central moments
  for (const auto& en : entries) {
    var_e += en.w * (en.e - e1) * (en.e - e1);
    var_am += en.w * (std::abs(en.m) - am1) * (std::abs(en.m) - am1);
  }
  var_e /= w_sum;
  var_am /= w_sum;

  SpinExact out;
  out.log_z = amax + std::log(w_sum);
  out.energy = e1;
  out.specific_heat = beta * beta * Vd * var_e;
  out.m = m1;
  out.abs_m = am1;
  out.m2 = m2;
  out.m4 = m4;
  out.chi = beta * Vd * var_am;  // <m^2> - <|m|>^2 = Var(|m|)
  out.binder = 1.0 - m4 / (3.0 * m2 * m2);
  out.method = "exact enumeration of 2^" + std::to_string(V) + " states";
  return out;
}

}  // namespace exact
}  // namespace bbg

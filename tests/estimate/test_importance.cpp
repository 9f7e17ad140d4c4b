// Streaming importance sampling against Gaussians with exact answers.
//
// Target p(x) ∝ exp(-|x|^2/(2 s_p^2)) in D dimensions, Z = (2 pi s_p^2)^(D/2); model
// q = N(0, s_q^2 I). With r = s_p/s_q (r < sqrt(2) for finite Var(w)):
//     ESS/N = E_q[w]^2/E_q[w^2] = (r sqrt(2 - r^2))^D   (also the forward ESS from p),
//     F_q   = E_q[log q + S] = D (s_q^2/(2 s_p^2) - 1/2 - ln(2 pi s_q^2)/2).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "bbg/core/rng.hpp"
#include "bbg/estimate/importance.hpp"

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kD = 2;
constexpr double kSp = 1.0, kSq = 1.3;

struct Draws {
  std::vector<double> lw, x2, x1sq, x1quad;  // x2 = mean_d x_d^2
};

// lw = -S - log q for x given per dimension.
double log_weight(const double* x, int d, double sp, double sq) {
  double r2 = 0.0;
  for (int i = 0; i < d; ++i) r2 += x[i] * x[i];
  return -r2 / (2.0 * sp * sp) + r2 / (2.0 * sq * sq) + 0.5 * d * std::log(2.0 * kPi * sq * sq);
}

// n draws of N(0, s^2 I) in kD dimensions, with lw for (kSp, kSq).
Draws draw(int64_t n, double s, bbg::Rng& rng) {
  Draws out;
  double x[kD];
  for (int64_t i = 0; i < n; ++i) {
    double r2 = 0.0;
    for (double& v : x) {
      v = s * rng.normal();
      r2 += v * v;
    }
    out.lw.push_back(log_weight(x, kD, kSp, kSq));
    out.x2.push_back(r2 / kD);
    out.x1sq.push_back(x[0] * x[0]);
    out.x1quad.push_back(x[0] * x[0] * x[0] * x[0]);
  }
  return out;
}

const std::vector<std::string> kNames = {"x2", "x1sq", "x1quad"};

std::vector<bbg::DerivedSpec> kurtosis_spec() {
  return {{"kurtosis", {"x1quad", "x1sq"}, [](const std::vector<double>& m) { return m[0] / (m[1] * m[1]); }}};
}

void add_range(bbg::ImportanceAccumulator& acc, const Draws& d, size_t begin, size_t end, double lw_shift = 0.0) {
  std::vector<double> lw(d.lw.begin() + begin, d.lw.begin() + end);
  for (auto& v : lw) v += lw_shift;
  acc.add(lw.data(), {d.x2.data() + begin, d.x1sq.data() + begin, d.x1quad.data() + begin},
          static_cast<int64_t>(end - begin));
}

double exact_log_z() { return 0.5 * kD * std::log(2.0 * kPi * kSp * kSp); }
double exact_ess() {
  const double r = kSp / kSq;
  return std::pow(r * std::sqrt(2.0 - r * r), kD);
}
double exact_f_q() { return kD * (kSq * kSq / (2.0 * kSp * kSp) - 0.5 - 0.5 * std::log(2.0 * kPi * kSq * kSq)); }

// Relative agreement; two NaNs agree.
void expect_rel(double a, double b, double tol) {
  if (std::isnan(a) && std::isnan(b)) return;
  EXPECT_NEAR(a, b, tol * std::max(std::abs(a), std::abs(b)));
}

}  // namespace

TEST(Importance, GaussianLogZEssFreeEnergiesAndObservables) {
  bbg::Rng rng(11);
  const Draws d = draw(100000, kSq, rng);
  bbg::ImportanceAccumulator acc(kNames, 100);
  for (size_t b = 0; b < d.lw.size(); b += 10000) add_range(acc, d, b, b + 10000);
  const bbg::NisResult r = acc.result(kurtosis_spec(), kD);

  EXPECT_EQ(r.samples, 100000);
  // ln Z within 4 errors; bias = -err^2/2 is far below the error here.
  EXPECT_GT(r.log_z.error, 0.0);
  EXPECT_NEAR(r.log_z.value, exact_log_z(), 4.0 * r.log_z.error);
  EXPECT_NEAR(r.log_z.bias, -0.5 * r.log_z.error * r.log_z.error, 1e-15);
  EXPECT_DOUBLE_EQ(r.f.value, -r.log_z.value);
  EXPECT_DOUBLE_EQ(r.f.error, r.log_z.error);
  EXPECT_DOUBLE_EQ(r.f.bias, -r.log_z.bias);
  EXPECT_DOUBLE_EQ(r.f_per_site.value, r.f.value / kD);
  // err^2 = (1/ESS - 1)/(N - 1) by construction.
  EXPECT_NEAR(r.log_z.error * r.log_z.error, (1.0 / r.ess_per_sample - 1.0) / 99999.0, 1e-15);
  // ESS/N = 0.833; its statistical spread at N = 1e5 is ~0.3%, checked at 2%.
  EXPECT_NEAR(r.ess_per_sample, exact_ess(), 0.02 * exact_ess());

  // Variational free energy: exact within 4 errors, and above F.
  EXPECT_NEAR(r.f_q.value, exact_f_q(), 4.0 * r.f_q.error);
  EXPECT_GT(r.f_q.value, -exact_log_z());
  EXPECT_DOUBLE_EQ(r.f_q_per_site.value, r.f_q.value / kD);
  EXPECT_NEAR(r.kl_gap, r.f_q.value - r.f.value, 1e-14);
  EXPECT_GT(r.kl_gap, 0.0);

  // Reweighted observables: <x^2> = s_p^2 and <x^4>/<x^2>^2 = 3, within 4 jackknife errors.
  ASSERT_EQ(r.observables.size(), 4u);
  const auto& x2 = r.observable("x2");
  EXPECT_NEAR(x2.value, kSp * kSp, 4.0 * x2.error);
  EXPECT_EQ(x2.error, x2.jackknife_error);
  EXPECT_EQ(x2.tau_int, 0.5);
  EXPECT_EQ(x2.n, 100000);
  // Delta-method and jackknife errors agree for iid draws (within sampling noise).
  EXPECT_NEAR(x2.naive_error, x2.error, 0.25 * x2.error);
  const auto& k = r.observable("kurtosis");
  EXPECT_TRUE(r.observables.back().derived);
  EXPECT_NEAR(k.value, 3.0, 4.0 * k.error);
  EXPECT_GT(k.error, 0.0);
  EXPECT_THROW(r.observable("nope"), std::out_of_range);
}

TEST(Importance, ErrorsMatchTheSpreadOverIndependentRepeats) {
  // 200 repeats of N = 2000: the standard deviation of ln Z_hat (resp. <x^2>) over
  // repeats against the mean reported error (relative sampling noise ~5%), checked
  // at 15%; the mean ln Z_hat and mean ESS against exact at 4 standard errors.
  constexpr int kRepeats = 200;
  constexpr int64_t kN = 2000;
  bbg::Rng rng(2024);
  std::vector<double> lz, lz_err, x2, x2_err, ess;
  for (int rep = 0; rep < kRepeats; ++rep) {
    const Draws d = draw(kN, kSq, rng);
    bbg::ImportanceAccumulator acc(kNames, 100);
    add_range(acc, d, 0, d.lw.size());
    const bbg::NisResult r = acc.result();
    lz.push_back(r.log_z.value);
    lz_err.push_back(r.log_z.error);
    x2.push_back(r.observable("x2").value);
    x2_err.push_back(r.observable("x2").error);
    ess.push_back(r.ess_per_sample);
  }
  auto mean = [](const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / v.size(); };
  auto sd = [&](const std::vector<double>& v) {
    const double m = mean(v);
    double ss = 0.0;
    for (double x : v) ss += (x - m) * (x - m);
    return std::sqrt(ss / (v.size() - 1));
  };
  EXPECT_NEAR(sd(lz), mean(lz_err), 0.15 * sd(lz));
  EXPECT_NEAR(sd(x2), mean(x2_err), 0.15 * sd(x2));
  EXPECT_NEAR(mean(lz), exact_log_z(), 4.0 * sd(lz) / std::sqrt(kRepeats));
  EXPECT_NEAR(mean(x2), kSp * kSp, 4.0 * sd(x2) / std::sqrt(kRepeats));
  EXPECT_NEAR(mean(ess), exact_ess(), 4.0 * sd(ess) / std::sqrt(kRepeats));
}

TEST(Importance, ChunkedEqualsSingleCall) {
  bbg::Rng rng(5);
  const Draws d = draw(10007, kSq, rng);
  bbg::ImportanceAccumulator one(kNames, 64), many(kNames, 64);
  add_range(one, d, 0, d.lw.size());
  const std::vector<size_t> cuts = {0, 1, 8, 13, 500, 4099, 10007};
  for (size_t c = 0; c + 1 < cuts.size(); ++c) add_range(many, d, cuts[c], cuts[c + 1]);
  const auto a = one.result(kurtosis_spec(), 4), b = many.result(kurtosis_spec(), 4);
  EXPECT_EQ(a.samples, b.samples);
  expect_rel(a.log_z.value, b.log_z.value, 1e-12);
  expect_rel(a.log_z.error, b.log_z.error, 1e-12);
  expect_rel(a.ess_per_sample, b.ess_per_sample, 1e-12);
  expect_rel(a.f_q.value, b.f_q.value, 1e-12);
  expect_rel(a.f_q.error, b.f_q.error, 1e-12);
  for (size_t i = 0; i < a.observables.size(); ++i) {
    expect_rel(a.observables[i].stats.value, b.observables[i].stats.value, 1e-12);
    expect_rel(a.observables[i].stats.error, b.observables[i].stats.error, 1e-12);
    expect_rel(a.observables[i].stats.naive_error, b.observables[i].stats.naive_error, 1e-12);
  }
}

TEST(Importance, HugeLogWeightsAndGrowingMaximumAreStable) {
  bbg::Rng rng(6);
  const Draws d = draw(5000, kSq, rng);
  bbg::ImportanceAccumulator ref(kNames, 50), shifted(kNames, 50);
  add_range(ref, d, 0, d.lw.size());
  add_range(shifted, d, 0, d.lw.size(), 1e4);  // exp(lw) would overflow
  const auto a = ref.result(kurtosis_spec()), b = shifted.result(kurtosis_spec());
  EXPECT_NEAR(b.log_z.value - 1e4, a.log_z.value, 1e-9);
  expect_rel(a.log_z.error, b.log_z.error, 1e-9);
  expect_rel(a.ess_per_sample, b.ess_per_sample, 1e-9);
  EXPECT_NEAR(b.f_q.value + 1e4, a.f_q.value, 1e-9);
  for (size_t i = 0; i < a.observables.size(); ++i) {
    expect_rel(a.observables[i].stats.value, b.observables[i].stats.value, 1e-9);
    expect_rel(a.observables[i].stats.error, b.observables[i].stats.error, 1e-9);
  }

  // Draws fed in increasing order of lw, 25 at a time: the running maximum grows
  // with every chunk and the stored sums are rescaled ~200 times.
  std::vector<size_t> order(d.lw.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t i, size_t j) { return d.lw[i] < d.lw[j]; });
  Draws sorted;
  for (size_t i : order) {
    sorted.lw.push_back(d.lw[i]);
    sorted.x2.push_back(d.x2[i]);
    sorted.x1sq.push_back(d.x1sq[i]);
    sorted.x1quad.push_back(d.x1quad[i]);
  }
  bbg::ImportanceAccumulator grow(kNames, 50);
  for (size_t s = 0; s < sorted.lw.size(); s += 25) add_range(grow, sorted, s, s + 25, 1e4);
  const auto c = grow.result(kurtosis_spec());
  EXPECT_EQ(c.max_log_weight, *std::max_element(d.lw.begin(), d.lw.end()) + 1e4);
  EXPECT_NEAR(c.log_z.value - 1e4, a.log_z.value, 1e-9);
  expect_rel(a.ess_per_sample, c.ess_per_sample, 1e-9);
  for (size_t i = 0; i < a.observables.size(); ++i)
    expect_rel(a.observables[i].stats.value, c.observables[i].stats.value, 1e-9);
}

TEST(Importance, ZeroWeightDrawsCountButAddNothing) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> lw = {0.0, -inf, std::log(3.0), -inf};
  const std::vector<double> o = {1.0, 100.0, 5.0, -100.0};
  bbg::ImportanceAccumulator acc({"o"}, 4);
  acc.add(lw.data(), {o.data()}, 4);
  const auto r = acc.result();
  EXPECT_EQ(r.samples, 4);
  EXPECT_NEAR(r.log_z.value, std::log(4.0 / 4.0), 1e-15);  // (1 + 3)/4
  EXPECT_NEAR(r.ess_per_sample, 16.0 / (4.0 * 10.0), 1e-15);
  EXPECT_NEAR(r.observable("o").value, (1.0 + 15.0) / 4.0, 1e-14);
  EXPECT_EQ(r.f_q.value, inf);  // KL(q||p) = inf when q puts mass where p has none
}

TEST(Importance, FewBinsGiveNaNErrors) {
  const std::vector<double> lw = {0.3}, o = {2.0};
  bbg::ImportanceAccumulator acc({"o"}, 100);
  acc.add(lw.data(), {o.data()}, 1);
  const auto r = acc.result();
  EXPECT_NEAR(r.log_z.value, 0.3, 1e-15);
  EXPECT_TRUE(std::isnan(r.log_z.error));
  EXPECT_TRUE(std::isnan(r.f_q.error));
  EXPECT_EQ(r.observable("o").value, 2.0);
  EXPECT_TRUE(std::isnan(r.observable("o").error));

  const std::vector<double> lw2 = {0.0, 1.0, 2.0}, o2 = {1.0, 2.0, 3.0};
  bbg::ImportanceAccumulator one_bin({"o"}, 1);
  one_bin.add(lw2.data(), {o2.data()}, 3);
  const auto r2 = one_bin.result();
  EXPECT_TRUE(std::isnan(r2.observable("o").error));
  EXPECT_FALSE(std::isnan(r2.log_z.error));
}

TEST(Importance, InvalidInputThrows) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  EXPECT_THROW(bbg::ImportanceAccumulator({"a"}, 0), std::invalid_argument);
  EXPECT_THROW(bbg::ImportanceAccumulator({"a", "a"}), std::invalid_argument);

  bbg::ImportanceAccumulator acc({"o"});
  EXPECT_THROW(acc.result(), std::invalid_argument);  // no samples
  const std::vector<double> good = {0.0, 1.0}, with_nan = {0.0, nan}, with_pinf = {0.0, inf}, o = {1.0, 2.0},
                            o_nan = {1.0, nan};
  EXPECT_THROW(acc.add(with_nan.data(), {o.data()}, 2), std::invalid_argument);
  EXPECT_THROW(acc.add(with_pinf.data(), {o.data()}, 2), std::invalid_argument);
  EXPECT_THROW(acc.add(good.data(), {o_nan.data()}, 2), std::invalid_argument);
  EXPECT_THROW(acc.add(good.data(), {}, 2), std::invalid_argument);
  EXPECT_THROW(acc.add(good.data(), 2), std::invalid_argument);  // lw-only needs no observables
  EXPECT_EQ(acc.samples(), 0);  // a rejected chunk leaves nothing behind

  const std::vector<double> all_zero = {-inf, -inf};
  acc.add(all_zero.data(), {o.data()}, 2);
  EXPECT_THROW(acc.result(), std::invalid_argument);  // every weight is zero

  acc.add(good.data(), {o.data()}, 2);
  EXPECT_NO_THROW(acc.result());
  EXPECT_THROW(acc.result({{"bad", {"missing"}, [](const std::vector<double>& m) { return m[0]; }}}),
               std::invalid_argument);
  EXPECT_THROW(acc.result({}, 0), std::invalid_argument);
}

TEST(Importance, LogZFromLogWeights) {
  const std::vector<double> lw = {std::log(1.0), std::log(2.0), std::log(3.0)};
  const bbg::Estimate e = bbg::log_z_from_log_weights(lw);
  EXPECT_NEAR(e.value, std::log(2.0), 1e-15);
  // s^2/(N wbar^2) with s^2 = 1, wbar = 2.
  EXPECT_NEAR(e.error, std::sqrt(1.0 / (3.0 * 4.0)), 1e-15);
  EXPECT_NEAR(e.bias, -1.0 / 24.0, 1e-15);
}

TEST(Importance, ForwardEssFromPSamples) {
  bbg::Rng rng(77);
  const Draws d = draw(100000, kSp, rng);  // draws of p, lw = -S - log q
  // Same exact value as the reverse ESS for this pair; spread ~0.5% at N = 1e5, checked at 2%.
  EXPECT_NEAR(bbg::forward_ess_per_sample(d.lw), exact_ess(), 0.02 * exact_ess());
  std::vector<double> shifted = d.lw;
  for (auto& v : shifted) v -= 3e3;
  EXPECT_NEAR(bbg::forward_ess_per_sample(shifted), bbg::forward_ess_per_sample(d.lw), 1e-10);
  EXPECT_DOUBLE_EQ(bbg::forward_ess_per_sample(std::vector<double>(10, -4.2)), 1.0);  // q = p
  EXPECT_EQ(bbg::forward_ess_per_sample({0.0, std::numeric_limits<double>::infinity()}), 0.0);
  EXPECT_THROW(bbg::forward_ess_per_sample({}), std::invalid_argument);
  EXPECT_THROW(bbg::forward_ess_per_sample({0.0, std::numeric_limits<double>::quiet_NaN()}),
               std::invalid_argument);
}

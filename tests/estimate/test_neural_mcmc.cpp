// Independence Metropolis with a Gaussian proposal for a Gaussian target.
//
// p = N(0, s_p^2), q = N(0, s_q^2), s_q > s_p: the weight w = p~/q decreases in |x|,
// so from x ~ p the move to y ~ q is accepted for sure when |y| < |x|, and otherwise
// with w(y)/w(x) = p(y) q(x)/(p(x) q(y)). Hence the stationary acceptance is
//     A = P(|Y_q| < |X_p|) + P(|X_q| < |Y_p|) = 2 P(s_q |g1| < s_p |g2|)
//       = (4/pi) arctan(s_p/s_q)      (|g1/g2| is half-Cauchy), with A = 1 at s_q = s_p.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "bbg/core/rng.hpp"
#include "bbg/estimate/neural_mcmc.hpp"

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Proposals {
  std::vector<double> lw, x2, x4;
};

// n proposals x ~ N(0, sq^2) for the target N(0, 1): lw = -x^2/2 + x^2/(2 sq^2) + ln(sqrt(2 pi) sq).
Proposals propose(int64_t n, double sq, bbg::Rng& rng) {
  Proposals p;
  for (int64_t i = 0; i < n; ++i) {
    const double x = sq * rng.normal();
    p.lw.push_back(-0.5 * x * x + 0.5 * x * x / (sq * sq) + std::log(std::sqrt(2.0 * kPi) * sq));
    p.x2.push_back(x * x);
    p.x4.push_back(x * x * x * x);
  }
  return p;
}

void feed(bbg::IndependenceMetropolis& mc, const Proposals& p, size_t begin, size_t end, bbg::Rng& rng) {
  mc.step(p.lw.data() + begin, {p.x2.data() + begin, p.x4.data() + begin}, static_cast<int64_t>(end - begin), rng);
}

std::vector<bbg::DerivedSpec> kurtosis_spec() {
  return {{"kurtosis", {"x4", "x2"}, [](const std::vector<double>& m) { return m[0] / (m[1] * m[1]); }}};
}

}  // namespace

TEST(NeuralMcmc, AcceptanceAndMomentsMatchExactResults) {
  // 5e4 proposals per case; the acceptance is checked at 0.015 (about 4 times its
  // statistical spread), <x^2> = 1 and the kurtosis 3 at 4 Gamma-method errors.
  for (double sq : {1.5, 3.0}) {
    SCOPED_TRACE(sq);
    bbg::Rng data_rng(100 + static_cast<uint64_t>(sq * 10)), mc_rng(7);
    const Proposals p = propose(50000, sq, data_rng);
    bbg::IndependenceMetropolis mc({"x2", "x4"});
    for (size_t b = 0; b < p.lw.size(); b += 10000) feed(mc, p, b, b + 10000, mc_rng);
    const bbg::NmcmcResult r = mc.result(kurtosis_spec());
    EXPECT_EQ(r.samples, 50000);
    EXPECT_EQ(r.bin_size, 1);
    EXPECT_GT(r.acceptance, 0.0);
    EXPECT_LT(r.acceptance, 1.0);
    EXPECT_DOUBLE_EQ(r.acceptance, r.accepted / 49999.0);
    EXPECT_NEAR(r.acceptance, 4.0 / kPi * std::atan(1.0 / sq), 0.015);
    const auto& x2 = r.observable("x2");
    EXPECT_NEAR(x2.value, 1.0, 4.0 * x2.error);
    EXPECT_GT(x2.tau_int, 0.5);  // rejections repeat states
    EXPECT_EQ(x2.n, 50000);
    const auto& k = r.observable("kurtosis");
    EXPECT_NEAR(k.value, 3.0, 4.0 * k.error);
    EXPECT_GT(r.longest_rejection_run, 3);
  }
}

TEST(NeuralMcmc, PoorerProposalGivesLongerAutocorrelation) {
  bbg::Rng d1(1), d2(2), m1(3), m2(3);
  const Proposals good = propose(30000, 1.2, d1), poor = propose(30000, 3.0, d2);
  bbg::IndependenceMetropolis a({"x2", "x4"}), b({"x2", "x4"});
  feed(a, good, 0, good.lw.size(), m1);
  feed(b, poor, 0, poor.lw.size(), m2);
  const auto ra = a.result(), rb = b.result();
  EXPECT_GT(ra.acceptance, rb.acceptance);
  EXPECT_GT(rb.observable("x2").tau_int, ra.observable("x2").tau_int);
  EXPECT_GT(rb.longest_rejection_run, ra.longest_rejection_run);
}

TEST(NeuralMcmc, DeterministicAcceptRejectAndLongestRun) {
  const double inf = std::numeric_limits<double>::infinity();
  // lw = -inf is never accepted from a finite state; lw >= lw_current always is.
  const std::vector<double> lw = {0.0, -inf, -inf, -inf, 0.0, -inf, 5.0, 5.0};
  const std::vector<double> o = {1, 2, 3, 4, 5, 6, 7, 8};
  bbg::Rng rng(1);
  bbg::IndependenceMetropolis mc({"o"});
  mc.step(lw.data(), {o.data()}, 8, rng);
  EXPECT_EQ(mc.series(0), (std::vector<double>{1, 1, 1, 1, 5, 5, 7, 8}));
  const auto r = mc.result();
  EXPECT_EQ(r.accepted, 3);
  EXPECT_DOUBLE_EQ(r.acceptance, 3.0 / 7.0);
  EXPECT_EQ(r.longest_rejection_run, 3);
  EXPECT_EQ(mc.current_log_weight(), 5.0);
  EXPECT_NEAR(r.observable("o").value, 29.0 / 8.0, 1e-14);

  // The first proposal is taken even with zero weight; from a zero-weight state any
  // proposal is accepted.
  const std::vector<double> lw2 = {-inf, -inf, -3.0}, o2 = {1, 2, 3};
  bbg::IndependenceMetropolis mc2({"o"});
  mc2.step(lw2.data(), {o2.data()}, 3, rng);
  EXPECT_EQ(mc2.series(0), (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(mc2.result().accepted, 2);
}

TEST(NeuralMcmc, ChunkedEqualsSingleCall) {
  bbg::Rng data(9);
  const Proposals p = propose(5000, 1.5, data);
  bbg::Rng r1(4), r2(4);
  bbg::IndependenceMetropolis one({"x2", "x4"}), many({"x2", "x4"});
  feed(one, p, 0, 5000, r1);
  const std::vector<size_t> cuts = {0, 1, 2, 77, 1000, 4999, 5000};
  for (size_t c = 0; c + 1 < cuts.size(); ++c) feed(many, p, cuts[c], cuts[c + 1], r2);
  EXPECT_EQ(one.series(0), many.series(0));
  EXPECT_EQ(one.series(1), many.series(1));
  const auto a = one.result(kurtosis_spec()), b = many.result(kurtosis_spec());
  EXPECT_EQ(a.accepted, b.accepted);
  EXPECT_EQ(a.longest_rejection_run, b.longest_rejection_run);
  for (size_t i = 0; i < a.observables.size(); ++i) {
    EXPECT_EQ(a.observables[i].stats.value, b.observables[i].stats.value);
    EXPECT_EQ(a.observables[i].stats.error, b.observables[i].stats.error);
  }
}

TEST(NeuralMcmc, BinnedSeriesMatchesFullSeries) {
  // The same chain kept in full and with a cap of 2048 stored values (60000 draws:
  // bins of 32, the last one incomplete). Same mean, errors and tau_int within 20%.
  bbg::Rng data(12);
  const Proposals p = propose(60000, 2.0, data);
  bbg::Rng r1(5), r2(5);
  bbg::IndependenceMetropolis full({"x2", "x4"}), binned({"x2", "x4"}, 2048);
  for (size_t b = 0; b < p.lw.size(); b += 12000) {
    feed(full, p, b, b + 12000, r1);
    feed(binned, p, b, b + 12000, r2);
  }
  EXPECT_EQ(binned.bin_size(), 32);
  EXPECT_EQ(binned.series(0).size(), 60000u / 32u);
  double first_bin = 0.0;
  for (int i = 0; i < 32; ++i) first_bin += full.series(0)[i];
  EXPECT_NEAR(binned.series(0)[0], first_bin / 32.0, 1e-12 * first_bin);

  const auto a = full.result(kurtosis_spec()), b = binned.result(kurtosis_spec());
  EXPECT_EQ(a.acceptance, b.acceptance);
  EXPECT_EQ(b.bin_size, 32);
  for (const char* name : {"x2", "x4", "kurtosis"}) {
    SCOPED_TRACE(name);
    const auto& u = a.observable(name);
    const auto& v = b.observable(name);
    EXPECT_NEAR(v.value, u.value, 1e-12 * std::abs(u.value));
    EXPECT_NEAR(v.error, u.error, 0.2 * u.error);
    EXPECT_EQ(v.n, 60000);
  }
  for (const char* name : {"x2", "x4"}) {
    const auto& u = a.observable(name);
    const auto& v = b.observable(name);
    EXPECT_NEAR(v.tau_int, u.tau_int, 0.2 * u.tau_int);
    EXPECT_NEAR(v.naive_error, u.naive_error, 1e-3 * u.naive_error);  // divisor N - 1 vs N
  }
  EXPECT_TRUE(std::isnan(b.observable("kurtosis").tau_int));
}

TEST(NeuralMcmc, InvalidInputThrows) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  EXPECT_THROW(bbg::IndependenceMetropolis({"a"}, 3), std::invalid_argument);
  EXPECT_THROW(bbg::IndependenceMetropolis({"a"}, 6 + 1), std::invalid_argument);
  EXPECT_THROW(bbg::IndependenceMetropolis({"a", "a"}), std::invalid_argument);
  bbg::Rng rng(0);
  bbg::IndependenceMetropolis mc({"o"});
  EXPECT_THROW(mc.result(), std::invalid_argument);
  const std::vector<double> good = {0.0, 1.0}, bad = {0.0, nan}, pinf = {inf, 0.0}, o = {1.0, 2.0},
                            o_bad = {1.0, inf};
  EXPECT_THROW(mc.step(bad.data(), {o.data()}, 2, rng), std::invalid_argument);
  EXPECT_THROW(mc.step(pinf.data(), {o.data()}, 2, rng), std::invalid_argument);
  EXPECT_THROW(mc.step(good.data(), {o_bad.data()}, 2, rng), std::invalid_argument);
  EXPECT_THROW(mc.step(good.data(), {}, 2, rng), std::invalid_argument);
  EXPECT_EQ(mc.samples(), 0);
  mc.step(good.data(), {o.data()}, 1, rng);
  const auto r1 = mc.result();  // a single draw: value, NaN errors
  EXPECT_EQ(r1.observable("o").value, 1.0);
  EXPECT_TRUE(std::isnan(r1.observable("o").error));
  EXPECT_TRUE(std::isnan(r1.acceptance));
  EXPECT_THROW(mc.result({{"d", {"zz"}, [](const std::vector<double>& m) { return m[0]; }}}),
               std::invalid_argument);
}

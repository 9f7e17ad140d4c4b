// The Falicov-Kimball target: F(x) on 2 x 2 against a hand calculation, U = 0 against
// the free-fermion band eps_k = -2t (cos kx + cos ky), particle-hole symmetry
// F(x) = F(1 - x), the per-configuration energy against its definition, bad keys.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/targets/falicov_kimball.hpp"
#include "bbg/targets/registry.hpp"

namespace bbg {
namespace {

constexpr double kPi = 3.14159265358979323846;

FalicovKimballTarget make(int64_t lx, int64_t ly, double beta, double t, double u) {
  return FalicovKimballTarget({lx, ly}, beta, t, u, std::nullopt);
}

double action_of(const FalicovKimballTarget& target, const std::vector<double>& spins) {
  return target.action(at::tensor(spins, at::kDouble).reshape(target.event_shape()).unsqueeze(0)).item<double>();
}

// F(x) = C(x) - T sum_k ln(1 + exp(-beta eps_k)), C(x) = -(U/2) sum_i (x_i - 1/2): the
// definition, not the symmetric 2 cosh form the code uses.
double free_energy_by_definition(const std::vector<double>& eps, const std::vector<double>& x, double beta, double u) {
  double c = 0, f = 0;
  for (double xi : x) c -= 0.5 * u * (xi - 0.5);
  for (double e : eps) f -= std::log1p(std::exp(-beta * e)) / beta;
  return c + f;
}

// 2 x 2, sites (ix, iy) -> 2 ix + iy; every pair of neighbours is joined by both bonds of
// its axis, so h is the 4-cycle 0-1-3-2-0 with hopping -2t, plus U (x_i - 1/2) on the diagonal.
TEST(FalicovKimball, TwoByTwoFreeEnergyByHand) {
  const double beta = 1.7, t = 0.8, u = 3.0;
  const auto target = make(2, 2, beta, t, u);
  // Checkerboard x = (1, 0, 0, 1): h = [[U/2, -2t J], [-2t J, -U/2]] on (A, B), J the 2 x 2
  // all-ones matrix (eigenvalues 2, 0), so eps = ±sqrt(U^2/4 + 16 t^2) and ±U/2.
  {
    const double r = std::sqrt(u * u / 4 + 16 * t * t);
    const std::vector<double> eps = {-r, -u / 2, u / 2, r}, x = {1, 0, 0, 1};
    const double f = free_energy_by_definition(eps, x, beta, u);
    EXPECT_NEAR(action_of(target, {1, -1, -1, 1}), beta * f, 1e-12);
    // closed form: F = -2T ln(2 cosh(beta r / 2)) - 2T ln(2 cosh(beta U / 4))
    EXPECT_NEAR(f, -2 / beta * std::log(2 * std::cosh(beta * r / 2)) - 2 / beta * std::log(2 * std::cosh(beta * u / 4)),
                1e-12);
  }
  // Empty lattice x = 0: the 4-cycle's band -2t {2, 0, 0, -2} shifted by -U/2; C(x) = +U.
  {
    const std::vector<double> eps = {-4 * t - u / 2, -u / 2, -u / 2, 4 * t - u / 2}, x = {0, 0, 0, 0};
    EXPECT_NEAR(action_of(target, {-1, -1, -1, -1}), beta * free_energy_by_definition(eps, x, beta, u), 1e-12);
  }
  // One particle at site 0: h = -2t A + diag(U/2, -U/2, -U/2, -U/2), written out here and
  // diagonalised independently. The odd combination (0, 1, -1, 0)/sqrt2 of the two
  // neighbours of site 0 is an eigenvector with eps = -U/2; tr h = -U.
  {
    at::Tensor h = at::zeros({4, 4}, at::kDouble);
    for (auto [i, j] : std::vector<std::pair<int, int>>{{0, 1}, {0, 2}, {1, 3}, {2, 3}}) {
      h[i][j] = -2 * t;
      h[j][i] = -2 * t;
    }
    const std::vector<double> x = {1, 0, 0, 0};
    for (int i = 0; i < 4; ++i) h[i][i] = u * (x[i] - 0.5);
    at::Tensor ev = at::linalg_eigvalsh(h);
    std::vector<double> eps(ev.data_ptr<double>(), ev.data_ptr<double>() + 4);
    EXPECT_NEAR(eps[0] + eps[1] + eps[2] + eps[3], -u, 1e-12);
    EXPECT_TRUE(std::any_of(eps.begin(), eps.end(), [&](double e) { return std::abs(e + u / 2) < 1e-12; }));
    EXPECT_NEAR(action_of(target, {1, -1, -1, -1}), beta * free_energy_by_definition(eps, x, beta, u), 1e-12);
  }
}

// U = 0: every configuration has the free band eps_k = -2t (cos kx + cos ky), so
// S = -sum_k ln(2 cosh(beta eps_k / 2)) for all of them.
TEST(FalicovKimball, FreeFermionsAtZeroInteraction) {
  const double beta = 2.3, t = 1.1;
  for (auto [lx, ly] : std::vector<std::pair<int64_t, int64_t>>{{2, 2}, {3, 3}, {4, 4}, {4, 6}}) {
    const auto target = make(lx, ly, beta, t, 0.0);
    double expected = 0;
    for (int64_t a = 0; a < lx; ++a)
      for (int64_t b = 0; b < ly; ++b) {
        const double eps = -2 * t * (std::cos(2 * kPi * a / lx) + std::cos(2 * kPi * b / ly));
        expected -= std::log(2 * std::cosh(beta * eps / 2));
      }
    at::manual_seed(3);
    at::Tensor s = at::randint(0, 2, {5, lx, ly}, at::kDouble) * 2 - 1;
    at::Tensor action = target.action(s);
    for (int64_t b = 0; b < 5; ++b) EXPECT_NEAR(action[b].item<double>(), expected, 1e-10) << lx << "x" << ly;
  }
}

// Bipartite lattice: D h(x) D = -h(1 - x), D = diag((-1)^(ix+iy)), so F(x) = F(1 - x).
TEST(FalicovKimball, ParticleHoleSymmetry) {
  for (auto [lx, ly] : std::vector<std::pair<int64_t, int64_t>>{{2, 2}, {4, 4}, {6, 4}}) {
    const auto target = make(lx, ly, 3.0, 1.0, 4.0);
    at::manual_seed(5);
    at::Tensor s = at::randint(0, 2, {8, lx, ly}, at::kDouble) * 2 - 1;
    EXPECT_TRUE(at::allclose(target.action(s), target.action(-s), 1e-12, 1e-12)) << lx << "x" << ly;
  }
  // an odd extent is not bipartite: no such symmetry in general
  const auto odd = make(3, 3, 3.0, 1.0, 4.0);
  at::Tensor one = -at::ones({1, 3, 3}, at::kDouble);
  one[0][0][0] = 1;
  EXPECT_GT(std::abs((odd.action(one) - odd.action(-one)).item<double>()), 1e-6);
}

// Per-configuration energy: sum_k eps_k f(eps_k) + C(x), per site; <H^2>_x adds sum eps^2 f (1 - f).
TEST(FalicovKimball, EnergyMatchesFermiSum) {
  const double beta = 1.3, t = 1.0, u = 4.0;
  const auto target = make(2, 2, beta, t, u);
  const double r = std::sqrt(u * u / 4 + 16 * t * t);
  const std::vector<double> eps = {-r, -u / 2, u / 2, r};  // checkerboard (C = 0)
  double e = 0, var = 0;
  for (double ek : eps) {
    const double f = 1 / (std::exp(beta * ek) + 1);
    e += ek * f;
    var += ek * ek * f * (1 - f);
  }
  const auto obs = target.measure(at::tensor(std::vector<double>{1, -1, -1, 1}, at::kDouble).reshape({1, 2, 2}));
  ASSERT_EQ(obs[0].first, "energy");
  EXPECT_NEAR(obs[0].second.item<double>(), e / 4, 1e-12);
  EXPECT_NEAR(obs[1].second.item<double>(), (e * e + var) / 16, 1e-12);
  // perfect checkerboard: S(pi, pi) = (1/N) (N/2)^2 = N/4
  EXPECT_NEAR(obs[2].second.item<double>(), 1.0, 1e-12);
  EXPECT_NEAR(obs[4].second.item<double>(), 0.5, 1e-12);  // occupation
}

TEST(FalicovKimball, ParticleSectorHasInfiniteActionOutside) {
  const FalicovKimballTarget target({2, 2}, 1.0, 1.0, 4.0, 2);
  at::Tensor s = at::tensor(std::vector<double>{1, -1, -1, 1, 1, 1, -1, 1}, at::kDouble).reshape({2, 2, 2});
  at::Tensor a = target.action(s);
  EXPECT_TRUE(std::isfinite(a[0].item<double>()));
  EXPECT_TRUE(std::isinf(a[1].item<double>()));
}

std::string target_error(const std::string& body) {
  try {
    Config c = Config::from_string("[target]\nkind = \"falicov_kimball\"\n" + body);
    make_target(c.section("target"));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(FalicovKimball, BadKeysNameKeyValueAndWhatIsAllowed) {
  auto mentions = [](const std::string& msg, std::vector<std::string> parts) {
    ASSERT_FALSE(msg.empty()) << "no error";
    for (const auto& p : parts) EXPECT_NE(msg.find(p), std::string::npos) << p << " missing in: " << msg;
  };
  mentions(target_error("shape = [4]\n"), {"target.shape", "2"});
  mentions(target_error("shape = [1, 4]\n"), {"target.shape", ">= 2"});
  mentions(target_error("beta = -1.0\n"), {"target.beta", "-1", ">= 0"});
  mentions(target_error("particles = 17\n"), {"target.particles", "17", "[0, 16]"});
}

}  // namespace
}  // namespace bbg

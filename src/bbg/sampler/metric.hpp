// Mass matrices M for Hamiltonian and Langevin dynamics with
//   H(q, p) = U(q) + K(p),  K(p) = p^T M^-1 p / 2,  p ~ N(0, M),  dq/dt = M^-1 p.
// As in Stan, a metric is given by its INVERSE M^-1 (the covariance of q that
// windowed adaptation estimates): Unit (M = 1), Diagonal (M^-1 = diag(d)) and
// Dense (M^-1 = Sigma, Cholesky Sigma = L L^T, so p = L^-T z has covariance
// L^-T L^-1 = Sigma^-1 = M). References: Neal, "MCMC using Hamiltonian
// dynamics" (2011) sec. 4.1; Stan reference manual, "HMC algorithm parameters".
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

namespace bbg {

class Rng;

class Metric {
 public:
  virtual ~Metric() = default;
  virtual int64_t size() const = 0;
  // p ~ N(0, M), drawing rng.normal() for p_0, p_1, ... in order.
  virtual void sample_momentum(Rng& rng, double* p) const = 0;
  virtual double kinetic(const double* p) const = 0;          // p^T M^-1 p / 2
  virtual void velocity(const double* p, double* v) const = 0;  // v = M^-1 p
  // q <- q + eps M^-1 p; `scratch` has size() doubles. Override to avoid the copy.
  virtual void drift(double* q, const double* p, double eps, double* scratch) const;
  virtual std::unique_ptr<Metric> clone() const = 0;
};

class UnitMetric : public Metric {
 public:
  explicit UnitMetric(int64_t size) : n_(size) {}
  int64_t size() const override { return n_; }
  void sample_momentum(Rng& rng, double* p) const override;
  double kinetic(const double* p) const override;  // 0.5 * sum_i p_i^2, summed in order
  void velocity(const double* p, double* v) const override;
  void drift(double* q, const double* p, double eps, double* scratch) const override;
  std::unique_ptr<Metric> clone() const override { return std::make_unique<UnitMetric>(*this); }

 private:
  int64_t n_;
};

class DiagonalMetric : public Metric {
 public:
  explicit DiagonalMetric(std::vector<double> inverse_mass);  // d_i > 0
  int64_t size() const override { return static_cast<int64_t>(inverse_mass_.size()); }
  void sample_momentum(Rng& rng, double* p) const override;  // p_i = z_i / sqrt(d_i)
  double kinetic(const double* p) const override;
  void velocity(const double* p, double* v) const override;
  void drift(double* q, const double* p, double eps, double* scratch) const override;
  std::unique_ptr<Metric> clone() const override { return std::make_unique<DiagonalMetric>(*this); }
  const std::vector<double>& inverse_mass() const { return inverse_mass_; }

 private:
  std::vector<double> inverse_mass_, mass_sqrt_;
};

class DenseMetric : public Metric {
 public:
  // inverse_mass: Sigma, n x n row-major, symmetric positive definite
  // (std::invalid_argument otherwise).
  DenseMetric(int64_t size, std::vector<double> inverse_mass);
  int64_t size() const override { return n_; }
  void sample_momentum(Rng& rng, double* p) const override;  // p = L^-T z
  double kinetic(const double* p) const override;
  void velocity(const double* p, double* v) const override;
  std::unique_ptr<Metric> clone() const override { return std::make_unique<DenseMetric>(*this); }

 private:
  int64_t n_;
  std::vector<double> inverse_mass_, cholesky_;  // Sigma and its lower factor L
  mutable std::vector<double> z_;                // draw buffer (one metric per chain)
};

}  // namespace bbg

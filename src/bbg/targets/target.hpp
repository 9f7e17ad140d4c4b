// A Boltzmann target p(x) ∝ exp(-S(x)) (docs/conventions.md).
//
// Tensors are batch-first: x has shape [B, event_shape...], per-sample scalars
// are [B], dtype double. Conventions for "force": following Grid's action
// interface, force(x) returns the derivative dS/dx (not -dS/dx).
//
// Observables are split into per-sample *primaries* (measured on each
// configuration, averaged with the Gamma method) and *derived* quantities that
// are functions of primary means (susceptibility, Binder cumulant, ...; errors by
// binned jackknife). Primaries marked internal (e.g. m4) only feed derived ones.
#pragma once
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bbg {

class Potential;

struct Primary {
  std::string name;
  std::string description;
  bool internal = false;  // used only to form derived quantities
};

struct Derived {
  std::string name;
  std::string description;
  std::vector<std::string> inputs;  // primary names whose means are the arguments
  std::function<double(const std::vector<double>&)> f;
};

// Exact (or numerically exact) reference values; absent entries are unknown.
struct ExactResults {
  std::optional<double> log_z;
  std::map<std::string, double> observables;  // same names as primaries/derived
  std::vector<double> correlator;             // G_c(t), t = 0..T-1, where known
  std::string method;                         // how it was obtained
  bool available() const { return log_z.has_value() || !observables.empty(); }
};

using Observables = std::vector<std::pair<std::string, at::Tensor>>;

class Target {
 public:
  virtual ~Target() = default;

  virtual std::string kind() const = 0;
  virtual std::vector<int64_t> event_shape() const = 0;
  int64_t event_size() const;
  virtual bool discrete() const = 0;
  // Parameters for output (name -> value), e.g. kappa, lambda.
  virtual std::vector<std::pair<std::string, double>> parameters() const = 0;

  virtual at::Tensor action(const at::Tensor& x) const = 0;  // [B]
  virtual at::Tensor force(const at::Tensor& x) const;       // dS/dx; default: autograd
  at::Tensor autograd_force(const at::Tensor& x) const;

  virtual std::vector<Primary> primaries() const = 0;
  virtual std::vector<Derived> derived() const { return {}; }
  // Per-sample primaries, in the order of primaries(); each tensor is [B].
  virtual Observables measure(const at::Tensor& x) const = 0;

  virtual ExactResults exact() const { return {}; }

  // Fast per-configuration kernel for samplers (continuous targets); may be null.
  virtual const Potential* kernel() const { return nullptr; }

  std::string describe() const;  // "phi4 8x8 kappa=0.2 lambda=0.022"
};

}  // namespace bbg

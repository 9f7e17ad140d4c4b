// Small helpers for model tests (flows and autoregressive networks): specs from TOML
// text, the message of a refused spec, a named test case, and randomised weights
// (fresh coupling layers are the identity, which would make most checks trivial).
#pragma once
#include <ATen/ATen.h>
#include <torch/utils.h>

#include <string>
#include <vector>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/models/density.hpp"

namespace bbg::test {

inline ModelSpec spec_from(const std::string& model_toml, const std::vector<int64_t>& shape, bool continuous = true) {
  Config c = Config::from_string("[model]\n" + model_toml);
  return ModelSpec::from_config(c.section("model"), shape, continuous);
}

// The ConfigError a spec raises, or "no error".
inline std::string spec_error(const std::string& model_toml, const std::vector<int64_t>& shape, bool continuous) {
  try {
    spec_from(model_toml, shape, continuous);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

// One parameterised model case: a name, the [model] TOML and the lattice shape.
struct ModelCase {
  std::string name, toml;
  std::vector<int64_t> shape;
};

inline void randomize(Density& model, uint64_t seed, double width = 0.3) {
  auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  torch::NoGradGuard no_grad;
  for (auto& p : model.parameters())
    p.copy_(width * at::randn(p.sizes(), gen, at::TensorOptions().dtype(at::kDouble)));
}

}  // namespace bbg::test

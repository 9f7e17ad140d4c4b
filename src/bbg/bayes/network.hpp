// The networks whose weights the posterior is over: a fully connected MLP
// f(x) = W_L a(... a(W_1 x + b_1) ...) + b_L with a the activation, as a module with
// a single forward(x) (so it fits torch::nn::AnyModule and the WeightPotential).
// Parameter order (parameter_layout.hpp): layers.0.weight, layers.0.bias, layers.1.weight, ...
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace torch::nn {
class AnyModule;
}

namespace bbg::bayes {

struct MlpSpec {
  int64_t inputs = 1, outputs = 1;
  std::vector<int64_t> hidden = {50, 50};  // widths of the hidden layers; {} is a linear model
  std::string activation = "tanh";         // tanh | relu | silu
  bool bias = true;                        // false: no bias in any layer (e.g. a linear regression)
  bool float64 = true;                     // parameters in double (false: float)
  // std::invalid_argument naming the field, the value and what is allowed.
  void validate() const;
  std::string describe() const;  // "MLP 1 -> 50 -> 50 -> 2, tanh"
};

// A fresh MLP with torch's default initialisation (drawn from torch's global generator).
torch::nn::AnyModule make_mlp(const MlpSpec& spec);

}  // namespace bbg::bayes

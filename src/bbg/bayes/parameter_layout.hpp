// The parameters of a torch::nn::Module as one flat vector of doubles theta, the
// state of the Bayesian samplers: tensors in the order of Module::named_parameters()
// (registration order, recursively), each flattened row-major (contiguous order).
// The module's own dtype is kept (float parameters round theta to float).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace torch::nn {
class Module;
}

namespace bbg::bayes {

struct ParameterTensor {
  std::string name;            // as in named_parameters(), e.g. "0.weight"
  std::vector<int64_t> shape;
  int64_t offset = 0, numel = 0;  // its slice of theta
  // Torch's fan_in: shape[1] * prod(shape[2:]) for >= 2 dimensions; a 1-D tensor
  // "<prefix>bias" takes the fan_in of "<prefix>weight" (as torch's default bias
  // initialisation does); any other 1-D tensor has fan_in 1.
  int64_t fan_in = 1;
};

struct ParameterLayout {
  std::vector<ParameterTensor> tensors;
  int64_t size = 0;  // total number of parameters
};

ParameterLayout layout_of(const torch::nn::Module& module);
// theta -> the module's parameters (no autograd history), and back.
void write_parameters(torch::nn::Module& module, const double* theta);
void read_parameters(const torch::nn::Module& module, double* theta);

}  // namespace bbg::bayes

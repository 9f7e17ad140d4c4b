// Plain C++ evaluation of one member of the local neural surrogate (local_network.hpp),
// E_net(s) = c sum_i g(u_i(s)), for the Monte Carlo's inner loop, where a torch call per
// proposal would cost more than the network itself.
//   flip_difference(s, k) = c sum_{i : k in window(i)} [ g(u_i(s')) - g(u_i(s)) ],  s' = s with k flipped,
// over the (2r + 1)^2 centres i = k - d. The first layer's pre-activation a = W_1 u_i is
// computed once per centre; after the flip it is -a for i = k (every input changes sign)
// and a - 2 u_{i,j} W_1[:, j] for the input j that sees k: O(H) instead of O(H P).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bbg/bayes/parameter_layout.hpp"
#include "bbg/surrogate/local_network.hpp"

namespace bbg {

class LocalNetworkEnergy {
 public:
  // The MLP layers are read from theta by their names in `layout` ("...g.layers.<l>.weight"
  // and ".bias", as make_local_network's module names them, also inside with_learned_noise);
  // std::invalid_argument if a layer is missing or has the wrong shape.
  LocalNetworkEnergy(const LocalNetworkSpec& spec, const bayes::ParameterLayout& layout, const double* theta);

  double energy(const double* spins) const;  // E_net(s), spins L * L values of +-1 row-major
  double flip_difference(const double* spins, int64_t site) const;

 private:
  struct Layer {
    int64_t in = 0, out = 0;
    std::vector<double> weight, bias;  // out x in row-major, out
  };
  void window_inputs(const double* spins, int64_t centre, double* u) const;
  double head(double* pre) const;  // g from the first layer's pre-activation (bias added); clobbers pre
  double activate(double v) const;
  enum class Activation { kTanh, kRelu, kSilu };
  Activation activation_ = Activation::kTanh;

  LocalNetworkSpec spec_;
  std::vector<Layer> layers_;
  std::vector<std::vector<int64_t>> neighbours_;  // [site][j]: the site at offset j of the window
  std::vector<int64_t> window_index_;             // of offset d (as ((dy + r) (2r + 1) + dx + r)) into j
  mutable std::vector<double> u_, a_, pre_, buffer_, next_;
};

}  // namespace bbg

// A neural surrogate energy that is a sum of local terms (docs/surrogate_mc.md, "The neural
// surrogate"): on a periodic L x L lattice of spins s_i = +-1,
//   E_net(s) = c * sum_i g_theta(u_i(s)),   u_i = ( s_i s_{i+d} )_{d in W},
//   W = { (dy, dx) : |dy|, |dx| <= r } minus (0, 0)   ((2r + 1)^2 - 1 inputs),
// g an MLP (bayes/network.hpp) and c a fixed output scale (the spread of the training labels,
// so that theta is O(1) under a fan-in prior). The inputs are products with the centre spin,
// so every g term, and E_net, is even under s -> -s (the particle-hole symmetry F(x) = F(1 - x)
// of the Falicov-Kimball model), and any even function of the (2r+1) x (2r+1) patch is of
// this form (the centre spin fixes the sign). A flip of site k changes the (2r + 1)^2 terms
// whose window contains k: O(r^2) network evaluations (local_network_energy.hpp).
// Requires 2r + 1 <= L, so that a window holds distinct sites.
// The module: forward(x [N, L, L], spins as doubles) -> [N, 1]; its MLP is submodule "g".
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace torch::nn {
class AnyModule;
}

namespace bbg {

struct LocalNetworkSpec {
  int64_t length = 4, radius = 1;
  std::vector<int64_t> hidden = {16};
  std::string activation = "tanh";  // tanh | relu | silu
  double output_scale = 1.0;        // c
  int64_t inputs() const { return (2 * radius + 1) * (2 * radius + 1) - 1; }
  // std::invalid_argument naming the field, its value and what is allowed.
  void validate() const;
  std::string describe() const;  // "sum over sites of MLP 8 -> 16 -> 1, tanh, on the 3x3 window (r = 1)"
};

// The window offsets (dy, dx) in input order: dy, then dx, from -r to r, (0, 0) left out.
std::vector<std::pair<int64_t, int64_t>> local_network_offsets(int64_t radius);

// A fresh module in double precision (torch's default initialisation of the MLP).
torch::nn::AnyModule make_local_network(const LocalNetworkSpec& spec);

}  // namespace bbg

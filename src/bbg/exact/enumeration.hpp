// Brute-force enumeration of the Ising model on a small periodic hypercubic lattice.
//
//   Z = sum_{s in {+-1}^V} exp(-beta E(s)),  E = -J sum_<ij> s_i s_j - h sum_i s_i,
// bonds (x, x + e_mu) for every site x and axis mu (extent 2: both bonds of the pair
// count; extent 1: a self-bond s_x s_x = 1). All 2^V states are visited in Gray-code
// order (one spin flip per step), updating the integer bond sum B = sum_<ij> s_i s_j
// and magnetisation M = sum_i s_i in O(degree); the exact histogram n(B, M) is then
// summed in log space, shifted by the ground-state weight, so large beta cannot overflow:
//   ln Z = ln sum_{B,M} n(B,M) exp(beta (J B + h M)).
// Observables (per site): e = E/V, C = beta^2 V (<e^2> - <e>^2), m = M/V,
// chi = beta V (<m^2> - <|m|>^2), U = 1 - <m^4> / (3 <m^2>^2).
// Reference: e.g. D. P. Landau and K. Binder, A Guide to Monte Carlo Simulations in
// Statistical Physics (CUP), ch. 2; Gray code: Knuth, TAOCP 4A §7.2.1.1.
#pragma once
#include <cstdint>
#include <vector>

#include "bbg/exact/results.hpp"

namespace bbg {
namespace exact {

// Any dimension; V = prod(shape) <= 25 (else std::invalid_argument).
SpinExact enumerate_ising(const std::vector<int64_t>& shape, double beta, double J, double h);

}  // namespace exact
}  // namespace bbg

// The kernel behind each name of bayes.sampler (posterior_settings.hpp), built on
// one chain's weight potential from the [bayes] settings: this file is where the
// posterior's sampler names meet the sampler core's kernels.
#pragma once
#include <memory>
#include <string>
#include <vector>

namespace bbg {
class ChainKernel;
class Potential;
class Rng;
}  // namespace bbg

namespace bbg::bayes {

struct PosteriorSettings;

// q: the chain's initial position. std::invalid_argument for "ensemble" (no kernel)
// or an unknown name.
std::unique_ptr<ChainKernel> make_posterior_kernel(const std::string& sampler, const PosteriorSettings& settings,
                                                   const Potential& potential, std::vector<double> q, Rng& rng);

}  // namespace bbg::bayes

// A module wrapper that makes the Gaussian noise sigma of a regression a sampled
// parameter: it owns the network (submodule "net") and one registered parameter
// "log_sigma" (shape [1]), and
//   forward(x) = [ net(x) as [n, k],  log_sigma broadcast to [n, 1] ]   ([n, k + 1]),
// the input of GaussianLearnedNoiseLikelihood (likelihood.hpp). The state theta then
// holds log sigma with the weights, so the WeightPotential needs no special case.
// The prior for it is set on the tensor by name:
//   prior.set_half_normal_log_scale(kLogSigmaParameter, s_sigma)   (gaussian_prior.hpp),
// sigma ~ half-normal(s_sigma) expressed as a density of log sigma, with the Jacobian:
//   p(log sigma) = p_HN(sigma) * sigma,  p_HN(sigma) = sqrt(2 / pi) / s_sigma exp(-sigma^2 / (2 s_sigma^2)).
// Parameter order (named_parameters): "log_sigma" first, then "net.<name>".
#pragma once

namespace torch::nn {
class AnyModule;
}

namespace bbg::bayes {

inline constexpr const char* kLogSigmaParameter = "log_sigma";

// network: forward(x) -> [n, k] or [n]. log_sigma starts at log(initial_sigma), in the
// dtype of the network's first parameter. std::invalid_argument if the network is
// empty, has no parameters, or initial_sigma is not positive and finite.
torch::nn::AnyModule with_learned_noise(const torch::nn::AnyModule& network, double initial_sigma = 1.0);

}  // namespace bbg::bayes

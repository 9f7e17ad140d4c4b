#include "bbg/surrogate/linear_surrogate.hpp"

#include <stdexcept>

namespace bbg {

LinearSurrogate::LinearSurrogate(LatticeFeatures features, std::shared_ptr<const ConjugateLinearPosterior> posterior,
                                 int64_t members, Rng& rng)
    : features_(std::move(features)), posterior_(std::move(posterior)) {
  if (!posterior_ || posterior_->parameters() != features_.size())
    throw std::invalid_argument("linear surrogate: the posterior does not have one coupling per feature");
  if (members < 1)
    throw std::invalid_argument("linear surrogate: members = " + std::to_string(members) + ", need >= 1");
  dphi_.resize(static_cast<size_t>(features_.size()));
  for (int64_t k = 0; k < members; ++k) {
    std::vector<double> w(dphi_.size());
    posterior_->draw(rng, w.data());
    draws_.push_back(std::move(w));
  }
}

double LinearSurrogate::member_flip(int64_t member, const double* spins, int64_t site) const {
  features_.flip_difference(spins, site, dphi_.data());
  const std::vector<double>& w = draws_.at(static_cast<size_t>(member));
  double mu = 0.0;
  for (size_t j = 0; j < w.size(); ++j) mu += dphi_[j] * w[j];
  return mu;
}

SurrogateDelta LinearSurrogate::flip(const double* spins, int64_t site) const {
  features_.flip_difference(spins, site, dphi_.data());
  return SurrogateDelta{posterior_->predictive_mean(dphi_.data()), posterior_->epistemic_variance(dphi_.data()), 0.0};
}

}  // namespace bbg

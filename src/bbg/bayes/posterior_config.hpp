// The [data], [model], [prior] and [likelihood] sections of `bbg posterior` read into
// a PosteriorProblem (docs/bayes.md, "bbg posterior"): the data split, a factory of
// fresh networks (an MLP; with a sampled noise, wrapped so that log sigma is one more
// weight), the prior for the network's parameter layout and the likelihood.
// ConfigError names the key, the value and what is allowed; bad data are UserErrors
// naming the file, the line or column and what is wrong.
#pragma once
#include "bbg/bayes/posterior_problem.hpp"

namespace bbg {
class Config;
}

namespace bbg::bayes {

PosteriorProblem read_posterior_problem(Config& config);

}  // namespace bbg::bayes

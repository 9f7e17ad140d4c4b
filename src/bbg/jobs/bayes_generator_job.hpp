// The Bayesian-generator part of `bbg run` ([bayes] next to a [model];
// docs/bayesian_generators.md): the posteriors over the trained model's weights (data
// and/or variational), K draws of each, a deep ensemble of independent trainings, and
// what each does to the physics; adds summary["bayes"], writes bayes_generator.h5 and
// prints one table per set of draws.
#pragma once
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <ostream>

#include "bbg/jobs/run_setup.hpp"

namespace bbg {

class Density;
namespace io {
class RunDirectory;
}

// trained: the run's trained model (the single network, start of every chain).
void run_bayes_generator_part(const RunSetup& run, io::RunDirectory& dir, const std::shared_ptr<Density>& trained,
                              nlohmann::json& summary, std::ostream& table);

}  // namespace bbg

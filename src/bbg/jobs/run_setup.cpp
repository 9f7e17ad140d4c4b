#include "bbg/jobs/run_setup.hpp"

#include <algorithm>
#include <filesystem>

#include "bbg/core/errors.hpp"
#include "bbg/core/threads.hpp"
#include "bbg/io/run_directory.hpp"
#include "bbg/models/model_registry.hpp"
#include "bbg/targets/phi4.hpp"
#include "bbg/targets/registry.hpp"
#include "bbg/targets/symmetry.hpp"
#include "bbg/targets/target.hpp"
#include "bbg/train/training_data.hpp"

namespace bbg {

const char* default_config_toml() {
  return R"(# bbg built-in default: phi^4 on 8x8 in the hopping form: exact results, HMC, and a flow
seed = 1
threads = 1

[target]
kind = "phi4"
shape = [8, 8]
kappa = 0.2
lambda = 0.022

[hmc]
chains = 8
warmup = 500
samples = 5000

# a normalizing flow trained by reverse KL (path gradient), used for NIS and NMCMC
[model]
kind = "affine_flow"
layers = 6
net = "mlp"
hidden = [64]
z2 = true
base = "learnable_normal"

[train]
objective = "reverse_kl_path"
steps = 1500
batch = 128
learning_rate = 5e-3
schedule = "cosine"
log_every = 100

[sample]
samples = 100000
)";
}

RunSetup prepare_run(const RunOptions& options) {
  RunSetup run;
  run.config = options.config_path.empty() ? Config::from_string(default_config_toml(), "<built-in default>")
                                           : Config::from_file(options.config_path);
  for (const auto& o : options.overrides) run.config.apply_override(o);

  ConfigSection top = run.config.top();
  const int64_t seed = top.get_int("seed", 1);
  if (seed < 0) throw ConfigError("seed", std::to_string(seed), "must be >= 0");
  run.seed = static_cast<uint64_t>(seed);
  run.threads = top.get_int("threads", 1);
  if (options.threads) run.threads = *options.threads;
  if (run.threads < 1)
    throw ConfigError(options.threads ? "--threads" : "threads", std::to_string(run.threads), "must be >= 1");
  set_threads(run.threads);

  run.target = make_target(run.config.section("target"));
  const RunPlan& plan = options.plan;
  const bool wants_hmc =
      plan.sampler == SamplerDemand::kHmc || (plan.sampler == SamplerDemand::kForTarget && !run.target->discrete());
  const bool wants_mcmc =
      plan.sampler == SamplerDemand::kSpinMcmc || (plan.sampler == SamplerDemand::kForTarget && run.target->discrete());
  if (plan.ignores_sampler_sections) {
    for (const char* name : {"hmc", "mcmc", "free_energy"}) run.config.declare_section(name);
  }
  if (plan.sampler == SamplerDemand::kHmc && run.target->discrete())
    throw ConfigError("target.kind", "\"" + run.target->kind() + "\"",
                      "is a spin model: HMC needs a continuous target; use `bbg mcmc` and an [mcmc] section");
  if (plan.sampler == SamplerDemand::kSpinMcmc && !run.target->discrete())
    throw ConfigError("target.kind", "\"" + run.target->kind() + "\"",
                      "`bbg mcmc` samples spin models (ising, falicov_kimball); use `bbg hmc` for continuous targets");

  ConfigSection hmc_section = run.config.section("hmc");
  if (wants_hmc || hmc_section.present()) {
    if (run.target->discrete() && hmc_section.present())
      throw ConfigError("[hmc]", "(section)",
                        "not allowed for the discrete target " + run.target->kind() +
                            "; use [mcmc] with algorithm = \"metropolis\" or \"wolff\"");
    run.hmc = HmcSettings::from_config(hmc_section, run.seed);
  }
  ConfigSection fe_section = run.config.section("free_energy");
  if (run.target->kind() == "phi4" && run.hmc) {
    run.free_energy = FreeEnergySettings::from_config(fe_section, *run.hmc);
    run.free_energy->hmc.seed = run.seed + 1000003;
  } else if (fe_section.present()) {
    throw ConfigError("[free_energy]", "(section)", "only used by HMC on a phi4 target");
  }
  ConfigSection mcmc_section = run.config.section("mcmc");
  if (wants_mcmc || mcmc_section.present()) {
    if (!run.target->discrete())
      throw ConfigError("[mcmc]", "(section)",
                        "is for spin models; the continuous target " + run.target->kind() + " uses [hmc]");
    run.mcmc = SpinMcmcSettings::from_config(mcmc_section, run.seed, default_spin_algorithm(*run.target));
    check_spin_algorithm(*run.target, run.mcmc->algorithm);
  }
  if (plan.runs_reference_sampler) run.reference = reference_for(run.hmc, run.mcmc);
  const bool wants_model = plan.model != ModelDemand::kNone;
  ConfigSection model_section = run.config.section("model");
  if (wants_model && (model_section.present() || plan.model == ModelDemand::kAlways)) {
    // z2 builds q(x) = q(-x) into the model: the default wherever S(x) = S(-x).
    const bool even = action_is_even(*run.target);
    run.model = ModelSpec::from_config(model_section, run.target->event_shape(), !run.target->discrete(), even);
    if (run.model->z2 && !even) {
      std::string why = "needs an action with S(x) = S(-x), which " + run.target->describe() + " does not have";
      for (const auto& [name, value] : run.target->parameters())
        if (name == "h" && value != 0.0) why += " (target.h = " + format_config_value(value) + " breaks it)";
      throw ConfigError(model_section.path("z2"), "true", why + "; set model.z2 = false");
    }
    // forward KL trains by default on the reference samples of the same run
    const std::string default_data = run.reference ? run.reference->file : "";
    if (plan.trains_model)
      run.train = TrainSettings::from_config(run.config.section("train"), run.seed + 17, run.target->discrete(),
                                             default_data, run.model->kind);
    else
      run.config.declare_section("train");
    run.sample = SampleSettings::from_config(run.config.section("sample"), run.seed + 29);
    ConfigSection bayes_section = run.config.section("bayes");
    if (plan.trains_model && bayes_section.present())
      run.bayes = bayes::read_generator_bayes_settings(bayes_section, model_kind_info(run.model->kind).continuous,
                                                       run.reference.has_value());
    if (run.bayes && run.reference) {  // D comes from the reference chains not held out
      const bool data = std::count(run.bayes->posteriors.begin(), run.bayes->posteriors.end(), "data") > 0;
      const int64_t chains = run.hmc ? run.hmc->chains : run.mcmc->chains;
      const int64_t samples = run.hmc ? run.hmc->samples : run.mcmc->samples;
      const ChainSplit split = split_chains(chains, run.bayes->holdout, run.reference->file);
      const int64_t available = std::min(run.bayes->data, split.train * samples);
      if (data && run.bayes->chains.batch_size > available)
        throw ConfigError(bayes_section.path("batch_size"), std::to_string(run.bayes->chains.batch_size),
                          "must be <= the configurations in D: " + std::to_string(available) + " (" +
                              std::to_string(split.train) + " of " + std::to_string(chains) + " reference chains x " +
                              std::to_string(samples) + " samples, at most bayes.data)");
    } else
      run.config.declare_section("bayes");
  } else if (!wants_model) {
    for (const char* name : {"model", "train", "sample", "bayes"}) run.config.declare_section(name);
  }
  for (const char* name : {"train", "sample", "bayes"})
    if (wants_model && !run.model && run.config.section(name).present())
      throw ConfigError(std::string("[") + name + "]", "(section)", "needs a [model] section to train and sample");
  ConfigSection surrogate_section = run.config.section("surrogate");
  ConfigSection surrogate_posterior = run.config.section("surrogate_posterior");
  if (!plan.runs_reference_sampler) {
    // bbg exact / sample: the surrogate part needs the reference run
    run.config.declare_section("surrogate");
    run.config.declare_section("surrogate_posterior");
  } else if (surrogate_section.present()) {
    if (!run.target->discrete() || !run.reference)
      throw ConfigError("[surrogate]", "(section)",
                        "needs a spin target and its reference MCMC in this run (bbg run with [mcmc]), which "
                        "provides the configurations the surrogate is fitted to");
    run.surrogate = read_surrogate_settings(surrogate_section, surrogate_posterior, run.target->event_shape().front(),
                                            run.seed + 41);
  } else if (surrogate_posterior.present()) {
    throw ConfigError("[surrogate_posterior]", "(section)", "needs a [surrogate] section that names the network");
  }
  run.config.check_all_used();
  run.out_dir = options.out_dir.empty() ? io::default_run_dir(options.config_path, plan.run_dir_tag) : options.out_dir;
  return run;
}

RunSetup prepare_finished_run(const std::string& run_dir, std::optional<int64_t> threads) {
  RunOptions options;
  options.plan.runs_reference_sampler = false;
  options.plan.model = ModelDemand::kAlways;
  options.plan.trains_model = false;  // the resolved [train] is not read again (model.pt is trained)
  options.config_path = (std::filesystem::path(run_dir) / "config.toml").string();
  options.out_dir = run_dir;
  options.threads = threads;
  return prepare_run(options);
}

}  // namespace bbg

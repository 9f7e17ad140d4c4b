#include "bbg/bayes/posterior_config.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "bbg/bayes/classification_likelihood.hpp"
#include "bbg/bayes/dataset.hpp"
#include "bbg/bayes/network.hpp"
#include "bbg/bayes/noise_scale_module.hpp"
#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"

namespace bbg::bayes {

namespace {

double positive(const ConfigSection& s, const std::string& key, double fallback) {
  const double v = s.get_double(key, fallback);
  if (!(v > 0.0)) throw ConfigError(s.path(key), format_config_value(v), "must be > 0");
  return v;
}

// A relative data path is taken relative to the directory of the config file.
std::string beside_config(const std::string& path, const std::string& config_source) {
  if (path.empty() || std::filesystem::path(path).is_absolute() || config_source.empty() || config_source[0] == '<')
    return path;
  return (std::filesystem::path(config_source).parent_path() / path).lexically_normal().string();
}

DataSettings read_data(const ConfigSection& d, int64_t classes, const std::string& config_source) {
  DataSettings s;
  s.file = beside_config(
      d.require_string("file", "a CSV (.csv) or HDF5 (.h5) file, relative to the config file's directory"),
      config_source);
  s.inputs = d.get_string_list("inputs", {});
  if (s.inputs.empty())
    throw ConfigError(d.path("inputs"), "(missing)", "required: the input column names, e.g. [\"x\"]");
  s.targets = d.get_string_list("targets", {});
  if (s.targets.empty())
    throw ConfigError(d.path("targets"), "(missing)", "required: the target column names, e.g. [\"y\"]");
  s.held_out_fraction = d.get_double("held_out_fraction", 0.0);
  s.held_out_last = d.get_int("held_out_last", 0);
  s.held_out_file = beside_config(d.get_string("held_out_file", ""), config_source);
  s.seed = static_cast<uint64_t>(d.get_int("seed", 1));
  s.classes = classes;
  return s;
}

}  // namespace

PosteriorProblem read_posterior_problem(Config& config) {
  PosteriorProblem p;
  const ConfigSection lik = config.section("likelihood");
  const std::string kind = lik.get_choice(
      "kind", "gaussian", {"gaussian", "gaussian_learned_noise", "heteroscedastic", "bernoulli", "categorical"});
  int64_t classes = 0;
  if (kind == "bernoulli") classes = 2;
  if (kind == "categorical") {
    classes = lik.get_int("classes", 0);
    if (classes < 2) throw ConfigError(lik.path("classes"), std::to_string(classes), "required with categorical: >= 2");
  }
  double sigma_prior_scale = 1.0;
  if (kind == "gaussian") {
    p.likelihood = std::make_shared<GaussianLikelihood>(positive(lik, "sigma", 1.0));
  } else if (kind == "gaussian_learned_noise") {
    sigma_prior_scale = positive(lik, "sigma_prior_scale", 1.0);
    p.likelihood = std::make_shared<GaussianLearnedNoiseLikelihood>();
  } else if (kind == "heteroscedastic") {
    p.likelihood = std::make_shared<HeteroscedasticGaussianLikelihood>();
  } else if (kind == "bernoulli") {
    p.likelihood = std::make_shared<BernoulliLikelihood>();
    p.kind = PredictiveKind::kBernoulli;
  } else {
    p.likelihood = std::make_shared<CategoricalLikelihood>(classes);
    p.kind = PredictiveKind::kCategorical;
  }

  const DataSplit split = load_data(read_data(config.section("data"), classes, config.source()));
  if (classes > 0 && split.train.target_dim() != 1)
    throw ConfigError("data.targets", std::to_string(split.train.target_dim()) + " columns",
                      "classification needs exactly one target column of class labels");
  p.train_inputs = input_tensor(split.train);
  p.train_targets = target_tensor(split.train);
  p.held_inputs = split.held_out.rows > 0 ? input_tensor(split.held_out) : torch::zeros({0, split.train.input_dim()});
  p.held_targets =
      split.held_out.rows > 0 ? target_tensor(split.held_out) : torch::zeros({0, split.train.target_dim()});
  p.data_description = split.train.source + ": " + std::to_string(split.train.rows) + " training rows, " +
                       std::to_string(split.held_out.rows) + " held out";

  const ConfigSection m = config.section("model");
  m.get_choice("kind", "mlp", {"mlp"});
  MlpSpec spec;
  spec.inputs = split.train.input_dim();
  const int64_t k = split.train.target_dim();
  spec.outputs = kind == "heteroscedastic" ? 2 * k : classes > 2 ? classes : classes == 2 ? 1 : k;
  spec.hidden = m.get_int_list("hidden", spec.hidden);
  spec.activation = m.get_choice("activation", spec.activation, {"tanh", "relu", "silu"});
  spec.bias = m.get_bool("bias", spec.bias);
  spec.float64 = m.get_choice("dtype", "float64", {"float64", "float32"}) == "float64";
  for (int64_t h : spec.hidden)
    if (h < 1) throw ConfigError(m.path("hidden"), format_config_value(spec.hidden), "every width must be >= 1");
  const bool learned_noise = kind == "gaussian_learned_noise";
  p.make_network = [spec, learned_noise] {
    const torch::nn::AnyModule net = make_mlp(spec);
    return learned_noise ? with_learned_noise(net) : net;
  };
  p.network_description = spec.describe() + (learned_noise ? " + log_sigma" : "");

  const ConfigSection pr = config.section("prior");
  const std::string prior_kind = pr.get_choice("kind", "fixed", {"fixed", "fan_in"});
  const double scale = positive(pr, "scale", 1.0);
  p.make_prior = [prior_kind, scale, learned_noise, sigma_prior_scale](const ParameterLayout& layout) {
    GaussianPrior prior =
        prior_kind == "fixed" ? GaussianPrior::fixed(layout, scale) : GaussianPrior::fan_in(layout, scale);
    if (learned_noise) prior.set_half_normal_log_scale(kLogSigmaParameter, sigma_prior_scale);
    return prior;
  };
  p.prior_description = p.make_prior(layout_of(*p.make_network().ptr())).describe();
  return p;
}

}  // namespace bbg::bayes

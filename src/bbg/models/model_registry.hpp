// The model registry: every model kind with its defaults, its [model] keys, its
// stored architecture and its factory. ModelSpec, make_density and the training
// defaults find kinds only here, so a new kind is one file defining a function
// that returns its ModelKindInfo plus one line in BBG_MODEL_KINDS
// (model_registry.cpp); docs/architecture.md walks through it.
#pragma once
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "bbg/models/model_spec.hpp"

namespace bbg {

class ConfigSection;
class Density;

// The training settings a kind is best trained with; train/ reads them
// (TrainSettings::defaults_for), so models/ does not depend on train/.
struct TrainDefaults {
  std::string objective;  // reverse_kl_path | reinforce | ...
  double learning_rate = 1e-3;
  double clip = 0.0;  // max gradient norm, 0 = none
};

struct ModelKindInfo {
  std::string kind;
  std::string description;
  bool continuous = true;  // a density over real fields (flows) or over ±1 spins
  // The kind's defaults (the best measured, docs/defaults.md): architecture and
  // training.
  std::function<void(ModelSpec&)> architecture_defaults;
  TrainDefaults train_defaults;
  // Reads and validates the kind's own keys of [model] into the spec (kind,
  // shape, activation and z2 are read before); keys of other kinds are a
  // ConfigError.
  std::function<void(const ConfigSection&, ModelSpec&)> read;
  // Adds the kind's keys to the stored architecture (canonical: equal specs,
  // equal JSON).
  std::function<void(const ModelSpec&, nlohmann::json&)> write;
  std::function<std::string(const ModelSpec&)> describe;  // after "kind: "
  std::function<std::shared_ptr<Density>(const ModelSpec&)> make;
};

const std::vector<ModelKindInfo>& model_registry();
// The entry of `kind`; throws std::out_of_range for an unknown kind.
const ModelKindInfo& model_kind_info(const std::string& kind);

}  // namespace bbg

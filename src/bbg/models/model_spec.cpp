#include "bbg/models/model_spec.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/models/model_keys.hpp"
#include "bbg/models/model_registry.hpp"

namespace bbg {

// The default architecture of a kind: the struct defaults (what stored files
// without a key mean) overridden by the kind's measured best (model_registry.hpp).
ModelSpec ModelSpec::defaults_for(const std::string& kind) {
  ModelSpec m;
  m.kind = kind;
  model_kind_info(kind).architecture_defaults(m);
  return m;
}

const std::vector<std::string>& model_kinds() {
  static const std::vector<std::string> kinds = [] {
    std::vector<std::string> k;
    for (const auto& info : model_registry()) k.push_back(info.kind);
    return k;
  }();
  return kinds;
}

bool ModelSpec::is_flow() const {
  for (const auto& info : model_registry())
    if (info.kind == kind) return info.continuous;
  return false;
}

bool ModelSpec::is_autoregressive() const {
  for (const auto& info : model_registry())
    if (info.kind == kind) return !info.continuous;
  return false;
}

ModelSpec ModelSpec::from_config(const ConfigSection& s, const std::vector<int64_t>& shape, bool continuous,
                                 bool z2_default) {
  const std::string kind = s.get_string("kind", continuous ? "affine_flow" : "made");
  s.require_choice("kind", kind, model_kinds());
  const ModelKindInfo& info = model_kind_info(kind);
  if (info.continuous && !continuous)
    throw ConfigError(s.path("kind"), in_quotes(kind),
                      "normalizing flows need a continuous target; spin targets need an autoregressive model");
  if (!info.continuous && continuous)
    throw ConfigError(s.path("kind"), in_quotes(kind),
                      "autoregressive models are for spin targets; fields need a flow (affine_flow, additive_flow)");
  ModelSpec m = defaults_for(kind);
  m.shape = shape;
  m.activation = s.get_string("activation", m.activation);
  s.require_choice("activation", m.activation, {"tanh", "leaky_relu", "relu", "silu"});
  m.z2 = s.get_bool("z2", z2_default);
  if (shape.empty()) throw ConfigError(s.path("kind"), in_quotes(kind), "needs a lattice with at least one site");
  info.read(s, m);
  return m;
}

std::string ModelSpec::to_json() const {
  nlohmann::json j = {{"kind", kind}, {"shape", shape}, {"activation", activation}, {"z2", z2}};
  model_kind_info(kind).write(*this, j);
  return j.dump();
}

ModelSpec ModelSpec::from_json(const std::string& text) {
  ModelSpec m;
  try {
    const auto j = nlohmann::json::parse(text);
    m.kind = j.at("kind").get<std::string>();
    const auto& kinds = model_kinds();
    if (std::find(kinds.begin(), kinds.end(), m.kind) == kinds.end())
      throw UserError("stored model architecture has kind \"" + m.kind + "\", which this bbg does not know");
    m.shape = j.at("shape").get<std::vector<int64_t>>();
    // Keys absent from older files (or not used by this kind) keep their defaults.
    m.layers = j.value("layers", m.layers);
    m.net = j.value("net", m.net);
    m.hidden = j.value("hidden", m.hidden);
    m.kernel = j.value("kernel", m.kernel);
    m.activation = j.value("activation", m.activation);
    m.z2 = j.value("z2", m.z2);
    m.base = j.value("base", m.base);
    m.direct = j.value("direct", m.direct);
    m.width = j.value("width", m.width);
    m.residual = j.value("residual", m.residual);
  } catch (const nlohmann::json::exception& e) {
    throw UserError(std::string("stored model architecture is unreadable: ") + e.what());
  }
  return m;
}

std::string ModelSpec::describe() const { return kind + ": " + model_kind_info(kind).describe(*this); }

}  // namespace bbg

#include "bbg/models/model_spec.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"

namespace bbg {
namespace {

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out;
}

void require_member(const ConfigSection& s, const std::string& key, const std::string& value,
                    const std::vector<std::string>& allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string msg = "allowed: " + join(allowed);
  const std::string near = closest_match(value, allowed);
  if (!near.empty()) msg += " (did you mean \"" + near + "\"?)";
  throw ConfigError(s.path(key), in_quotes(value), msg);
}

}  // namespace

const std::vector<std::string>& model_kinds() {
  static const std::vector<std::string> kinds = {"affine_flow", "additive_flow"};
  return kinds;
}

ModelSpec ModelSpec::from_config(const ConfigSection& s, const std::vector<int64_t>& shape, bool continuous) {
  ModelSpec m;
  m.shape = shape;
  m.kind = s.get_string("kind", continuous ? "affine_flow" : "made");
  require_member(s, "kind", m.kind, model_kinds());
  if (m.is_flow() && !continuous)
    throw ConfigError(s.path("kind"), in_quotes(m.kind),
                      "normalizing flows need a continuous target; spin targets need an autoregressive model");
  m.layers = s.get_int("layers", m.layers);
  if (m.layers < 1) throw ConfigError(s.path("layers"), std::to_string(m.layers), "must be >= 1");
  if (m.layers % 2 != 0)
    throw ConfigError(s.path("layers"), std::to_string(m.layers),
                      "must be even, so that both checkerboard parities are transformed equally often");
  m.net = s.get_string("net", m.net);
  require_member(s, "net", m.net, {"conv", "mlp"});
  m.hidden = s.get_int_list("hidden", m.hidden);
  if (m.hidden.empty()) throw ConfigError(s.path("hidden"), "[]", "needs at least one hidden layer width");
  for (int64_t h : m.hidden)
    if (h < 1) throw ConfigError(s.path("hidden"), format_config_value(m.hidden), "every width must be >= 1");
  m.kernel = s.get_int("kernel", m.kernel);
  if (m.kernel < 1 || m.kernel % 2 == 0)
    throw ConfigError(s.path("kernel"), std::to_string(m.kernel), "must be an odd number >= 1");
  m.activation = s.get_string("activation", m.activation);
  require_member(s, "activation", m.activation, {"tanh", "leaky_relu", "relu", "silu"});
  m.z2 = s.get_bool("z2", m.z2);
  m.base = s.get_string("base", m.base);
  require_member(s, "base", m.base, {"normal", "learnable_normal"});
  if (m.net == "conv" && (shape.size() < 1 || shape.size() > 3))
    throw ConfigError(s.path("net"), in_quotes(m.net),
                      "convolutions exist for 1 to 3 lattice dimensions; this lattice has " +
                          std::to_string(shape.size()) + ", use net = \"mlp\"");
  int64_t sites = 1;
  for (int64_t l : shape) sites *= l;
  for (size_t d = 0; d < shape.size(); ++d)
    if (shape[d] % 2 != 0)
      throw ConfigError(s.path("kind"), in_quotes(m.kind),
                        "checkerboard coupling layers need even lattice extents; target.shape has " +
                            std::to_string(shape[d]));
  if (sites < 2) throw ConfigError(s.path("kind"), in_quotes(m.kind), "needs at least 2 sites");
  return m;
}

std::string ModelSpec::to_json() const {
  nlohmann::json j = {{"kind", kind},       {"shape", shape}, {"layers", layers},         {"net", net},
                      {"hidden", hidden},   {"kernel", kernel}, {"activation", activation}, {"z2", z2},
                      {"base", base}};
  return j.dump();
}

ModelSpec ModelSpec::from_json(const std::string& text) {
  ModelSpec m;
  try {
    const auto j = nlohmann::json::parse(text);
    m.kind = j.at("kind").get<std::string>();
    m.shape = j.at("shape").get<std::vector<int64_t>>();
    m.layers = j.at("layers").get<int64_t>();
    m.net = j.at("net").get<std::string>();
    m.hidden = j.at("hidden").get<std::vector<int64_t>>();
    m.kernel = j.at("kernel").get<int64_t>();
    m.activation = j.at("activation").get<std::string>();
    m.z2 = j.at("z2").get<bool>();
    m.base = j.at("base").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw UserError(std::string("stored model architecture is unreadable: ") + e.what());
  }
  return m;
}

std::string ModelSpec::describe() const {
  std::ostringstream o;
  o << kind << ": " << layers << " layers, " << net << " [";
  for (size_t i = 0; i < hidden.size(); ++i) o << (i ? ", " : "") << hidden[i];
  o << "]";
  if (net == "conv") o << " k=" << kernel;
  o << " " << activation << ", base " << base << (z2 ? ", Z2-equivariant" : "");
  return o.str();
}

}  // namespace bbg

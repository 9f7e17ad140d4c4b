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

// Keys that belong to other kinds: given anyway, they are an error that says whose they are.
void reject_keys(const ConfigSection& s, const std::string& kind, const std::vector<std::string>& keys,
                 const std::string& why) {
  for (const std::string& key : keys) {
    if (!s.has(key)) continue;
    std::string value = "(given)";
    if (key == "net" || key == "base") value = in_quotes(s.get_string(key, ""));
    if (key == "layers" || key == "kernel" || key == "width") value = std::to_string(s.get_int(key, 0));
    if (key == "hidden") value = format_config_value(s.get_int_list(key, {}));
    if (key == "direct" || key == "residual") value = s.get_bool(key, false) ? "true" : "false";
    throw ConfigError(s.path(key), value, "not used by kind = \"" + kind + "\"; " + why);
  }
}

void read_flow(const ConfigSection& s, ModelSpec& m) {
  reject_keys(s, m.kind, {"direct", "width", "residual"}, "it is a key of the autoregressive kinds (made, pixelcnn)");
  const std::vector<int64_t>& shape = m.shape;
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
  int64_t sites = 1;
  for (int64_t l : shape) sites *= l;
  for (size_t d = 0; d < shape.size(); ++d)
    if (shape[d] % 2 != 0)
      throw ConfigError(s.path("kind"), in_quotes(m.kind),
                        "checkerboard coupling layers need even lattice extents; target.shape has " +
                            std::to_string(shape[d]));
  if (sites < 2) throw ConfigError(s.path("kind"), in_quotes(m.kind), "needs at least 2 sites");
}

// MADE over the flattened lattice (any dimension): hidden widths, direct connection.
void read_made(const ConfigSection& s, ModelSpec& m) {
  reject_keys(s, m.kind, {"layers", "net", "kernel", "base", "width", "residual"},
              "made takes its depth from hidden = [widths...]");
  m.hidden = s.get_int_list("hidden", m.hidden);
  for (int64_t h : m.hidden)
    if (h < 1) throw ConfigError(s.path("hidden"), format_config_value(m.hidden), "every width must be >= 1");
  m.direct = s.get_bool("direct", m.direct);
  if (m.hidden.empty() && !m.direct)
    throw ConfigError(s.path("direct"), "false",
                      "with hidden = [] the direct connection is the only one; set direct = true or give hidden widths");
}

// PixelCNN: 2-D lattices, `layers` masked convolutions of `width` channels.
void read_pixelcnn(const ConfigSection& s, ModelSpec& m) {
  reject_keys(s, m.kind, {"net", "hidden", "base", "direct"},
              "pixelcnn takes layers, width, kernel and residual");
  if (m.shape.size() != 2)
    throw ConfigError(s.path("kind"), in_quotes(m.kind),
                      "masked convolutions need a 2-dimensional lattice; this one has " +
                          std::to_string(m.shape.size()) + " dimensions, use kind = \"made\"");
  m.layers = s.get_int("layers", m.layers);
  if (m.layers < 1) throw ConfigError(s.path("layers"), std::to_string(m.layers), "must be >= 1");
  m.width = s.get_int("width", m.width);
  if (m.width < 1) throw ConfigError(s.path("width"), std::to_string(m.width), "must be >= 1 (channels)");
  m.kernel = s.get_int("kernel", m.kernel);
  if (m.kernel < 3 || m.kernel % 2 == 0)
    throw ConfigError(s.path("kernel"), std::to_string(m.kernel),
                      "must be an odd number >= 3 (the first, type-A layer sees only sites before the centre)");
  m.residual = s.get_bool("residual", m.residual);
}

}  // namespace

// The measured best settings of each kind at the default training budget
// (docs/defaults.md has the table and the commands that produced it).
ModelSpec ModelSpec::defaults_for(const std::string& kind) {
  ModelSpec m;
  m.kind = kind;
  if (kind == "affine_flow" || kind == "additive_flow") {
    m.layers = 6;
    m.net = "mlp";
    m.hidden = {64};
    m.base = "learnable_normal";
  } else if (kind == "made") {
    m.hidden = {128};
    m.direct = true;
  } else if (kind == "pixelcnn") {
    m.layers = 4;
    m.width = 32;
    m.kernel = 3;
    m.residual = true;
  }
  return m;
}

const std::vector<std::string>& model_kinds() {
  static const std::vector<std::string> kinds = {"affine_flow", "additive_flow", "made", "pixelcnn"};
  return kinds;
}

ModelSpec ModelSpec::from_config(const ConfigSection& s, const std::vector<int64_t>& shape, bool continuous,
                                 bool z2_default) {
  ModelSpec m = defaults_for(s.get_string("kind", continuous ? "affine_flow" : "made"));
  m.shape = shape;
  m.z2 = z2_default;
  require_member(s, "kind", m.kind, model_kinds());
  if (m.is_flow() && !continuous)
    throw ConfigError(s.path("kind"), in_quotes(m.kind),
                      "normalizing flows need a continuous target; spin targets need an autoregressive model");
  if (m.is_autoregressive() && continuous)
    throw ConfigError(s.path("kind"), in_quotes(m.kind),
                      "autoregressive models are for spin targets; fields need a flow (affine_flow, additive_flow)");
  if (m.is_flow()) {
    read_flow(s, m);
    return m;
  }
  m.activation = s.get_string("activation", m.activation);
  require_member(s, "activation", m.activation, {"tanh", "leaky_relu", "relu", "silu"});
  m.z2 = s.get_bool("z2", m.z2);
  if (shape.empty()) throw ConfigError(s.path("kind"), in_quotes(m.kind), "needs a lattice with at least one site");
  if (m.kind == "made") read_made(s, m);
  if (m.kind == "pixelcnn") read_pixelcnn(s, m);
  return m;
}

std::string ModelSpec::to_json() const {
  nlohmann::json j = {{"kind", kind}, {"shape", shape}, {"activation", activation}, {"z2", z2}};
  if (kind == "made") {
    j["hidden"] = hidden;
    j["direct"] = direct;
  } else if (kind == "pixelcnn") {
    j["layers"] = layers;
    j["width"] = width;
    j["kernel"] = kernel;
    j["residual"] = residual;
  } else {
    j["layers"] = layers;
    j["net"] = net;
    j["hidden"] = hidden;
    j["kernel"] = kernel;
    j["base"] = base;
  }
  return j.dump();
}

ModelSpec ModelSpec::from_json(const std::string& text) {
  ModelSpec m;
  try {
    const auto j = nlohmann::json::parse(text);
    m.kind = j.at("kind").get<std::string>();
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

std::string ModelSpec::describe() const {
  std::ostringstream o;
  auto list = [&o](const std::vector<int64_t>& v) {
    o << "[";
    for (size_t i = 0; i < v.size(); ++i) o << (i ? ", " : "") << v[i];
    o << "]";
  };
  o << kind << ": ";
  if (kind == "made") {
    o << "hidden ";
    list(hidden);
    o << " " << activation << (direct ? ", direct" : "") << (z2 ? ", Z2-symmetrised" : "");
  } else if (kind == "pixelcnn") {
    o << layers << " layers, width " << width << " k=" << kernel << " " << activation
      << (residual ? ", residual" : "") << (z2 ? ", Z2-symmetrised" : "");
  } else {
    o << layers << " layers, " << net << " ";
    list(hidden);
    if (net == "conv") o << " k=" << kernel;
    o << " " << activation << ", base " << base << (z2 ? ", Z2-equivariant" : "");
  }
  return o.str();
}

}  // namespace bbg

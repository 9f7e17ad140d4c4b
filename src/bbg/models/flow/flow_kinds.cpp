// Model kinds "affine_flow" (RealNVP, Dinh et al. arXiv:1605.08803) and
// "additive_flow" (NICE, Dinh et al. arXiv:1410.8516): checkerboard coupling
// flows on continuous fields (coupling_flow.hpp). Keys: layers (even), net
// "mlp" | "conv", hidden, kernel (odd, conv only), base "normal" |
// "learnable_normal".
#include <nlohmann/json.hpp>
#include <sstream>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/models/flow/coupling_flow.hpp"
#include "bbg/models/model_keys.hpp"
#include "bbg/models/model_registry.hpp"

namespace bbg {
namespace {

void read_flow(const ConfigSection& s, ModelSpec& m) {
  reject_keys(s, m.kind, {"direct", "width", "residual"}, "it is a key of the autoregressive kinds (made, pixelcnn)");
  m.layers = s.get_int("layers", m.layers);
  if (m.layers < 1) throw ConfigError(s.path("layers"), std::to_string(m.layers), "must be >= 1");
  if (m.layers % 2 != 0)
    throw ConfigError(s.path("layers"), std::to_string(m.layers),
                      "must be even, so that both checkerboard parities are "
                      "transformed equally often");
  m.net = s.get_string("net", m.net);
  s.require_choice("net", m.net, {"conv", "mlp"});
  m.hidden = s.get_int_list("hidden", m.hidden);
  if (m.hidden.empty()) throw ConfigError(s.path("hidden"), "[]", "needs at least one hidden layer width");
  require_positive_widths(s, "hidden", m.hidden);
  m.kernel = s.get_int("kernel", m.kernel);
  if (m.kernel < 1 || m.kernel % 2 == 0)
    throw ConfigError(s.path("kernel"), std::to_string(m.kernel), "must be an odd number >= 1");
  m.base = s.get_string("base", m.base);
  s.require_choice("base", m.base, {"normal", "learnable_normal"});
  int64_t sites = 1;
  for (int64_t l : m.shape) sites *= l;
  for (int64_t l : m.shape)
    if (l % 2 != 0)
      throw ConfigError(s.path("kind"), in_quotes(m.kind),
                        "checkerboard coupling layers need even lattice "
                        "extents; target.shape has " +
                            std::to_string(l));
  if (sites < 2) throw ConfigError(s.path("kind"), in_quotes(m.kind), "needs at least 2 sites");
}

void write_flow(const ModelSpec& m, nlohmann::json& j) {
  j["layers"] = m.layers;
  j["net"] = m.net;
  j["hidden"] = m.hidden;
  j["kernel"] = m.kernel;
  j["base"] = m.base;
}

std::string describe_flow(const ModelSpec& m) {
  std::ostringstream o;
  o << m.layers << " layers, " << m.net << " " << format_widths(m.hidden);
  if (m.net == "conv") o << " k=" << m.kernel;
  o << " " << m.activation << ", base " << m.base << (m.z2 ? ", Z2-equivariant" : "");
  return o.str();
}

// Measured best at the default budget (docs/defaults.md): MLP nets, path
// gradient.
void flow_architecture(ModelSpec& m) {
  m.layers = 6;
  m.net = "mlp";
  m.hidden = {64};
  m.base = "learnable_normal";
}

ModelKindInfo flow_kind(const std::string& kind, const std::string& description) {
  return {kind,
          description,
          true,
          flow_architecture,
          {"reverse_kl_path", 5e-3, 0.0},
          read_flow,
          write_flow,
          describe_flow,
          [](const ModelSpec& spec) -> std::shared_ptr<Density> { return std::make_shared<CouplingFlow>(spec); }};
}

}  // namespace

ModelKindInfo affine_flow_kind() {
  return flow_kind("affine_flow", "RealNVP coupling flow (affine couplings) for continuous fields");
}

ModelKindInfo additive_flow_kind() {
  return flow_kind("additive_flow",
                   "NICE coupling flow (additive, volume-preserving couplings) "
                   "for continuous fields");
}

}  // namespace bbg

// Model kind "made": MADE (Germain et al. arXiv:1502.03509) over the flattened
// lattice, any dimension, for ±1 spins (made.hpp). Keys: hidden (may be [] when
// direct = true), direct.
#include <nlohmann/json.hpp>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/models/autoregressive/made.hpp"
#include "bbg/models/model_keys.hpp"
#include "bbg/models/model_registry.hpp"

namespace bbg {
namespace {

void read_made(const ConfigSection& s, ModelSpec& m) {
  reject_keys(s, m.kind, {"layers", "net", "kernel", "base", "width", "residual"},
              "made takes its depth from hidden = [widths...]");
  m.hidden = s.get_int_list("hidden", m.hidden);
  require_positive_widths(s, "hidden", m.hidden);
  m.direct = s.get_bool("direct", m.direct);
  if (m.hidden.empty() && !m.direct)
    throw ConfigError(s.path("direct"), "false",
                      "with hidden = [] the direct connection is the only one; "
                      "set direct = true or give hidden widths");
}

void write_made(const ModelSpec& m, nlohmann::json& j) {
  j["hidden"] = m.hidden;
  j["direct"] = m.direct;
}

std::string describe_made(const ModelSpec& m) {
  return "hidden " + format_widths(m.hidden) + " " + m.activation + (m.direct ? ", direct" : "") +
         (m.z2 ? ", Z2-symmetrised" : "");
}

}  // namespace

ModelKindInfo made_kind() {
  return {"made",
          "masked autoencoder (MADE) for spins, any lattice dimension",
          false,
          [](ModelSpec& m) {  // measured best (docs/defaults.md)
            m.hidden = {128};
            m.direct = true;
          },
          {"reinforce", 5e-3, 10.0},
          read_made,
          write_made,
          describe_made,
          [](const ModelSpec& spec) -> std::shared_ptr<Density> { return std::make_shared<Made>(spec); }};
}

}  // namespace bbg

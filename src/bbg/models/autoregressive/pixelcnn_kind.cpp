// Model kind "pixelcnn": masked convolutions (van den Oord et al.
// arXiv:1601.06759) on 2-D spin lattices (pixelcnn.hpp). Keys: layers, width,
// kernel (odd >= 3), residual.
#include <nlohmann/json.hpp>
#include <sstream>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/models/autoregressive/pixelcnn.hpp"
#include "bbg/models/model_keys.hpp"
#include "bbg/models/model_registry.hpp"

namespace bbg {
namespace {

void read_pixelcnn(const ConfigSection& s, ModelSpec& m) {
  reject_keys(s, m.kind, {"net", "hidden", "base", "direct"}, "pixelcnn takes layers, width, kernel and residual");
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
                      "must be an odd number >= 3 (the first, type-A layer "
                      "sees only sites before the centre)");
  m.residual = s.get_bool("residual", m.residual);
}

void write_pixelcnn(const ModelSpec& m, nlohmann::json& j) {
  j["layers"] = m.layers;
  j["width"] = m.width;
  j["kernel"] = m.kernel;
  j["residual"] = m.residual;
}

std::string describe_pixelcnn(const ModelSpec& m) {
  std::ostringstream o;
  o << m.layers << " layers, width " << m.width << " k=" << m.kernel << " " << m.activation
    << (m.residual ? ", residual" : "") << (m.z2 ? ", Z2-symmetrised" : "");
  return o.str();
}

}  // namespace

ModelKindInfo pixelcnn_kind() {
  return {"pixelcnn",
          "masked convolutional network (PixelCNN) for spins on 2-D lattices",
          false,
          [](ModelSpec& m) {  // measured best (docs/defaults.md)
            m.layers = 4;
            m.width = 32;
            m.kernel = 3;
            m.residual = true;
          },
          {"reinforce", 5e-3, 10.0},
          read_pixelcnn,
          write_pixelcnn,
          describe_pixelcnn,
          [](const ModelSpec& spec) -> std::shared_ptr<Density> { return std::make_shared<PixelCnn>(spec); }};
}

}  // namespace bbg

#include "bbg/models/model_registry.hpp"

#include <stdexcept>

namespace bbg {

// The registration list: one line per model kind, naming the function its file
// defines (models/flow/flow_kinds.cpp,
// models/autoregressive/{made,pixelcnn}_kind.cpp).
#define BBG_MODEL_KINDS(X) \
  X(affine_flow_kind)      \
  X(additive_flow_kind)    \
  X(made_kind)             \
  X(pixelcnn_kind)

#define BBG_DECLARE_KIND(f) ModelKindInfo f();
BBG_MODEL_KINDS(BBG_DECLARE_KIND)
#undef BBG_DECLARE_KIND

const std::vector<ModelKindInfo>& model_registry() {
#define BBG_LIST_KIND(f) f(),
  static const std::vector<ModelKindInfo> registry = {BBG_MODEL_KINDS(BBG_LIST_KIND)};
#undef BBG_LIST_KIND
  return registry;
}

const ModelKindInfo& model_kind_info(const std::string& kind) {
  for (const auto& info : model_registry())
    if (info.kind == kind) return info;
  throw std::out_of_range("no model kind \"" + kind + "\" is registered");
}

}  // namespace bbg

// The architecture of a generative model, read from the [model] section and
// stored next to the weights (as JSON) so that a checkpoint can only be loaded
// into the architecture it was trained with.
//
// kind = "affine_flow" (RealNVP, Dinh et al. arXiv:1605.08803) or
// "additive_flow" (NICE, Dinh et al. arXiv:1410.8516) for continuous fields.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace bbg {

class ConfigSection;

struct ModelSpec {
  std::string kind = "affine_flow";
  std::vector<int64_t> shape;          // event shape, taken from the target
  int64_t layers = 8;                  // coupling layers (flows)
  std::string net = "conv";            // conv | mlp (coupling networks)
  std::vector<int64_t> hidden = {16, 16};
  int64_t kernel = 3;                  // conv kernel size (odd)
  std::string activation = "tanh";     // tanh | leaky_relu | relu | silu
  bool z2 = false;                     // q(x) = q(-x) exactly (even scale, odd shift)
  std::string base = "normal";         // normal | learnable_normal

  bool is_flow() const { return kind == "affine_flow" || kind == "additive_flow"; }

  // Parses and validates [model]; `shape` is the target's event shape and
  // `continuous` says whether the target is a field (flows) or spins.
  static ModelSpec from_config(const ConfigSection& section, const std::vector<int64_t>& shape, bool continuous);

  std::string to_json() const;  // canonical: equal specs give equal strings
  static ModelSpec from_json(const std::string& text);
  std::string describe() const;  // "affine_flow: 8 layers, conv [16, 16] k=3 tanh, z2"
};

const std::vector<std::string>& model_kinds();

}  // namespace bbg

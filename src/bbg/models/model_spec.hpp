// The architecture of a generative model, read from the [model] section and
// stored next to the weights (as JSON) so that a checkpoint can only be loaded
// into the architecture it was trained with.
//
// kind = "affine_flow" (RealNVP, Dinh et al. arXiv:1605.08803) or
// "additive_flow" (NICE, Dinh et al. arXiv:1410.8516) for continuous fields;
// "made" (MADE, Germain et al. arXiv:1502.03509) or "pixelcnn" (masked
// convolutions, van den Oord et al. arXiv:1601.06759) for ±1 spins, the
// variational autoregressive networks of Wu, Wang & Zhang, PRL 122, 080602 (2019).
//
// Keys per kind with their defaults (defaults_for; anything else given is a ConfigError):
//   flows:    layers 6 (even), net "mlp" | "conv", hidden [64], kernel 3 (odd), base "learnable_normal", activation, z2
//   made:     hidden [128] (may be [] when direct = true), direct true, activation, z2
//   pixelcnn: see defaults_for; layers, width, kernel (odd >= 3), residual, activation, z2 (2-D lattices only)
// z2 defaults to true on targets with an even action (S(x) = S(-x)), else false.
// For flows z2 makes q exactly even by equivariant layers; for the autoregressive
// kinds it symmetrises q_sym(s) = (q(s) + q(-s)) / 2.
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
  bool direct = true;                  // made: masked direct input -> output connection
  int64_t width = 16;                  // pixelcnn: channels of every masked convolution
  bool residual = false;               // pixelcnn: h <- h + act(conv_B(h)) after the first layer

  // From the registry: a continuous (flow) or a spin (autoregressive) kind.
  bool is_flow() const;
  bool is_autoregressive() const;

  // Parses and validates [model]; `shape` is the target's event shape and
  // `continuous` says whether the target is a field (flows) or spins.
  // z2_default: the value of z2 when the section does not set it (true for targets
  // whose action is even, see targets/symmetry.hpp).
  static ModelSpec from_config(const ConfigSection& section, const std::vector<int64_t>& shape, bool continuous,
                               bool z2_default = false);
  // The default architecture of a kind (the best measured, docs/defaults.md).
  static ModelSpec defaults_for(const std::string& kind);

  // Canonical: equal specs give equal strings. Holds the keys of its kind only
  // (flow specs read exactly as before the autoregressive kinds existed).
  std::string to_json() const;
  static ModelSpec from_json(const std::string& text);
  // "affine_flow: 8 layers, conv [16, 16] k=3 tanh, base normal, Z2-equivariant",
  // "made: hidden [64] tanh, direct, Z2-symmetrised"
  std::string describe() const;
};

const std::vector<std::string>& model_kinds();

}  // namespace bbg

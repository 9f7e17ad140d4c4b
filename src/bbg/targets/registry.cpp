#include "bbg/targets/registry.hpp"

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/targets/double_well.hpp"
#include "bbg/targets/falicov_kimball.hpp"
#include "bbg/targets/gaussian_mixture.hpp"
#include "bbg/targets/ising.hpp"
#include "bbg/targets/phi4.hpp"

namespace bbg {

const std::vector<TargetInfo>& target_registry() {
  static const std::vector<TargetInfo> registry = {
      {"phi4", "lattice phi^4 theory, hopping form, 1-4 dimensions", Phi4Target::from_config,
       "kind = \"phi4\"\nshape = [4, 4]\nkappa = 0.25\nlambda = 0.5\n"},
      {"ising", "Ising model S = beta E on a hypercubic lattice", IsingTarget::from_config,
       "kind = \"ising\"\nshape = [4, 4]\nbeta = 0.4\nJ = 1.0\nh = 0.1\n"},
      {"double_well", "quantum double well, periodic Euclidean path integral", DoubleWellTarget::from_config,
       "kind = \"double_well\"\nshape = [16]\nbeta = 2.0\nmass = 1.0\nlambda = 1.0\neta = 1.0\n"},
      {"gaussian_mixture", "mixture of isotropic Gaussians in D dimensions", GaussianMixtureTarget::from_config,
       "kind = \"gaussian_mixture\"\ncenters = [[-1.0, 0.5, 0.0], [1.5, 0.0, -0.5]]\nsigmas = [0.7, 0.4]\n"
       "weights = [1.0, 2.0]\n"},
      {"falicov_kimball", "Falicov-Kimball model, S = beta F(x) with the fermions traced out exactly",
       FalicovKimballTarget::from_config, "kind = \"falicov_kimball\"\nshape = [4, 4]\nt = 1.0\nU = 4.0\nbeta = 6.0\n"},
  };
  return registry;
}

std::vector<std::string> target_kinds() {
  std::vector<std::string> kinds;
  for (const auto& t : target_registry()) kinds.push_back(t.kind);
  return kinds;
}

std::shared_ptr<Target> make_target(const ConfigSection& section) {
  std::string allowed = "one of";
  for (const auto& k : target_kinds()) allowed += " " + k;
  const std::string kind = section.get_string("kind", "phi4");
  for (const auto& t : target_registry())
    if (t.kind == kind) return t.factory(section);
  const std::string guess = closest_match(kind, target_kinds());
  throw ConfigError(section.path("kind"), "\"" + kind + "\"",
                    allowed + (guess.empty() ? "" : " (did you mean \"" + guess + "\"?)"));
}

}  // namespace bbg

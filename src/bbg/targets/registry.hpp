// The target registry: every target kind with its factory and an example
// configuration. The CLI and the conformance tests find targets only here, so a
// new target is one file plus one line in registry.cpp.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bbg/targets/target.hpp"

namespace bbg {

class ConfigSection;

struct TargetInfo {
  std::string kind;
  std::string description;
  std::function<std::shared_ptr<Target>(const ConfigSection&)> factory;
  std::string example;  // a small [target] section body in TOML (for docs and tests)
};

const std::vector<TargetInfo>& target_registry();
std::vector<std::string> target_kinds();

// Builds the target named by section.kind; unknown kinds are a ConfigError with
// the list of known kinds and the closest match.
std::shared_ptr<Target> make_target(const ConfigSection& section);

}  // namespace bbg

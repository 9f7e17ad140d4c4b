// Helpers for the [model] readers of the model kinds (model_registry.hpp): keys that
// belong to other kinds and width lists, each a ConfigError that names the key, the
// value and what is allowed (a value from a list: ConfigSection::require_choice).
#pragma once
#include <string>
#include <vector>

namespace bbg {

class ConfigSection;

std::string in_quotes(const std::string& s);
// Any of `keys` given is an error "not used by kind = ...; <why>".
void reject_keys(const ConfigSection& s, const std::string& kind, const std::vector<std::string>& keys,
                 const std::string& why);
// "[16, 16]": a width list as describe() prints it.
std::string format_widths(const std::vector<int64_t>& widths);
// Every entry of a list of layer widths must be >= 1.
void require_positive_widths(const ConfigSection& s, const std::string& key, const std::vector<int64_t>& widths);

}  // namespace bbg

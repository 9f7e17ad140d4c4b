#include "bbg/models/model_keys.hpp"

#include <algorithm>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"

namespace bbg {

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

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

std::string format_widths(const std::vector<int64_t>& widths) {
  std::string out = "[";
  for (size_t i = 0; i < widths.size(); ++i) out += (i ? ", " : "") + std::to_string(widths[i]);
  return out + "]";
}

void require_positive_widths(const ConfigSection& s, const std::string& key, const std::vector<int64_t>& widths) {
  for (int64_t h : widths)
    if (h < 1) throw ConfigError(s.path(key), format_config_value(widths), "every width must be >= 1");
}

}  // namespace bbg

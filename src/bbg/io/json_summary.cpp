#include "bbg/io/json_summary.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

namespace bbg::io {

nlohmann::json finite_or_null(double x) {
  if (!std::isfinite(x)) return nullptr;
  return x;
}

nlohmann::json finite_or_null(const std::vector<double>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (double x : v) a.push_back(finite_or_null(x));
  return a;
}

std::string dump_json(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace bbg::io

// Small helpers for the JSON summaries (nlohmann::json): non-finite numbers
// become null (JSON has no NaN/Inf), and a dump that never throws on bad UTF-8.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace bbg::io {

nlohmann::json finite_or_null(double x);                     // NaN/Inf -> null
nlohmann::json finite_or_null(const std::vector<double>& v);  // element-wise, as an array

// Pretty-printed JSON (indent spaces; -1 for compact) with a trailing newline;
// invalid UTF-8 in strings is replaced rather than thrown on.
std::string dump_json(const nlohmann::json& j, int indent = 2);

}  // namespace bbg::io

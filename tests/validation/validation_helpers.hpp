// Shared helpers for the statistical validation tests: run a sampler through the
// library and compare an estimate with an exact value at a stated number of
// standard errors.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "bbg/estimate/chain_analysis.hpp"

namespace bbg::testing {

constexpr double kSigmas = 4.0;  // every validation check is at 4 standard errors

inline const ObservableEstimate& find_estimate(const std::vector<ObservableEstimate>& es, const std::string& name) {
  for (const auto& e : es)
    if (e.name == name) return e;
  throw std::runtime_error("no estimate named " + name);
}

inline void expect_within_errors(const std::vector<ObservableEstimate>& es, const std::string& name, double exact,
                                 const std::string& context) {
  const auto& e = find_estimate(es, name);
  EXPECT_GT(e.stats.error, 0.0) << context << " " << name;
  EXPECT_LT(std::abs(e.stats.value - exact), kSigmas * e.stats.error)
      << context << " " << name << ": estimate " << e.stats.value << " +- " << e.stats.error << " (tau_int "
      << e.stats.tau_int << "), exact " << exact;
}

}  // namespace bbg::testing

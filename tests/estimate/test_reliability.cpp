// Each reliability check fires on inputs that must trigger it and stays silent on
// inputs just on the other side of its threshold (reliability.hpp).
#include "bbg/estimate/reliability.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace bbg {
namespace {

ReliabilityInput healthy() {
  ReliabilityInput in;
  in.nis_ess = 5000;
  in.nmcmc_acceptance = 0.6;
  in.nmcmc_samples = 100000;
  in.nmcmc_longest_rejection_run = 30;
  in.has_reference = true;
  in.w_bar = 0.99;
  in.w_bar_error = 0.02;
  in.log_w_bar_error = 0.02 / 0.99;
  in.forward_ess_per_sample = 0.5;
  in.reference_samples = 40000;
  return in;
}

const ReliabilityWarning* find(const std::vector<ReliabilityWarning>& w, const std::string& code) {
  auto it = std::find_if(w.begin(), w.end(), [&](const ReliabilityWarning& x) { return x.code == code; });
  return it == w.end() ? nullptr : &*it;
}

bool has_column(const ReliabilityWarning& w, const std::string& c) {
  return std::find(w.columns.begin(), w.columns.end(), c) != w.columns.end();
}

TEST(Reliability, HealthyRunHasNoWarning) { EXPECT_TRUE(assess_reliability(healthy()).empty()); }

TEST(Reliability, DroppedModeNamesTheMissingMassAndTheLnZShortfall) {
  ReliabilityInput in = healthy();
  in.w_bar = 0.5;  // the Ising case of the issue: one of two Z2 modes
  in.w_bar_error = 0.02;
  in.log_w_bar_error = 0.04;
  const auto w = assess_reliability(in);
  const ReliabilityWarning* d = find(w, "mode_dropping_low");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("50%"), std::string::npos) << d->message;
  EXPECT_NE(d->message.find("-ln w_bar = 0.693"), std::string::npos) << d->message;
  EXPECT_TRUE(has_column(*d, "nis"));
  EXPECT_TRUE(has_column(*d, "nmcmc"));
}

// Counted in errors of ln w_bar: |ln w_bar| > 4 log_error.
TEST(Reliability, WbarWithinFourErrorsOfOneIsNotFlagged) {
  ReliabilityInput in = healthy();
  in.log_w_bar_error = 0.02;
  in.w_bar = std::exp(-3.9 * 0.02);
  EXPECT_EQ(find(assess_reliability(in), "mode_dropping_low"), nullptr);
  in.w_bar = std::exp(3.9 * 0.02);
  EXPECT_EQ(find(assess_reliability(in), "mode_dropping_high"), nullptr);
  in.w_bar = std::exp(-4.1 * 0.02);
  EXPECT_NE(find(assess_reliability(in), "mode_dropping_low"), nullptr);
  in.w_bar = std::exp(4.1 * 0.02);
  EXPECT_NE(find(assess_reliability(in), "mode_dropping_high"), nullptr);
}

// The overfitted case: w_bar = 5e7 +- 2.3e7 is only 2 linear errors above 1, but
// ln w_bar = 17.7 +- 0.46 is 38 errors above 0.
TEST(Reliability, FarAboveOneIsJudgedInLogSpace) {
  ReliabilityInput in = healthy();
  in.w_bar = 5.0e7;
  in.w_bar_error = 2.3e7;
  in.log_w_bar_error = 0.46;
  EXPECT_NE(find(assess_reliability(in), "mode_dropping_high"), nullptr);
}

TEST(Reliability, WbarAboveOneBlamesTheReference) {
  ReliabilityInput in = healthy();
  in.w_bar = 1.2;
  in.w_bar_error = 0.03;
  in.log_w_bar_error = 0.025;
  auto w = assess_reliability(in);
  const ReliabilityWarning* d = find(w, "mode_dropping_high");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("not in equilibrium"), std::string::npos) << d->message;
  EXPECT_TRUE(has_column(*d, "mode_dropping"));
  EXPECT_FALSE(has_column(*d, "nis"));
  in.reference_is_training_data = true;
  w = assess_reliability(in);
  ASSERT_NE(find(w, "mode_dropping_high"), nullptr);
  EXPECT_NE(find(w, "mode_dropping_high")->message.find("train.holdout"), std::string::npos);
}

TEST(Reliability, ZeroWbarIsDroppedEverything) {
  ReliabilityInput in = healthy();
  in.w_bar = 0.0;
  in.w_bar_error = ReliabilityInput::kNaN;
  EXPECT_NE(find(assess_reliability(in), "mode_dropping_low"), nullptr);
}

TEST(Reliability, NoReferenceNoReferenceChecks) {
  ReliabilityInput in = healthy();
  in.has_reference = false;
  in.w_bar = 0.1;
  in.forward_ess_per_sample = 1e-6;
  EXPECT_TRUE(assess_reliability(in).empty());
}

TEST(Reliability, LowForwardEss) {
  ReliabilityInput in = healthy();
  in.forward_ess_per_sample = 99.0 / 40000.0;
  const ReliabilityWarning* d = nullptr;
  auto w = assess_reliability(in);
  d = find(w, "forward_ess");
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(has_column(*d, "nis") && has_column(*d, "nmcmc") && has_column(*d, "mode_dropping"));
  in.forward_ess_per_sample = 101.0 / 40000.0;
  EXPECT_EQ(find(assess_reliability(in), "forward_ess"), nullptr);
}

TEST(Reliability, LowNisEss) {
  ReliabilityInput in = healthy();
  in.nis_ess = 99;
  ASSERT_NE(find(assess_reliability(in), "nis_ess"), nullptr);
  in.nis_ess = 101;
  EXPECT_EQ(find(assess_reliability(in), "nis_ess"), nullptr);
}

TEST(Reliability, NmcmcFewAcceptedOrStuck) {
  ReliabilityInput in = healthy();
  in.nmcmc_acceptance = 99.0 / 100000.0;
  auto w = assess_reliability(in);
  ASSERT_NE(find(w, "nmcmc"), nullptr);
  EXPECT_NE(find(w, "nmcmc")->message.find("99 of 100000"), std::string::npos) << find(w, "nmcmc")->message;
  in.nmcmc_acceptance = 0.6;
  in.nmcmc_longest_rejection_run = 100000 / 50 + 1;
  w = assess_reliability(in);
  ASSERT_NE(find(w, "nmcmc"), nullptr);
  EXPECT_NE(find(w, "nmcmc")->message.find("stayed on one configuration"), std::string::npos);
  in.nmcmc_longest_rejection_run = 100000 / 50;
  EXPECT_EQ(find(assess_reliability(in), "nmcmc"), nullptr);
}

}  // namespace
}  // namespace bbg

// Checks shared by the flow and VAN CLI tests of training that survives SIGKILL.
#pragma once
#include <gtest/gtest.h>

#include "cli_process.hpp"

namespace bbg_test {

// Starts `args` (writing to `dir`), kills it with SIGKILL as soon as the first
// training checkpoint exists, and checks that the checkpoint survived and no
// summary was written.
inline void kill_at_first_checkpoint(const std::vector<std::string>& args, const std::filesystem::path& dir) {
  Child c = spawn_cli(args, dir.string() + ".log");
  wait_for_file(dir / "train_checkpoint.pt");
  ::kill(c.pid, SIGKILL);
  EXPECT_EQ(wait_exit(c), 128 + SIGKILL);
  EXPECT_TRUE(std::filesystem::exists(dir / "train_checkpoint.pt"));
  EXPECT_FALSE(std::filesystem::exists(dir / "summary.json"));
}

// The resumed run (checkpoints every 40 steps) ends with exactly the training
// history and estimates of the uninterrupted one.
inline void expect_resumed_run_matches(const std::filesystem::path& uninterrupted,
                                       const std::filesystem::path& resumed) {
  const nlohmann::json a = read_json(uninterrupted / "summary.json"), b = read_json(resumed / "summary.json");
  EXPECT_GE(b["train"]["resumed_from_step"].get<int64_t>(), 40);
  EXPECT_EQ(a["train"]["history"]["f_q"], b["train"]["history"]["f_q"]);
  EXPECT_EQ(a["nis"]["log_z"], b["nis"]["log_z"]);
  EXPECT_EQ(a["nmcmc"]["observables"]["m2"], b["nmcmc"]["observables"]["m2"]);
}

}  // namespace bbg_test

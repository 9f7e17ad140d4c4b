// The training loop: objective, Adam, learning-rate schedule, gradient
// clipping, optional beta annealing, periodic evaluation on a fresh batch,
// a NaN/Inf guard, atomic checkpoints and exact resume.
//
// Every `log_every` steps a fresh batch of eval_batch samples from q gives
// F_q = mean(log q + S) with its standard error (variational upper bound on F),
// ESS/N = (sum w)^2 / (N sum w^2) with w = exp(-S - log q), and the acceptance of
// independence Metropolis run through the batch. A step whose loss or gradient
// norm is not finite is skipped without touching the weights; max_bad_steps
// consecutive ones stop training with an error, keeping the last checkpoint.
// Checkpoints (model, optimiser, generator state, history, counters) are
// written atomically every checkpoint_every steps, on Ctrl-C and at the end;
// re-running with the same configuration resumes from the last one, and with
// one thread gives the same numbers as an uninterrupted run.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bbg/train/train_settings.hpp"

namespace bbg {

class Density;
class Target;

struct TrainHistory {
  std::vector<int64_t> step;
  std::vector<double> f_q, f_q_error, ess_per_sample, nmcmc_acceptance, grad_norm, learning_rate, loss, beta;
};

struct TrainResult {
  int64_t steps = 0;          // optimiser steps taken in total (over resumes)
  int64_t skipped = 0;        // non-finite steps skipped
  double seconds = 0.0;       // training wall time in total (over resumes)
  int64_t resumed_from = -1;  // step of the checkpoint resumed from, -1 if fresh
  TrainHistory history;
};

struct TrainFiles {
  std::string checkpoint;   // e.g. RUN/train_checkpoint.pt
  std::string history_h5;   // e.g. RUN/train.h5
  std::string fingerprint;  // configuration the checkpoint must match to be resumed
};

TrainResult train_model(Density& model, const Target& target, const TrainSettings& settings, const TrainFiles& files);

// The evaluation used in the logs, on `n` fresh samples.
struct BatchEvaluation {
  double f_q = 0, f_q_error = 0, ess_per_sample = 0, nmcmc_acceptance = 0;
};

}  // namespace bbg

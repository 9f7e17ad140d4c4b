// The [train] section: objective, optimiser, schedules, logging, checkpoints.
//
// objective:
//   reverse_kl       KL(q||p) with the total gradient of F_q = E_q[log q + S]
//   reverse_kl_path  the same objective with the path gradient (Roeder et al.,
//                    NeurIPS 2017; Vaitl et al., ICML 2022): score term dropped
//   forward_kl       maximum likelihood -E_p[log q] on configurations from an
//                    HDF5 file written by `bbg hmc` (dataset "configurations")
//   reinforce        reverse KL with the score-function gradient and a mean
//                    baseline (autoregressive models on spins; Wu et al. PRL 122, 080602)
#pragma once
#include <cstdint>
#include <string>

namespace bbg {

class ConfigSection;

struct TrainSettings {
  std::string objective = "reverse_kl";
  int64_t steps = 1000;
  int64_t batch = 256;
  double learning_rate = 1e-3;
  std::string schedule = "cosine";  // constant | cosine | step
  int64_t schedule_step = 1000;     // step schedule: multiply by schedule_gamma every this many steps
  double schedule_gamma = 0.5;
  double min_learning_rate = 0.0;   // cosine floor
  double clip = 0.0;                // max gradient norm; 0 = no clipping
  double anneal_beta_start = 1.0;   // S -> beta S with beta ramped linearly to 1 ...
  int64_t anneal_steps = 0;         // ... over this many steps (0 = no annealing)
  int64_t log_every = 50;
  int64_t eval_batch = 0;           // fresh samples for F_q / ESS / acceptance logs; 0 = batch
  int64_t checkpoint_every = 200;
  int64_t max_bad_steps = 20;       // consecutive non-finite steps before stopping
  std::string data;                 // forward_kl: HDF5 with "configurations"
  double holdout = 0.0;             // forward_kl: fraction of chains left out of training
                                    // (default 0.25), for mode dropping / forward ESS
  uint64_t seed = 1;

  // model_kind selects that kind's defaults (defaults_for); empty keeps the plain
  // struct defaults above (reverse_kl for fields, reinforce for spins).
  static TrainSettings from_config(const ConfigSection& section, uint64_t seed, bool discrete_target,
                                   const std::string& default_data, const std::string& model_kind = "");
  // The measured best settings per model kind (docs/defaults.md): flows train with the
  // path gradient at learning_rate 5e-3; made and pixelcnn with REINFORCE at 5e-3 and
  // gradient clipping at norm 10; steps, batch and the cosine schedule as above.
  static TrainSettings defaults_for(const std::string& model_kind);
};

// Learning rate at `step` (0-based) of `total`:
//   constant: lr;  cosine: lr_min + (lr - lr_min) (1 + cos(pi step / total)) / 2;
//   step: lr * gamma^floor(step / schedule_step).
double learning_rate_at(const TrainSettings& s, int64_t step);
// Annealing factor beta(step) = start + (1 - start) min(1, step / anneal_steps).
double beta_at(const TrainSettings& s, int64_t step);

}  // namespace bbg

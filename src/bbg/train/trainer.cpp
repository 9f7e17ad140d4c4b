#include "bbg/train/trainer.hpp"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/types.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adam.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "bbg/core/errors.hpp"
#include "bbg/core/interrupt.hpp"
#include "bbg/core/progress.hpp"
#include "bbg/io/atomic_file.hpp"
#include "bbg/io/h5_writer.hpp"
#include "bbg/models/model_io.hpp"
#include "bbg/targets/target.hpp"
#include "bbg/train/objectives.hpp"
#include "bbg/train/training_data.hpp"

namespace bbg {
namespace {

BatchEvaluation evaluate(Density& model, const Target& target, int64_t n, at::Generator& gen) {
  at::NoGradGuard no_grad;
  auto [x, log_q] = model.sample(n, gen);
  const at::Tensor lw = -target.action(x) - log_q;
  BatchEvaluation e;
  e.f_q = (-lw).mean().item<double>();
  e.f_q_error = (-lw).std().item<double>() / std::sqrt(static_cast<double>(n));
  const at::Tensor w = at::exp(lw - lw.max());
  e.ess_per_sample = (w.sum().pow(2) / (w.pow(2).sum() * static_cast<double>(n))).item<double>();
  // independence Metropolis through the batch, starting from its first sample
  const at::Tensor u = at::rand({n}, gen, at::TensorOptions().dtype(at::kDouble));
  auto lwa = lw.accessor<double, 1>();
  auto ua = u.accessor<double, 1>();
  double current = lwa[0];
  int64_t accepted = 0;
  for (int64_t j = 1; j < n; ++j) {
    if (std::log(ua[j]) < lwa[j] - current) {
      current = lwa[j];
      ++accepted;
    }
  }
  e.nmcmc_acceptance = n > 1 ? static_cast<double>(accepted) / (n - 1) : 0.0;
  return e;
}

at::Tensor as_tensor(const std::vector<double>& v) {
  return at::from_blob(const_cast<double*>(v.data()), {static_cast<int64_t>(v.size())}, at::kDouble).clone();
}
at::Tensor as_tensor(const std::vector<int64_t>& v) {
  return at::from_blob(const_cast<int64_t*>(v.data()), {static_cast<int64_t>(v.size())}, at::kLong).clone();
}
template <class T>
std::vector<T> as_vector(const at::Tensor& t) {
  const at::Tensor c = t.contiguous();
  return std::vector<T>(c.data_ptr<T>(), c.data_ptr<T>() + c.numel());
}

struct HistoryField {
  const char* name;
  std::vector<double> TrainHistory::*member;
};
const std::vector<HistoryField>& history_fields() {
  static const std::vector<HistoryField> fields = {
      {"f_q", &TrainHistory::f_q},
      {"f_q_error", &TrainHistory::f_q_error},
      {"ess_per_sample", &TrainHistory::ess_per_sample},
      {"nmcmc_acceptance", &TrainHistory::nmcmc_acceptance},
      {"grad_norm", &TrainHistory::grad_norm},
      {"learning_rate", &TrainHistory::learning_rate},
      {"loss", &TrainHistory::loss},
      {"beta", &TrainHistory::beta}};
  return fields;
}

void write_history(const std::string& path, const TrainHistory& h, const TrainSettings& s, const Target& target,
                   const TrainResult& r) {
  io::H5Writer out(path);
  const int64_t n = static_cast<int64_t>(h.step.size());
  out.write("history/step", {n}, h.step.data());
  for (const auto& f : history_fields()) out.write(std::string("history/") + f.name, {n}, (h.*f.member).data());
  out.set_attribute("/", "objective", s.objective);
  out.set_attribute("/", "sites", target.event_size());
  out.set_attribute("/", "steps", r.steps);
  out.set_attribute("/", "skipped_steps", r.skipped);
  out.set_attribute("/", "seconds", r.seconds);
  out.set_attribute("history/f_q", "meaning",
                    "F_q = E_q[log q + S] on a fresh batch: variational upper bound on F = -ln Z (total, not per site)");
  out.commit();
}

struct State {
  int64_t step = 0, skipped = 0;
  double seconds = 0.0;
  TrainHistory history;
};

void save_checkpoint(const TrainFiles& files, Density& model, torch::optim::Adam& optimizer, at::Generator& gen,
                     const State& st) {
  torch::serialize::OutputArchive archive;
  write_model(archive, model);
  torch::serialize::OutputArchive opt;
  optimizer.save(opt);
  archive.write("optimizer", opt);
  archive.write("generator_state", gen.get_state());
  archive.write("fingerprint", c10::IValue(files.fingerprint));
  archive.write("counters", as_tensor(std::vector<int64_t>{st.step, st.skipped}));
  archive.write("seconds", as_tensor(std::vector<double>{st.seconds}));
  archive.write("history/step", as_tensor(st.history.step));
  for (const auto& f : history_fields()) archive.write(std::string("history/") + f.name, as_tensor(st.history.*f.member));
  io::write_file_atomic(files.checkpoint, archive_to_string(archive));
}

bool load_checkpoint(const TrainFiles& files, Density& model, torch::optim::Adam& optimizer, at::Generator& gen,
                     State& st) {
  if (files.checkpoint.empty() || !std::filesystem::exists(files.checkpoint)) return false;
  torch::serialize::InputArchive archive;
  archive_from_file(archive, files.checkpoint);
  c10::IValue fingerprint;
  if (!archive.try_read("fingerprint", fingerprint) || !fingerprint.isString() ||
      fingerprint.toStringRef() != files.fingerprint)
    throw UserError("checkpoint " + files.checkpoint +
                    " was written by a different configuration; use --force to start this run afresh "
                    "or --out to choose another run directory");
  const ModelSpec& expected = model.spec();
  auto stored = read_model(archive, files.checkpoint, &expected);
  {
    at::NoGradGuard no_grad;
    auto dst = model.named_parameters(), src = stored->named_parameters();
    for (auto& item : src) dst[item.key()].copy_(item.value());
  }
  torch::serialize::InputArchive opt;
  archive.read("optimizer", opt);
  optimizer.load(opt);
  // InputArchive::read writes into a defined tensor in place, so every entry gets a fresh one
  at::Tensor gen_state, counters, seconds, steps;
  archive.read("generator_state", gen_state);
  gen.set_state(gen_state);
  archive.read("counters", counters);
  archive.read("seconds", seconds);
  st.step = counters[0].item<int64_t>();
  st.skipped = counters[1].item<int64_t>();
  st.seconds = seconds[0].item<double>();
  archive.read("history/step", steps);
  st.history.step = as_vector<int64_t>(steps);
  for (const auto& f : history_fields()) {
    at::Tensor t;
    archive.read(std::string("history/") + f.name, t);
    st.history.*f.member = as_vector<double>(t);
  }
  return true;
}

double gradient_norm(const std::vector<at::Tensor>& params, double clip) {
  if (clip > 0) return torch::nn::utils::clip_grad_norm_(params, clip);
  double sq = 0.0;
  for (const auto& p : params)
    if (p.grad().defined()) sq += p.grad().pow(2).sum().item<double>();
  return std::sqrt(sq);
}

std::string format_log(const State& st, const TrainSettings& s, const BatchEvaluation& e, double sites) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "step %lld/%lld  F_q/V = %.6f +- %.6f  ESS/N = %.3f  NMCMC acc = %.3f  |grad| = %.3g  lr = %.3g",
                static_cast<long long>(st.step), static_cast<long long>(s.steps), e.f_q / sites, e.f_q_error / sites,
                e.ess_per_sample, e.nmcmc_acceptance, st.history.grad_norm.empty() ? 0.0 : st.history.grad_norm.back(),
                learning_rate_at(s, st.step));
  return buf;
}

}  // namespace

TrainResult train_model(Density& model, const Target& target, const TrainSettings& s, const TrainFiles& files) {
  model.train();
  auto gen = at::make_generator<at::CPUGeneratorImpl>(s.seed);
  std::vector<at::Tensor> params = model.parameters();
  torch::optim::Adam optimizer(params, torch::optim::AdamOptions(s.learning_rate));
  at::Tensor data;
  if (s.objective == "forward_kl") {
    const at::Tensor chains = load_configuration_chains(s.data, model.event_shape());
    const ChainSplit split = split_chains(chains.size(0), s.holdout, s.data);
    data = chains.narrow(0, 0, split.train).flatten(0, 1).contiguous();
  }
  const int64_t n_data = data.defined() ? data.size(0) : 0;
  if (data.defined() && n_data < s.batch)
    throw ConfigError("train.batch", std::to_string(s.batch),
                      "is larger than the " + std::to_string(n_data) + " training configurations in " + s.data +
                          " (after train.holdout)");

  State st;
  TrainResult result;
  if (load_checkpoint(files, model, optimizer, gen, st)) {
    result.resumed_from = st.step;
    std::cerr << "train: resuming from the checkpoint at step " << st.step << " (" << files.checkpoint << ")\n";
  }
  const double sites = static_cast<double>(target.event_size());
  int64_t consecutive_bad = 0;
  at::Tensor permutation;
  Progress progress("train " + s.objective, s.steps, "steps");
  auto segment_start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    const auto now = std::chrono::steady_clock::now();
    const double dt = std::chrono::duration<double>(now - segment_start).count();
    segment_start = now;
    return dt;
  };
  auto checkpoint = [&] {
    st.seconds += elapsed();
    result.steps = st.step;
    result.skipped = st.skipped;
    result.seconds = st.seconds;
    if (!files.checkpoint.empty()) save_checkpoint(files, model, optimizer, gen, st);
    if (!files.history_h5.empty()) write_history(files.history_h5, st.history, s, target, result);
  };

  while (st.step < s.steps) {
    const double lr = learning_rate_at(s, st.step);
    for (auto& group : optimizer.param_groups())
      static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
    const double beta = beta_at(s, st.step);
    optimizer.zero_grad();
    ObjectiveValue v;
    if (s.objective == "reverse_kl") {
      v = reverse_kl_total(model, target, s.batch, gen, beta);
    } else if (s.objective == "reverse_kl_path") {
      v = reverse_kl_path(model, target, s.batch, gen, beta);
    } else if (s.objective == "reinforce") {
      v = reinforce(model, target, s.batch, gen, beta);
    } else {
      // minibatches drawn without replacement from a fresh permutation per epoch
      const int64_t per_epoch = n_data / s.batch;
      const int64_t slot = st.step % per_epoch;
      if (slot == 0 || !permutation.defined()) {
        auto epoch_gen = at::make_generator<at::CPUGeneratorImpl>(s.seed * 1000003 + st.step / per_epoch);
        permutation = at::randperm(n_data, epoch_gen, at::TensorOptions().dtype(at::kLong));
      }
      v = forward_kl(model, data.index_select(0, permutation.narrow(0, slot * s.batch, s.batch)));
    }
    v.loss.backward();
    const double norm = gradient_norm(params, s.clip);
    if (!std::isfinite(v.objective) || !std::isfinite(norm)) {
      optimizer.zero_grad();
      ++st.skipped;
      if (++consecutive_bad >= s.max_bad_steps) {
        progress.finish();
        throw UserError("training stopped at step " + std::to_string(st.step) + ": the objective or its gradient was "
                        "not finite in " + std::to_string(consecutive_bad) + " consecutive steps (try a smaller "
                        "train.learning_rate or train.clip > 0); the last good checkpoint " + files.checkpoint +
                        " is kept");
      }
      continue;  // the same step number is retried with new samples
    }
    consecutive_bad = 0;
    optimizer.step();
    ++st.step;
    if (st.step % s.log_every == 0 || st.step == s.steps) {
      const BatchEvaluation e = evaluate(model, target, s.eval_batch, gen);
      auto& h = st.history;
      h.step.push_back(st.step);
      h.f_q.push_back(e.f_q);
      h.f_q_error.push_back(e.f_q_error);
      h.ess_per_sample.push_back(e.ess_per_sample);
      h.nmcmc_acceptance.push_back(e.nmcmc_acceptance);
      h.grad_norm.push_back(norm);
      h.learning_rate.push_back(lr);
      h.loss.push_back(v.objective);
      h.beta.push_back(beta);
      progress.update(st.step, format_log(st, s, e, sites));
    }
    if (st.step % s.checkpoint_every == 0 || st.step == s.steps) checkpoint();
    if (interrupt_requested()) {
      checkpoint();
      progress.finish();
      throw Interrupted("interrupted during training at step " + std::to_string(st.step) + "; checkpoint " +
                        files.checkpoint + " written, re-run the same command to resume");
    }
  }
  if (s.steps == 0 || result.steps != st.step) checkpoint();
  progress.finish();
  result.history = st.history;
  model.eval();
  return result;
}

}  // namespace bbg

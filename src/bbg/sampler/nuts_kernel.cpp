#include "bbg/sampler/nuts_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "bbg/core/rng.hpp"
#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/metric.hpp"
#include "bbg/sampler/potential.hpp"
#include "bbg/sampler/warmup_tuner.hpp"

namespace bbg {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

double log_add(double a, double b) {  // log(exp(a) + exp(b))
  if (a == -kInf) return b;
  if (b == -kInf) return a;
  const double m = std::max(a, b);
  return m + std::log1p(std::exp(std::min(a, b) - m));
}
}  // namespace

// The buffers of build_tree at one depth >= 1: the momenta and M^-1 p at the inner
// ends of its two halves, their momentum sums, and the right half's candidate.
struct NutsKernel::Level {
  std::vector<double> p_left_end, s_left_end, p_right_begin, s_right_begin, rho_left, rho_right, rho_merged;
  Candidate right;
};

NutsKernel::NutsKernel(const Potential& potential, std::vector<double> q, const NutsSettings& settings)
    : potential_(potential), settings_(settings), q_(std::move(q)) {
  const int64_t n = potential.size();
  if (static_cast<int64_t>(q_.size()) != n)
    throw std::invalid_argument("NUTS: initial position of size " + std::to_string(q_.size()) +
                                " for a potential of size " + std::to_string(n));
  if (settings.max_depth < 1 || settings.max_depth > 30)
    throw std::invalid_argument("NUTS: max tree depth " + std::to_string(settings.max_depth) + " must be in 1..30");
  if (!(settings.max_energy_error > 0.0))
    throw std::invalid_argument("NUTS: max energy error " + std::to_string(settings.max_energy_error) +
                                " must be positive");
  WarmupTunerSettings t;
  t.step = settings.step_size;
  t.adapt_step = settings.adapt_step_size;
  t.target_acceptance = settings.target_acceptance;
  t.adapt_diagonal_metric = settings.adapt_diagonal_metric;
  tuner_ = std::make_unique<WarmupTuner>("NUTS", n, t, settings.metric.get());
  g_.resize(n);
  u_ = potential.value(q_.data());
  potential.gradient(q_.data(), g_.data());

  for (Point* z : {&forward_, &backward_}) z->q.resize(n), z->p.resize(n), z->g.resize(n);
  for (Candidate* c : {&draw_, &proposal_}) c->q.resize(n), c->g.resize(n);
  for (auto* v : {&p_ff_, &s_ff_, &p_fb_, &s_fb_, &p_bf_, &s_bf_, &p_bb_, &s_bb_, &rho_, &rho_f_, &rho_b_, &extended_,
                  &scratch_})
    v->resize(n);
  levels_.resize(static_cast<size_t>(settings.max_depth));
  for (Level& l : levels_) {
    for (auto* v : {&l.p_left_end, &l.s_left_end, &l.p_right_begin, &l.s_right_begin, &l.rho_left, &l.rho_right,
                    &l.rho_merged})
      v->resize(n);
    l.right.q.resize(n), l.right.g.resize(n);
  }
}

NutsKernel::~NutsKernel() = default;

double NutsKernel::step_size() const { return tuner_->step(); }
const Metric& NutsKernel::metric() const { return tuner_->metric(); }

double NutsKernel::mean_tree_depth() const {
  return transitions_ > 0 ? static_cast<double>(depth_sum_) / static_cast<double>(transitions_) : 0.0;
}

void NutsKernel::leapfrog(Point& z, double eps) {
  const size_t n = z.q.size();
  for (size_t i = 0; i < n; ++i) z.p[i] -= 0.5 * eps * z.g[i];
  tuner_->metric().drift(z.q.data(), z.p.data(), eps, scratch_.data());
  potential_.gradient(z.q.data(), z.g.data());
  z.u = potential_.value(z.q.data());
  for (size_t i = 0; i < n; ++i) z.p[i] -= 0.5 * eps * z.g[i];
}

bool NutsKernel::no_u_turn(const double* sharp_minus, const double* sharp_plus, const double* rho) const {
  double a = 0.0, b = 0.0;
  for (size_t i = 0; i < q_.size(); ++i) a += sharp_plus[i] * rho[i], b += sharp_minus[i] * rho[i];
  return a > 0.0 && b > 0.0;
}

// A sub-tree of 2^depth points continuing z in the direction of walk.eps. On return
// `proposal` holds its multinomial draw, log_sum_weight its log sum of weights
// exp(H0 - H), rho has its momentum sum added, and p/sharp_begin, p/sharp_end hold p
// and M^-1 p at its first and last points. False when it diverged or turned.
bool NutsKernel::build_tree(int64_t depth, Point& z, Candidate& proposal, double* sharp_begin, double* sharp_end,
                            double* rho, double* p_begin, double* p_end, double& log_sum_weight, Rng& rng,
                            Walk& walk) {
  const size_t n = q_.size();
  if (depth == 0) {
    leapfrog(z, walk.eps);
    ++walk.leapfrogs;
    double h = z.u + tuner_->metric().kinetic(z.p.data());
    if (std::isnan(h)) h = kInf;
    if (h - walk.h0 > settings_.max_energy_error) walk.divergent = true;
    log_sum_weight = log_add(log_sum_weight, walk.h0 - h);
    walk.sum_acceptance += walk.h0 - h > 0.0 ? 1.0 : std::exp(walk.h0 - h);
    std::copy(z.q.begin(), z.q.end(), proposal.q.begin());
    std::copy(z.g.begin(), z.g.end(), proposal.g.begin());
    proposal.u = z.u;
    proposal.h = h;
    tuner_->metric().velocity(z.p.data(), sharp_begin);
    std::copy(sharp_begin, sharp_begin + n, sharp_end);
    for (size_t i = 0; i < n; ++i) rho[i] += z.p[i];
    std::copy(z.p.begin(), z.p.end(), p_begin);
    std::copy(z.p.begin(), z.p.end(), p_end);
    return !walk.divergent;
  }
  Level& l = levels_[static_cast<size_t>(depth)];
  double weight_left = -kInf, weight_right = -kInf;
  std::fill(l.rho_left.begin(), l.rho_left.end(), 0.0);
  if (!build_tree(depth - 1, z, proposal, sharp_begin, l.s_left_end.data(), l.rho_left.data(), p_begin,
                  l.p_left_end.data(), weight_left, rng, walk))
    return false;
  std::fill(l.rho_right.begin(), l.rho_right.end(), 0.0);
  if (!build_tree(depth - 1, z, l.right, l.s_right_begin.data(), sharp_end, l.rho_right.data(), l.p_right_begin.data(),
                  p_end, weight_right, rng, walk))
    return false;
  // Uniform progressive sampling: take the right half's draw with its share of the weight.
  const double weight = log_add(weight_left, weight_right);
  log_sum_weight = log_add(log_sum_weight, weight);
  if (weight_right > weight || rng.uniform() < std::exp(weight_right - weight)) {
    proposal.q.swap(l.right.q);
    proposal.g.swap(l.right.g);
    proposal.u = l.right.u;
    proposal.h = l.right.h;
  }
  for (size_t i = 0; i < n; ++i) l.rho_merged[i] = l.rho_left[i] + l.rho_right[i], rho[i] += l.rho_merged[i];
  bool go_on = no_u_turn(sharp_begin, sharp_end, l.rho_merged.data());
  for (size_t i = 0; i < n; ++i) l.rho_merged[i] = l.rho_left[i] + l.p_right_begin[i];
  go_on = go_on && no_u_turn(sharp_begin, l.s_right_begin.data(), l.rho_merged.data());
  for (size_t i = 0; i < n; ++i) l.rho_merged[i] = l.rho_right[i] + l.p_left_end[i];
  go_on = go_on && no_u_turn(l.s_left_end.data(), sharp_end, l.rho_merged.data());
  return go_on;
}

// Names: p_xy_ / s_xy_ are p and M^-1 p at end y (f forward, b backward) of the
// forward (x = f) or backward (x = b) part of the trajectory, the new sub-tree being
// one part and everything before it the other; rho_f_, rho_b_ their momentum sums.
StepInfo NutsKernel::transition(Rng& rng) {
  potential_.refresh(rng);
  const Metric& metric = tuner_->metric();
  std::copy(q_.begin(), q_.end(), forward_.q.begin());
  std::copy(g_.begin(), g_.end(), forward_.g.begin());
  forward_.u = u_;
  metric.sample_momentum(rng, forward_.p.data());
  backward_.q = forward_.q, backward_.p = forward_.p, backward_.g = forward_.g, backward_.u = u_;
  draw_.q = q_, draw_.g = g_, draw_.u = u_;

  Walk walk;
  walk.h0 = u_ + metric.kinetic(forward_.p.data());
  draw_.h = walk.h0;
  metric.velocity(forward_.p.data(), s_ff_.data());
  for (auto* v : {&p_ff_, &p_fb_, &p_bf_, &p_bb_, &rho_}) *v = forward_.p;
  s_fb_ = s_ff_, s_bf_ = s_ff_, s_bb_ = s_ff_;

  double log_sum_weight = 0.0;  // the initial point's weight exp(H0 - H0)
  bool moved = false;
  depth_ = 0;
  while (depth_ < settings_.max_depth) {
    std::fill(rho_f_.begin(), rho_f_.end(), 0.0);
    std::fill(rho_b_.begin(), rho_b_.end(), 0.0);
    double weight = -kInf;
    bool valid;
    if (rng.uniform() > 0.5) {  // extend forward: the trajectory so far becomes the backward part
      rho_b_ = rho_, p_bf_ = p_ff_, s_bf_ = s_ff_;
      walk.eps = tuner_->step();
      valid = build_tree(depth_, forward_, proposal_, s_fb_.data(), s_ff_.data(), rho_f_.data(), p_fb_.data(),
                         p_ff_.data(), weight, rng, walk);
    } else {  // extend backward: the trajectory so far becomes the forward part
      rho_f_ = rho_, p_fb_ = p_bb_, s_fb_ = s_bb_;
      walk.eps = -tuner_->step();
      valid = build_tree(depth_, backward_, proposal_, s_bf_.data(), s_bb_.data(), rho_b_.data(), p_bf_.data(),
                         p_bb_.data(), weight, rng, walk);
    }
    if (!valid) break;
    ++depth_;
    // Biased progressive sampling: prefer the new sub-tree.
    if (weight > log_sum_weight || rng.uniform() < std::exp(weight - log_sum_weight)) {
      draw_.q.swap(proposal_.q);
      draw_.g.swap(proposal_.g);
      draw_.u = proposal_.u;
      draw_.h = proposal_.h;
      moved = true;
    }
    log_sum_weight = log_add(log_sum_weight, weight);
    for (size_t i = 0; i < rho_.size(); ++i) rho_[i] = rho_b_[i] + rho_f_[i];
    bool go_on = no_u_turn(s_bb_.data(), s_ff_.data(), rho_.data());
    for (size_t i = 0; i < rho_.size(); ++i) extended_[i] = rho_b_[i] + p_fb_[i];
    go_on = go_on && no_u_turn(s_bb_.data(), s_fb_.data(), extended_.data());
    for (size_t i = 0; i < rho_.size(); ++i) extended_[i] = rho_f_[i] + p_bf_[i];
    go_on = go_on && no_u_turn(s_bf_.data(), s_ff_.data(), extended_.data());
    if (!go_on) break;
  }
  divergent_ = walk.divergent;
  q_.swap(draw_.q);
  g_.swap(draw_.g);
  u_ = draw_.u;

  StepInfo info;
  info.accepted = moved;
  info.energy_error = draw_.h - walk.h0;
  info.acceptance_statistic = walk.sum_acceptance / static_cast<double>(walk.leapfrogs);
  info.gradient_evaluations = walk.leapfrogs;
  info.value_evaluations = walk.leapfrogs;
  info.moves_proposed = 1;
  info.moves_accepted = moved ? 1 : 0;
  return info;
}

StepInfo NutsKernel::warmup_step(Rng& rng, int64_t iteration, int64_t warmup) {
  const StepInfo info = transition(rng);
  tuner_->update(iteration, warmup, info.acceptance_statistic, q_.data());
  return info;
}

void NutsKernel::end_warmup() {
  tuner_->end_warmup();
  transitions_ = depth_sum_ = leapfrog_sum_ = divergences_ = 0;
}

StepInfo NutsKernel::step(Rng& rng) {
  const StepInfo info = transition(rng);
  ++transitions_;
  depth_sum_ += depth_;
  leapfrog_sum_ += info.gradient_evaluations;
  divergences_ += divergent_ ? 1 : 0;
  return info;
}

std::vector<std::pair<std::string, double>> NutsKernel::tuned() const {
  const double t = std::max<double>(1.0, static_cast<double>(transitions_));
  return {{"step_size", tuner_->step()},
          {"mean_tree_depth", mean_tree_depth()},
          {"mean_leapfrog_steps", static_cast<double>(leapfrog_sum_) / t},
          {"divergences", static_cast<double>(divergences_)},
          {"mean_inverse_mass", tuner_->mean_inverse_mass()}};
}

void NutsKernel::save(io::Checkpoint& ck, const std::string& prefix) const {
  ck.put_doubles(prefix + ".q", q_);
  ck.put_doubles(prefix + ".gradient", g_);
  ck.put_doubles(prefix + ".potential", {u_});
  ck.put_int64s(prefix + ".counters",
                {depth_, divergent_ ? 1 : 0, transitions_, depth_sum_, leapfrog_sum_, divergences_});
  tuner_->save(ck, prefix);
}

void NutsKernel::restore(const io::Checkpoint& ck, const std::string& prefix) {
  std::vector<double> q = ck.get_doubles(prefix + ".q"), g = ck.get_doubles(prefix + ".gradient");
  if (q.size() != q_.size() || g.size() != q_.size())
    throw std::invalid_argument("NUTS: checkpoint position " + prefix + ".q has the wrong size");
  q_ = std::move(q);
  g_ = std::move(g);
  u_ = ck.get_doubles(prefix + ".potential").at(0);
  const auto c = ck.get_int64s(prefix + ".counters");
  depth_ = c.at(0), divergent_ = c.at(1) != 0, transitions_ = c.at(2);
  depth_sum_ = c.at(3), leapfrog_sum_ = c.at(4), divergences_ = c.at(5);
  tuner_->restore(ck, prefix);
}

}  // namespace bbg

#include "bbg/models/autoregressive/made.hpp"

#include <ATen/ATen.h>

namespace bbg {
namespace {

std::vector<int64_t> hidden_degrees(int64_t sites, int64_t width) {
  std::vector<int64_t> m(width);
  for (int64_t k = 0; k < width; ++k) m[k] = 1 + (sites > 1 ? k * (sites - 1) / width : 0);
  return m;
}

// mask[out, in] = 1 where connect(out, in)
template <class F>
at::Tensor make_mask(int64_t out, int64_t in, F connect) {
  at::Tensor mask = at::zeros({out, in}, at::kDouble);
  auto a = mask.accessor<double, 2>();
  for (int64_t o = 0; o < out; ++o)
    for (int64_t i = 0; i < in; ++i) a[o][i] = connect(o, i) ? 1.0 : 0.0;
  return mask;
}

// Number of units of degree <= d, for d = 0..sites (degrees are sorted).
std::vector<int64_t> prefix_counts(const std::vector<int64_t>& degrees, int64_t sites) {
  std::vector<int64_t> count(sites + 1, 0);
  for (int64_t d = 0; d <= sites; ++d)
    for (int64_t m : degrees) count[d] += (m <= d) ? 1 : 0;
  return count;
}

}  // namespace

Made::Made(const ModelSpec& spec) : Autoregressive(spec) {
  const int64_t sites = event_size();
  std::vector<int64_t> previous(sites);  // input degrees 1..N
  for (int64_t j = 0; j < sites; ++j) previous[j] = j + 1;
  for (size_t l = 0; l < spec.hidden.size(); ++l) {
    std::vector<int64_t> m = hidden_degrees(sites, spec.hidden[l]);
    const at::Tensor mask = make_mask(spec.hidden[l], static_cast<int64_t>(previous.size()),
                                      [&](int64_t o, int64_t i) { return previous[i] <= m[o]; });
    hidden_.push_back(register_module("hidden" + std::to_string(l), MaskedLinear(mask, true)));
    counts_.push_back(prefix_counts(m, sites));
    previous = m;
  }
  if (!spec.hidden.empty()) {
    const at::Tensor mask = make_mask(sites, static_cast<int64_t>(previous.size()),
                                      [&](int64_t o, int64_t i) { return previous[i] < o + 1; });
    output_ = register_module("output", MaskedLinear(mask, true));
  }
  if (spec.direct) {
    const at::Tensor mask = make_mask(sites, sites, [](int64_t o, int64_t i) { return i < o; });
    direct_ = register_module("direct", MaskedLinear(mask, /*bias=*/spec.hidden.empty()));
  }
}

at::Tensor Made::logits(const at::Tensor& x) {
  const at::Tensor s = x.reshape({x.size(0), -1});
  at::Tensor h = s;
  for (auto& layer : hidden_) h = activate(layer->forward(h));
  at::Tensor out;
  if (output_) out = output_->forward(h);
  if (direct_) out = out.defined() ? out + direct_->forward(s) : direct_->forward(s);
  return out;
}

std::pair<at::Tensor, at::Tensor> Made::sample_sites(int64_t n, at::Generator& generator) {
  const int64_t sites = event_size();
  const size_t depth = hidden_.size();
  const auto options = at::TensorOptions().dtype(at::kDouble);
  std::vector<at::Tensor> w, b, h;
  const std::vector<std::vector<int64_t>>& count = counts_;
  for (size_t l = 0; l < depth; ++l) {
    w.push_back(hidden_[l]->masked_weight());
    b.push_back(hidden_[l]->bias());
    h.push_back(at::zeros({n, spec().hidden[l]}, options));
  }
  const at::Tensor w_out = output_ ? output_->masked_weight() : at::Tensor();
  const at::Tensor w_direct = direct_ ? direct_->masked_weight() : at::Tensor();
  const at::Tensor bias = output_ ? output_->bias() : direct_->bias();
  at::Tensor spins = at::zeros({n, sites}, options);
  at::Tensor log_q = at::zeros({n}, options);
  for (int64_t i = 0; i < sites; ++i) {
    // Units of degree i become final now that s_0..s_{i-1} are set.
    for (size_t l = 0; l < depth && i > 0; ++l) {
      const int64_t lo = count[l][i - 1], k = count[l][i] - lo;
      if (k == 0) continue;
      const at::Tensor in = l == 0 ? spins.narrow(1, 0, i) : h[l - 1].narrow(1, 0, count[l - 1][i]);
      const at::Tensor rows = w[l].narrow(0, lo, k).narrow(1, 0, in.size(1));
      h[l].narrow(1, lo, k).copy_(activate(at::addmm(b[l].narrow(0, lo, k), in, rows.t())));
    }
    at::Tensor logit = bias.select(0, i).expand({n});
    if (depth > 0 && count[depth - 1][i] > 0) {
      const int64_t c = count[depth - 1][i];
      logit = logit + at::mv(h[depth - 1].narrow(1, 0, c), w_out.select(0, i).narrow(0, 0, c));
    }
    if (w_direct.defined() && i > 0) logit = logit + at::mv(spins.narrow(1, 0, i), w_direct.select(0, i).narrow(0, 0, i));
    auto [s, lq] = draw_site(logit, generator);
    spins.select(1, i).copy_(s);
    log_q += lq;
  }
  return {spins, log_q};
}

}  // namespace bbg

#include "bbg/surrogate/local_network_energy.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace bbg {

LocalNetworkEnergy::LocalNetworkEnergy(const LocalNetworkSpec& spec, const bayes::ParameterLayout& layout,
                                       const double* theta)
    : spec_(spec) {
  spec_.validate();
  activation_ = spec_.activation == "tanh"   ? Activation::kTanh
                : spec_.activation == "relu" ? Activation::kRelu
                                             : Activation::kSilu;
  const int64_t depth = static_cast<int64_t>(spec_.hidden.size()) + 1;
  auto find = [&](const std::string& suffix) -> const bayes::ParameterTensor& {
    for (const auto& t : layout.tensors)
      if (t.name.size() >= suffix.size() && t.name.compare(t.name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
          (t.name.size() == suffix.size() || t.name[t.name.size() - suffix.size() - 1] == '.'))
        return t;
    throw std::invalid_argument("local network energy: no parameter named *" + suffix);
  };
  int64_t in = spec_.inputs();
  for (int64_t l = 0; l < depth; ++l) {
    const int64_t out = l + 1 < depth ? spec_.hidden[l] : 1;
    const auto& w = find("g.layers." + std::to_string(l) + ".weight");
    const auto& b = find("g.layers." + std::to_string(l) + ".bias");
    if (w.numel != out * in || b.numel != out)
      throw std::invalid_argument("local network energy: layer " + std::to_string(l) + " has the wrong shape");
    layers_.push_back(Layer{in, out, std::vector<double>(theta + w.offset, theta + w.offset + w.numel),
                            std::vector<double>(theta + b.offset, theta + b.offset + b.numel)});
    in = out;
  }
  const int64_t length = spec_.length, r = spec_.radius, side = 2 * r + 1;
  const auto offsets = local_network_offsets(r);
  neighbours_.assign(static_cast<size_t>(length * length), {});
  for (int64_t i = 0; i < length * length; ++i)
    for (const auto& [dy, dx] : offsets)
      neighbours_[i].push_back(((i / length + dy + length) % length) * length + (i % length + dx + length) % length);
  window_index_.assign(static_cast<size_t>(side * side), -1);
  for (size_t j = 0; j < offsets.size(); ++j)
    window_index_[(offsets[j].first + r) * side + offsets[j].second + r] = static_cast<int64_t>(j);
  const int64_t widest = std::max<int64_t>(spec_.inputs(), layers_.front().out);
  u_.resize(spec_.inputs());
  a_.resize(layers_.front().out);
  pre_.resize(layers_.front().out);
  buffer_.resize(widest);
  next_.resize(widest);
  for (const Layer& layer : layers_) {
    if (static_cast<int64_t>(buffer_.size()) < layer.out) buffer_.resize(layer.out);
    if (static_cast<int64_t>(next_.size()) < layer.out) next_.resize(layer.out);
  }
}

double LocalNetworkEnergy::activate(double v) const {
  switch (activation_) {
    case Activation::kTanh:
      return std::tanh(v);
    case Activation::kRelu:
      return v > 0.0 ? v : 0.0;
    case Activation::kSilu:
      break;
  }
  return v / (1.0 + std::exp(-v));
}

void LocalNetworkEnergy::window_inputs(const double* spins, int64_t centre, double* u) const {
  const double s0 = spins[centre];
  const std::vector<int64_t>& nb = neighbours_[centre];
  for (size_t j = 0; j < nb.size(); ++j) u[j] = s0 * spins[nb[j]];
}

double LocalNetworkEnergy::head(double* pre) const {
  // pre: the first layer's output before its activation, bias included.
  const size_t depth = layers_.size();
  if (depth == 1) return pre[0];
  if (depth == 2) {  // one hidden layer: g = b_2 + sum_h w_2h a(pre_h)
    const Layer& last = layers_[1];
    double g = last.bias[0];
    for (int64_t h = 0; h < last.in; ++h) g += last.weight[h] * activate(pre[h]);
    return g;
  }
  double* x = buffer_.data();
  for (int64_t h = 0; h < layers_[0].out; ++h) x[h] = activate(pre[h]);
  for (size_t l = 1; l < depth; ++l) {
    const Layer& layer = layers_[l];
    double* y = next_.data();
    for (int64_t o = 0; o < layer.out; ++o) {
      double v = layer.bias[o];
      const double* w = layer.weight.data() + o * layer.in;
      for (int64_t i = 0; i < layer.in; ++i) v += w[i] * x[i];
      y[o] = l + 1 < depth ? activate(v) : v;
    }
    if (l + 1 == depth) return y[0];
    std::copy(y, y + layer.out, x);
  }
  return 0.0;  // not reached
}

double LocalNetworkEnergy::energy(const double* spins) const {
  const Layer& first = layers_.front();
  double total = 0.0;
  for (int64_t i = 0; i < static_cast<int64_t>(neighbours_.size()); ++i) {
    window_inputs(spins, i, u_.data());
    for (int64_t h = 0; h < first.out; ++h) {
      double v = first.bias[h];
      const double* w = first.weight.data() + h * first.in;
      for (int64_t j = 0; j < first.in; ++j) v += w[j] * u_[j];
      pre_[h] = v;
    }
    total += head(pre_.data());
  }
  return spec_.output_scale * total;
}

double LocalNetworkEnergy::flip_difference(const double* spins, int64_t site) const {
  const Layer& first = layers_.front();
  const int64_t length = spec_.length, r = spec_.radius, side = 2 * r + 1;
  const int64_t ky = site / length, kx = site % length;
  double change = 0.0;
  for (int64_t dy = -r; dy <= r; ++dy)
    for (int64_t dx = -r; dx <= r; ++dx) {
      // centre i = k - d, whose window sees k at offset d
      const int64_t i = ((ky - dy + length) % length) * length + (kx - dx + length) % length;
      window_inputs(spins, i, u_.data());
      for (int64_t h = 0; h < first.out; ++h) {
        double v = 0.0;
        const double* w = first.weight.data() + h * first.in;
        for (int64_t j = 0; j < first.in; ++j) v += w[j] * u_[j];
        a_[h] = v;
      }
      for (int64_t h = 0; h < first.out; ++h) pre_[h] = a_[h] + first.bias[h];
      const double before = head(pre_.data());
      if (dy == 0 && dx == 0) {
        for (int64_t h = 0; h < first.out; ++h) pre_[h] = -a_[h] + first.bias[h];
      } else {
        const int64_t j = window_index_[(dy + r) * side + dx + r];
        for (int64_t h = 0; h < first.out; ++h)
          pre_[h] = a_[h] - 2.0 * u_[j] * first.weight[h * first.in + j] + first.bias[h];
      }
      change += head(pre_.data()) - before;
    }
  return spec_.output_scale * change;
}

}  // namespace bbg

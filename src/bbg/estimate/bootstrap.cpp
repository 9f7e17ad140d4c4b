#include "bbg/estimate/bootstrap.hpp"

#include <cmath>
#include <stdexcept>

namespace bbg {
namespace {

// splitmix64 (Steele, Lea, Flood, OOPSLA 2014): a tiny generator that is
// plenty for drawing resampling indices.
class IndexStream {
 public:
  explicit IndexStream(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n) without modulo bias (rejection of the short last range).
  uint64_t below(uint64_t n) {
    const uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    for (;;) {
      const uint64_t r = next();
      if (r >= threshold) return r % n;
    }
  }

 private:
  uint64_t state_;
};

// block_means[alpha][block]
std::vector<std::vector<double>> block_means(const std::vector<std::vector<double>>& series, int64_t block_size) {
  const int64_t blocks = static_cast<int64_t>(series.front().size()) / block_size;
  std::vector<std::vector<double>> out(series.size(), std::vector<double>(blocks));
  for (size_t a = 0; a < series.size(); ++a)
    for (int64_t b = 0; b < blocks; ++b) {
      double s = 0.0;
      for (int64_t i = b * block_size; i < (b + 1) * block_size; ++i) s += series[a][i];
      out[a][b] = s / static_cast<double>(block_size);
    }
  return out;
}

void check_arguments(const std::vector<std::vector<double>>& series, int64_t block_size, int64_t resamples) {
  if (series.empty()) throw std::invalid_argument("bootstrap: no primary given");
  for (const auto& s : series)
    if (s.size() != series.front().size())
      throw std::invalid_argument("bootstrap: all primaries need the same length");
  if (block_size < 1) throw std::invalid_argument("bootstrap: block_size must be >= 1");
  if (static_cast<int64_t>(series.front().size()) / block_size < 2)
    throw std::invalid_argument("bootstrap: need at least 2 blocks");
  if (resamples < 2) throw std::invalid_argument("bootstrap: resamples must be >= 2");
}

}  // namespace

BootstrapResult bootstrap(const std::vector<std::vector<double>>& series,
                          const std::function<double(const std::vector<double>&)>& f, int64_t block_size,
                          int64_t resamples, uint64_t seed) {
  check_arguments(series, block_size, resamples);
  const std::vector<std::vector<double>> means = block_means(series, block_size);
  const size_t n_alpha = means.size();
  const size_t blocks = means.front().size();

  BootstrapResult res;
  res.resamples = resamples;
  res.block_size = block_size;
  std::vector<double> m(n_alpha, 0.0);
  for (size_t a = 0; a < n_alpha; ++a) {
    for (double v : means[a]) m[a] += v;
    m[a] /= static_cast<double>(blocks);
  }
  res.value = f(m);

  IndexStream rng(seed);
  std::vector<double> values(static_cast<size_t>(resamples));
  std::vector<size_t> pick(blocks);
  for (int64_t k = 0; k < resamples; ++k) {
    for (auto& p : pick) p = static_cast<size_t>(rng.below(blocks));
    for (size_t a = 0; a < n_alpha; ++a) {
      double s = 0.0;
      for (size_t p : pick) s += means[a][p];
      m[a] = s / static_cast<double>(blocks);
    }
    values[k] = f(m);
  }
  double mean = 0.0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(resamples);
  double ss = 0.0;
  for (double v : values) ss += (v - mean) * (v - mean);
  res.error = std::sqrt(ss / static_cast<double>(resamples - 1));
  return res;
}

}  // namespace bbg

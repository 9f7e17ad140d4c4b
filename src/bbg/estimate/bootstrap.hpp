// Non-overlapping block bootstrap for a function of the means of several primaries.
//
// B. Efron, "Bootstrap methods: another look at the jackknife", Ann. Statist. 7
// (1979) 1; blocks for dependent data: H. R. Kunsch, Ann. Statist. 17 (1989) 1217
// and P. Hall, J. L. Horowitz, B.-Y. Jing, Biometrika 82 (1995) 561.
//
// The draws are cut into n = floor(N/b) blocks of b consecutive draws (the
// remainder is dropped). Each resample k = 1..K draws n block indices uniformly
// with replacement (the same indices for every primary), abar*_k = the mean of
// the chosen blocks, F*_k = f(abar*_k), and
//     value = f(abar),   error = sqrt(1/(K - 1) sum_k (F*_k - mean F*)^2).
// The random numbers come from a splitmix64 stream seeded by `seed`, so the
// result is a deterministic function of (data, f, block_size, resamples, seed).
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

namespace bbg {

struct BootstrapResult {
  double value = 0.0, error = 0.0;
  int64_t resamples = 0, block_size = 0;
};

// series[alpha][t]: primary alpha, draw t (all the same length). Throws
// std::invalid_argument unless block_size >= 1, there are >= 2 blocks and
// resamples >= 2.
BootstrapResult bootstrap(const std::vector<std::vector<double>>& series,
                          const std::function<double(const std::vector<double>&)>& f, int64_t block_size,
                          int64_t resamples, uint64_t seed);

}  // namespace bbg

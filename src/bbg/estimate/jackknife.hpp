// Binned (blocked) jackknife for a function of the means of several primaries.
//
// B. Efron, "The Jackknife, the Bootstrap and Other Resampling Plans", SIAM
// (1982); for binning of Monte Carlo series e.g. B. A. Berg, "Markov Chain Monte
// Carlo Simulations and Their Statistical Analysis", World Scientific (2004).
//
// The draws are cut into n bins of b consecutive draws (within each chain; the
// remainder at a chain's end is dropped). With abar the means over all binned
// draws and abar_(i) the means with bin i left out, f_i = f(abar_(i)) and
// fbar = (1/n) sum_i f_i:
//     value = f(abar),
//     error = sqrt((n - 1)/n sum_i (f_i - fbar)^2),
//     bias  = (n - 1)(fbar - f(abar))      (bias-corrected estimate: value - bias).
// With b = 1 the error of a plain mean is exactly the naive standard error
// sqrt(s^2/N), s^2 = sum (x - xbar)^2/(N - 1). Bins must be longer than the
// autocorrelation time for the error to be honest (see jackknife_bin_size).
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

namespace bbg {

struct JackknifeResult {
  double value = 0.0, error = 0.0, bias = 0.0;
  int64_t bins = 0, bin_size = 0;
};

// series[alpha][t]: primary alpha, draw t (all the same length). Throws
// std::invalid_argument unless bin_size >= 1 and there are >= 2 bins.
JackknifeResult jackknife(const std::vector<std::vector<double>>& series,
                          const std::function<double(const std::vector<double>&)>& f, int64_t bin_size);

// series[alpha][chain][t]: bins are formed within each chain, all bins pooled.
JackknifeResult jackknife_chains(const std::vector<std::vector<std::vector<double>>>& series,
                                 const std::function<double(const std::vector<double>&)>& f,
                                 int64_t bin_size);

// A bin size for autocorrelated data: ceil(4 tau_int_max) (tau_int with the
// convention tau_int = 0.5 for uncorrelated data), at least 1, but capped at
// min_chain_length / 20 (at least 1) so that each chain gives >= 20 bins when it
// can. A non-finite tau_int_max gives the cap.
int64_t jackknife_bin_size(double tau_int_max, int64_t min_chain_length);

}  // namespace bbg

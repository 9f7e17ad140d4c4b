// Dense Cholesky factorisation A = L L' of a symmetric positive-definite matrix, in place
// (Cholesky–Banachiewicz order: each entry's inner sum runs over k ascending). Used by the
// dense HMC metric and the conjugate linear posterior.
#pragma once
#include <cstdint>
#include <vector>

namespace bbg {

// a: P x P row-major; on return its lower triangle holds L and the upper is zero. Reads
// only the lower triangle. Returns false (a partly overwritten) if a pivot is not > 0.
bool cholesky_lower(std::vector<double>& a, int64_t p);

}  // namespace bbg

// A batch of Target::measure output as contiguous double columns, one pointer per observable
// in the target's order, the form the estimate/ accumulators take (ImportanceAccumulator::add).
#pragma once
#include <vector>

#include "bbg/targets/target.hpp"

namespace bbg {

struct ObservableColumns {
  explicit ObservableColumns(const Observables& observables);
  std::vector<at::Tensor> tensors;      // keeps the converted columns alive
  std::vector<const double*> pointers;  // tensors[a].data_ptr<double>()
};

}  // namespace bbg

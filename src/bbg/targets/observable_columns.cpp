#include "bbg/targets/observable_columns.hpp"

#include <ATen/ATen.h>

namespace bbg {

ObservableColumns::ObservableColumns(const Observables& observables) {
  tensors.reserve(observables.size());
  for (const auto& [name, t] : observables) {
    tensors.push_back(t.to(at::kDouble).contiguous());
    pointers.push_back(tensors.back().data_ptr<double>());
  }
}

}  // namespace bbg

// The HDF5 file of a sampling run (readable with h5py):
//   /configurations        [chains, samples, *shape]  float64 (fields) or int8 (spins)
//   /observables/<name>    [chains, samples]          per-sample primaries
//   /diagnostics/<name>    per-chain diagnostics (step sizes, acceptance, dH, ...)
// Written as <file>.partial and renamed only by commit(): an aborted run leaves
// nothing that looks like a result.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bbg/mcmc/chain_recorder.hpp"

namespace bbg {

class Target;
namespace io {
class H5Writer;
}

class SampleStore {
 public:
  SampleStore(const std::string& path, const Target& target, int64_t chains, bool save_configurations);
  ~SampleStore();
  ConfigurationSink sink();
  void write_record(const ChainRecord& record);
  void write_diagnostic(const std::string& name, const std::vector<int64_t>& dims, const std::vector<double>& data);
  void set_attribute(const std::string& key, const std::string& value);
  void commit();

 private:
  std::unique_ptr<io::H5Writer> writer_;
  std::vector<int64_t> shape_;
  int64_t chains_;
  bool discrete_, save_;
};

}  // namespace bbg

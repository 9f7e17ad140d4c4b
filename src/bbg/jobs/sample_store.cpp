#include "bbg/jobs/sample_store.hpp"

#include "bbg/io/h5_writer.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {

SampleStore::SampleStore(const std::string& path, const Target& target, int64_t chains, bool save_configurations)
    : writer_(std::make_unique<io::H5Writer>(path)),
      shape_(target.event_shape()),
      chains_(chains),
      discrete_(target.discrete()),
      save_(save_configurations) {
  writer_->set_attribute("/", "target", target.describe());
  if (!save_) return;
  std::vector<int64_t> dims = {chains_, 0}, chunk = {1, 64};
  int64_t v = 1;
  for (int64_t l : shape_) dims.push_back(l), chunk.push_back(l), v *= l;
  if (v > 4096) chunk[1] = 1;
  writer_->create_growable("configurations", dims, 1,
                           discrete_ ? io::H5Writer::Type::Int8 : io::H5Writer::Type::Float64, chunk);
  writer_->set_attribute("configurations", "layout", "[chain, sample, *lattice shape], row-major sites");
}

SampleStore::~SampleStore() = default;

ConfigurationSink SampleStore::sink() {
  if (!save_) return {};
  return [this](int64_t first, int64_t count, const std::vector<double>& data) {
    std::vector<int64_t> offset = {0, first}, size = {chains_, count};
    for (int64_t l : shape_) offset.push_back(0), size.push_back(l);
    if (discrete_) {
      std::vector<int8_t> spins(data.size());
      for (size_t i = 0; i < data.size(); ++i) spins[i] = data[i] > 0 ? int8_t{1} : int8_t{-1};
      writer_->write_slab("configurations", offset, size, spins.data());
    } else {
      writer_->write_slab("configurations", offset, size, data.data());
    }
  };
}

void SampleStore::write_record(const ChainRecord& record) {
  for (const auto& [name, chains] : record.series) {
    std::vector<double> flat;
    flat.reserve(static_cast<size_t>(record.chains * record.samples));
    for (const auto& c : chains) flat.insert(flat.end(), c.begin(), c.end());
    writer_->write("observables/" + name, {record.chains, record.samples}, flat.data());
  }
}

void SampleStore::write_diagnostic(const std::string& name, const std::vector<int64_t>& dims,
                                   const std::vector<double>& data) {
  writer_->write("diagnostics/" + name, dims, data.data());
}

void SampleStore::set_attribute(const std::string& key, const std::string& value) {
  writer_->set_attribute("/", key, value);
}

void SampleStore::commit() { writer_->commit(); }

}  // namespace bbg

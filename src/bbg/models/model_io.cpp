#include "bbg/models/model_io.hpp"

#include <ATen/Context.h>

#include <sstream>

#include "bbg/core/errors.hpp"
#include "bbg/io/atomic_file.hpp"
#include "bbg/models/density.hpp"
#include "bbg/models/model_registry.hpp"

namespace bbg {

std::shared_ptr<Density> make_density(const ModelSpec& spec, uint64_t init_seed) {
  at::manual_seed(init_seed);
  for (const auto& info : model_registry())
    if (info.kind == spec.kind) return info.make(spec);
  throw UserError("model.kind = \"" + spec.kind + "\": no such model is built in");
}

void write_model(torch::serialize::OutputArchive& archive, Density& model) {
  archive.write("architecture", c10::IValue(model.spec().to_json()));
  torch::serialize::OutputArchive weights;
  model.save(weights);
  archive.write("model", weights);
}

std::shared_ptr<Density> read_model(torch::serialize::InputArchive& archive, const std::string& source,
                                    const ModelSpec* expected) {
  c10::IValue stored;
  if (!archive.try_read("architecture", stored) || !stored.isString())
    throw UserError(source + " holds no bbg model architecture (not a bbg model file?)");
  const std::string json = stored.toStringRef();
  const ModelSpec spec = ModelSpec::from_json(json);
  if (expected && expected->to_json() != spec.to_json())  // canonical forms: tolerant of absent default keys
    throw UserError(source + " holds a model with architecture " + json +
                    ", but the configuration asks for " + expected->to_json() +
                    "; use the [model] section it was trained with, or a new run directory");
  auto model = make_density(spec);
  torch::serialize::InputArchive weights;
  if (!archive.try_read("model", weights)) throw UserError(source + " holds no model weights");
  try {
    model->load(weights);
  } catch (const c10::Error& e) {
    throw UserError(source + ": the stored weights do not fit architecture " + json + " (" +
                    e.what_without_backtrace() + ")");
  }
  return model;
}

std::string archive_to_string(torch::serialize::OutputArchive& archive) {
  std::ostringstream out;
  archive.save_to(out);
  return out.str();
}

void archive_from_file(torch::serialize::InputArchive& archive, const std::string& path) {
  std::istringstream in(io::read_file(path));
  try {
    archive.load_from(in);
  } catch (const c10::Error& e) {
    throw UserError(path + " is not a readable bbg model/checkpoint file (" + e.what_without_backtrace() + ")");
  }
}

void save_model(Density& model, const std::string& path) {
  torch::serialize::OutputArchive archive;
  write_model(archive, model);
  io::write_file_atomic(path, archive_to_string(archive));
}

std::shared_ptr<Density> load_model(const std::string& path, const ModelSpec* expected) {
  torch::serialize::InputArchive archive;
  archive_from_file(archive, path);
  return read_model(archive, path, expected);
}

}  // namespace bbg

// Building models from their spec, and saving/loading them with the
// architecture (ModelSpec JSON) stored beside the weights. Loading into a
// different architecture is a UserError that names both.
#pragma once
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <memory>
#include <string>

#include "bbg/models/density.hpp"

namespace bbg {

// Builds the model; its initial weights are drawn from LibTorch's default
// generator, which is first seeded with `init_seed` so that runs are reproducible.
std::shared_ptr<Density> make_density(const ModelSpec& spec, uint64_t init_seed = 0);

// Writes the architecture and, nested under "model", parameters and buffers.
void write_model(torch::serialize::OutputArchive& archive, Density& model);
// Reads a model written by write_model. With `expected`, a different stored
// architecture is a UserError naming `source`; the weights are loaded into a
// freshly built model either way.
std::shared_ptr<Density> read_model(torch::serialize::InputArchive& archive, const std::string& source,
                                    const ModelSpec* expected = nullptr);

void save_model(Density& model, const std::string& path);  // atomic
std::shared_ptr<Density> load_model(const std::string& path, const ModelSpec* expected = nullptr);

// Whole archives as strings, written/read atomically by the io layer.
std::string archive_to_string(torch::serialize::OutputArchive& archive);
void archive_from_file(torch::serialize::InputArchive& archive, const std::string& path);

}  // namespace bbg

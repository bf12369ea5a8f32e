// Reads a set of embeddings (one row per image) for the standalone metrics, `zipp eval cmmd`
// (docs/formats.md "Evaluation inputs"): an HDF5 file's 2-D float dataset (`embeddings` unless
// named otherwise) or a NumPy .npy matrix (little-endian float32 or float64, C order; float64 is
// narrowed to float32 as graph/ingest/npy_reader.h does). The format is told by the file's first
// bytes, not its name.
#pragma once

#include <filesystem>
#include <string>

#include <ATen/core/Tensor.h>

namespace zipp::eval {

inline constexpr char kDefaultEmbeddingDataset[] = "embeddings";

// A float32 or float64 [N, D] CPU tensor with N, D >= 1 and finite values. IoError for a missing
// file; InputError for anything else wrong (unknown format, a missing dataset listing what the
// file holds, another dtype or rank, a NaN), naming the file and the dataset.
at::Tensor read_embeddings(const std::filesystem::path& path,
                           const std::string& dataset = kDefaultEmbeddingDataset);

}  // namespace zipp::eval

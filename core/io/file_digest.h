// A fast 64-bit digest of a file's bytes (not cryptographic): names that must change when model
// weights change (TorchScript pipelines, the CLIP embedder) hash the files they load with it.
#pragma once

#include <cstdint>
#include <filesystem>

namespace zipp::core {

// The digest of `file`'s bytes and size, chained from `seed` (pass the digest of the previous
// file to digest several files as one). IoError naming the file when it cannot be read.
std::uint64_t file_digest(const std::filesystem::path& file, std::uint64_t seed);

}  // namespace zipp::core

// Tensors as HDF5 datasets: typed, chunked writes and reads of whole datasets or of row ranges
// (a hyperslab on dimension 0, so a rank reads only its rows), with checks of dtype and shape
// whose messages name the file and the dataset.
//
// Stored types: float32, float64, int8, int16, int32, int64 and uint8 as the native HDF5 types;
// float16 and bfloat16 as 16-bit HDF5 floats (ebias 15 and 127; h5py reads the former as
// numpy float16); bool as h5py's enum {FALSE, TRUE} over int8, so h5py reads numpy bool.
// Datasets are chunked along rows (dimension 0 extendible) and optionally deflate-compressed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/core/ScalarType.h>

#include "core/dtype_name.h"
#include "core/io/h5_object.h"

namespace zipp::core::h5 {

struct WriteOptions {
  // Rows per chunk; 0 picks about 1 MiB per chunk.
  std::int64_t chunk_rows = 0;
  // gzip level 1-9; 0 stores uncompressed (fastest row-range reads).
  int deflate_level = 0;
};

inline constexpr std::int64_t kAnySize = -1;

// One expected dimension: a size or kAnySize, with an optional name for messages, so a failed
// check reads "expected int64 with shape [N+1=11]" or "[N, 64]".
struct Dim {
  Dim(std::int64_t size_) : size(size_) {}  // NOLINT(google-explicit-constructor): {5, 3}
  explicit Dim(std::string name_, std::int64_t size_ = kAnySize)
      : size(size_), name(std::move(name_)) {}
  std::int64_t size = kAnySize;
  std::string name;
};

struct DatasetInfo {
  std::string type_name;                 // "int32", "float16", "string", "uint32", ...
  std::optional<c10::ScalarType> dtype;  // empty for types with no torch dtype (strings, uint32)
  std::vector<std::int64_t> shape;       // empty for a scalar
  std::int64_t rows() const { return shape.empty() ? 1 : shape.front(); }
};

// "float32", "int64", ... (core/dtype_name.h).
using core::dtype_name;
// "[3, 4]" and "[N+1=11, any]".
std::string shape_text(const std::vector<std::int64_t>& shape);
std::string shape_text(const std::vector<Dim>& shape);

DatasetInfo dataset_info(const Object& loc, std::string_view name);
DatasetInfo dataset_info(const Dataset& dataset);

// Writes a CPU tensor (any layout) as a new dataset; an existing name is an error.
void write_tensor(const Object& loc, std::string_view name, const at::Tensor& tensor,
                  const WriteOptions& options = {});

at::Tensor read_tensor(const Object& loc, std::string_view name);
// The same, after checking the stored dtype and shape (Hdf5Error on a mismatch; no conversion).
at::Tensor read_tensor(const Object& loc, std::string_view name, c10::ScalarType dtype,
                       const std::vector<Dim>& shape);
// Checks dtype and shape without reading; returns what is stored.
DatasetInfo require_tensor(const Object& loc, std::string_view name, c10::ScalarType dtype,
                           const std::vector<Dim>& shape);

// Rows [begin, end) of a dataset of rank >= 1; only those rows are read. A reader of many ranges
// opens the dataset once (open_dataset) and passes it instead of a name.
at::Tensor read_rows(const Object& loc, std::string_view name, std::int64_t begin,
                     std::int64_t end);
at::Tensor read_rows(const Dataset& dataset, std::int64_t begin, std::int64_t end);

}  // namespace zipp::core::h5

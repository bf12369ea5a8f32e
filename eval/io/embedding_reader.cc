#include "eval/io/embedding_reader.h"

#include <cstring>
#include <fstream>

#include <ATen/ops/from_blob.h>
#include <c10/core/ScalarType.h>

#include "core/check.h"
#include "core/error.h"
#include "core/io/h5_file.h"
#include "core/io/h5_tensor.h"
#include "graph/ingest/npy_reader.h"

namespace zipp::eval {
namespace {

namespace fs = std::filesystem;

enum class Format { kNpy, kHdf5, kUnknown };

Format sniff(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw core::IoError(core::str("cannot open ", core::quoted(path.string()), " for reading"));
  }
  char head[8] = {};
  in.read(head, sizeof(head));
  const auto got = static_cast<std::size_t>(in.gcount());
  if (got >= 6 && std::memcmp(head, "\x93NUMPY", 6) == 0) return Format::kNpy;
  if (got >= 8 && std::memcmp(head, "\x89HDF\r\n\x1a\n", 8) == 0) return Format::kHdf5;
  return Format::kUnknown;
}

at::Tensor read_npy(const fs::path& path) {
  graph::NpyMatrix matrix = graph::read_npy_matrix(path.string());
  auto* values = new std::vector<float>(std::move(matrix.values));
  return at::from_blob(
      values->data(), {matrix.rows, matrix.cols}, [values](void*) { delete values; },
      at::TensorOptions().dtype(at::kFloat));
}

std::string member_list(const core::h5::Object& file) {
  std::string text;
  for (const auto& name : core::h5::member_names(file)) {
    text += core::str(text.empty() ? "" : ", ", core::quoted(name));
  }
  return text.empty() ? std::string("nothing") : text;
}

at::Tensor read_hdf5(const fs::path& path, const std::string& dataset) {
  const auto file = core::h5::File::open(path, core::h5::Access::kRead);
  ZIPP_CHECK_T(core::InputError,
               core::h5::object_type(file, dataset) == core::h5::ObjectType::kDataset,
               path.string(), ": no dataset ", core::quoted(dataset), " (the file's root holds ",
               member_list(file), "; name the embeddings with --dataset)");
  const auto info = core::h5::dataset_info(file, dataset);
  ZIPP_CHECK_T(core::InputError, info.dtype == at::kFloat || info.dtype == at::kDouble,
               path.string(), ": dataset ", core::quoted(dataset), " holds ", info.type_name,
               ", expected float32 or float64 embeddings");
  ZIPP_CHECK_T(core::InputError, info.shape.size() == 2, path.string(), ": dataset ",
               core::quoted(dataset), " has shape ", core::h5::shape_text(info.shape),
               ", expected a 2-D matrix [images, dim]");
  return core::h5::read_tensor(file, dataset);
}

}  // namespace

at::Tensor read_embeddings(const fs::path& path, const std::string& dataset) {
  at::Tensor embeddings;
  switch (sniff(path)) {
    case Format::kNpy:
      embeddings = read_npy(path);
      break;
    case Format::kHdf5:
      embeddings = read_hdf5(path, dataset);
      break;
    case Format::kUnknown:
      throw core::InputError(
          core::str(path.string(),
                    ": neither a NumPy .npy file nor an HDF5 file (its first bytes are "
                    "not \\x93NUMPY or \\x89HDF); see docs/formats.md \"Evaluation inputs\""));
  }
  ZIPP_CHECK_T(core::InputError, embeddings.size(0) >= 1 && embeddings.size(1) >= 1, path.string(),
               ": the embeddings have shape ", embeddings.sizes(),
               ", expected at least one row and one column");
  const at::Tensor bad = embeddings.isfinite().logical_not().any(1).nonzero();
  ZIPP_CHECK_T(core::InputError, bad.size(0) == 0, path.string(), ": ", bad.size(0),
               " embedding row(s) hold a NaN or infinite value, the first is row ",
               bad.size(0) ? bad[0][0].item<std::int64_t>() : -1);
  return embeddings;
}

}  // namespace zipp::eval

// Dataset creation and row writes shared by write_tensor, RowAppender and the string writers.
#include <algorithm>

#include "core/error.h"
#include "core/io/h5_internal.h"
#include "core/io/h5_object.h"
#include "core/str.h"

namespace zipp::core::h5::detail {
namespace {

// HDF5 refuses chunks of 4 GiB or more.
constexpr std::int64_t kMaxChunkBytes = (std::int64_t{1} << 32) - 1;

Handle dataset_properties(const Layout& layout, std::int64_t row_bytes, const Where& where) {
  Handle dcpl = own(H5Pcreate(H5P_DATASET_CREATE), HandleKind::kPropertyList, "H5Pcreate", where);
  if (layout.shape.empty()) return dcpl;  // a scalar: contiguous, no filters
  const std::int64_t rows = layout.shape.front();
  std::int64_t chunk_rows = chunk_rows_for(layout.chunk_rows, row_bytes);
  if (!layout.extendible) chunk_rows = std::min(chunk_rows, std::max<std::int64_t>(rows, 1));
  if (chunk_rows * std::max<std::int64_t>(row_bytes, 1) > kMaxChunkBytes) {
    throw Hdf5Error(str(where.file, ": cannot create dataset ", core::quoted(where.object),
                        ": a chunk of ", chunk_rows, " rows of ", row_bytes,
                        " bytes reaches HDF5's 4 GiB chunk limit; "
                        "ask for fewer rows per chunk"));
  }
  std::vector<hsize_t> chunk = to_hsize(layout.shape);
  chunk[0] = static_cast<hsize_t>(chunk_rows);
  for (hsize_t& size : chunk) size = std::max<hsize_t>(size, 1);
  check(H5Pset_chunk(dcpl.id(), static_cast<int>(chunk.size()), chunk.data()), "H5Pset_chunk",
        where);
  if (layout.deflate_level != 0) {
    if (layout.deflate_level < 0 || layout.deflate_level > 9) {
      throw Hdf5Error(str(where.file, ": deflate level for ", core::quoted(where.object),
                          " must be 0-9, got ", layout.deflate_level));
    }
    check(H5Pset_shuffle(dcpl.id()), "H5Pset_shuffle", where);
    check(H5Pset_deflate(dcpl.id(), static_cast<unsigned>(layout.deflate_level)), "H5Pset_deflate",
          where);
  }
  return dcpl;
}

Handle dataspace_for(const Layout& layout, const Where& where) {
  if (layout.shape.empty()) {
    return own(H5Screate(H5S_SCALAR), HandleKind::kDataspace, "H5Screate", where);
  }
  const std::vector<hsize_t> dims = to_hsize(layout.shape);
  std::vector<hsize_t> max_dims = dims;
  // A zero-sized fixed dimension would forbid any chunk; such dimensions are left unlimited.
  for (hsize_t& size : max_dims) size = size == 0 ? H5S_UNLIMITED : size;
  if (layout.extendible) max_dims[0] = H5S_UNLIMITED;
  return own(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max_dims.data()),
             HandleKind::kDataspace, "H5Screate_simple", where);
}

}  // namespace

std::int64_t chunk_rows_for(std::int64_t requested, std::int64_t row_bytes) {
  if (requested < 0) {
    throw Hdf5Error(str("chunk_rows must be >= 0 (0: automatic), got ", requested));
  }
  if (requested > 0) return requested;
  return std::max<std::int64_t>(1, kChunkBytes / std::max<std::int64_t>(row_bytes, 1));
}

Handle create_dataset(const Object& loc, const std::string& absolute, hid_t type,
                      const Layout& layout, std::int64_t row_bytes) {
  const Where where = where_in(loc, absolute);
  if (exists(loc, absolute)) {
    throw Hdf5Error(str(loc.file_name(), ": cannot create dataset ", core::quoted(absolute),
                        ": the name is taken"));
  }
  const Handle space = dataspace_for(layout, where);
  const Handle dcpl = dataset_properties(layout, row_bytes, where);
  const Handle lcpl =
      own(H5Pcreate(H5P_LINK_CREATE), HandleKind::kPropertyList, "H5Pcreate", where);
  check(H5Pset_create_intermediate_group(lcpl.id(), 1), "H5Pset_create_intermediate_group", where);
  return own(
      H5Dcreate2(loc.id(), absolute.c_str(), type, space.id(), lcpl.id(), dcpl.id(), H5P_DEFAULT),
      HandleKind::kDataset, "H5Dcreate2", where);
}

void write_rows(hid_t dataset, hid_t memory_type, std::int64_t begin, std::int64_t rows,
                const void* data, const Where& where) {
  if (rows == 0) return;
  const Handle file_space =
      own(H5Dget_space(dataset), HandleKind::kDataspace, "H5Dget_space", where);
  std::vector<hsize_t> count = to_hsize(dataspace_shape(file_space.id(), where));
  if (count.empty()) {  // a scalar
    check(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "H5Dwrite", where);
    return;
  }
  select_rows(file_space.id(), begin, begin + rows, where);
  count[0] = static_cast<hsize_t>(rows);
  const Handle memory_space =
      own(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr),
          HandleKind::kDataspace, "H5Screate_simple", where);
  check(H5Dwrite(dataset, memory_type, memory_space.id(), file_space.id(), H5P_DEFAULT, data),
        "H5Dwrite", where);
}

void extend_rows(hid_t dataset, std::int64_t rows, const Where& where) {
  const Handle space = own(H5Dget_space(dataset), HandleKind::kDataspace, "H5Dget_space", where);
  std::vector<hsize_t> dims = to_hsize(dataspace_shape(space.id(), where));
  dims[0] = static_cast<hsize_t>(rows);
  check(H5Dset_extent(dataset, dims.data()), "H5Dset_extent", where);
}

}  // namespace zipp::core::h5::detail

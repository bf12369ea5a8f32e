#include "core/io/h5_tensor.h"

#include <ATen/ops/empty.h>
#include <c10/core/TensorOptions.h>

#include "core/error.h"
#include "core/io/h5_internal.h"
#include "core/str.h"

namespace zipp::core::h5 {
namespace {

std::int64_t row_bytes_of(const std::vector<std::int64_t>& shape, std::size_t element_size) {
  std::int64_t bytes = static_cast<std::int64_t>(element_size);
  for (std::size_t i = 1; i < shape.size(); ++i) bytes *= shape[i];
  return bytes;
}

bool shape_matches(const std::vector<std::int64_t>& shape, const std::vector<Dim>& expected) {
  if (shape.size() != expected.size()) return false;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (expected[i].size != kAnySize && expected[i].size != shape[i]) return false;
  }
  return true;
}

std::string dataset_text(const Object& loc, const std::string& absolute) {
  return str(loc.file_name(), ": dataset ", core::quoted(absolute));
}

c10::ScalarType tensor_dtype(const Object& loc, const std::string& absolute,
                             const DatasetInfo& info) {
  if (!info.dtype) {
    throw Hdf5Error(str(dataset_text(loc, absolute), " holds ", info.type_name,
                        ", which zipp cannot read into a tensor"));
  }
  return *info.dtype;
}

DatasetInfo info_of(const Dataset& dataset) {
  const detail::Where where = detail::where_in(dataset, dataset.path());
  const Handle type =
      detail::own(H5Dget_type(dataset.id()), HandleKind::kDatatype, "H5Dget_type", where);
  const Handle space =
      detail::own(H5Dget_space(dataset.id()), HandleKind::kDataspace, "H5Dget_space", where);
  return DatasetInfo{detail::type_name(type.id()), detail::scalar_type_of(type.id()),
                     detail::dataspace_shape(space.id(), where)};
}

at::Tensor read_selected_rows(const Dataset& dataset, const DatasetInfo& info, std::int64_t begin,
                              std::int64_t end) {
  const detail::Where where = detail::where_in(dataset, dataset.path());
  std::vector<std::int64_t> shape = info.shape;
  if (!shape.empty()) shape[0] = end - begin;
  at::Tensor tensor =
      at::empty(shape, at::TensorOptions().dtype(tensor_dtype(dataset, dataset.path(), info)));
  if (tensor.numel() == 0) return tensor;
  const Handle memory_type = detail::memory_type(tensor.scalar_type());
  if (shape.empty() || (begin == 0 && end == info.shape[0])) {
    detail::check(
        H5Dread(dataset.id(), memory_type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, tensor.data_ptr()),
        "H5Dread", where);
    return tensor;
  }
  const Handle file_space =
      detail::own(H5Dget_space(dataset.id()), HandleKind::kDataspace, "H5Dget_space", where);
  detail::select_rows(file_space.id(), begin, end, where);
  const std::vector<hsize_t> dims = detail::to_hsize(shape);
  const Handle memory_space =
      detail::own(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                  HandleKind::kDataspace, "H5Screate_simple", where);
  detail::check(H5Dread(dataset.id(), memory_type.id(), memory_space.id(), file_space.id(),
                        H5P_DEFAULT, tensor.data_ptr()),
                "H5Dread", where);
  return tensor;
}

}  // namespace

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += str(i == 0 ? "" : ", ", shape[i]);
  return text + "]";
}

std::string shape_text(const std::vector<Dim>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const Dim& dim = shape[i];
    text += i == 0 ? "" : ", ";
    if (dim.name.empty()) {
      text += dim.size == kAnySize ? std::string("any") : str(dim.size);
    } else {
      text += dim.size == kAnySize ? dim.name : str(dim.name, "=", dim.size);
    }
  }
  return text + "]";
}

DatasetInfo dataset_info(const Object& loc, std::string_view name) {
  return info_of(open_dataset(loc, name));
}

DatasetInfo dataset_info(const Dataset& dataset) { return info_of(dataset); }

void write_tensor(const Object& loc, std::string_view name, const at::Tensor& tensor,
                  const WriteOptions& options) {
  const std::string absolute = loc.resolve(name);
  const detail::Where where = detail::where_in(loc, absolute);
  if (!tensor.device().is_cpu()) {
    throw Hdf5Error(str(dataset_text(loc, absolute), ": cannot write a tensor on ",
                        tensor.device().str(), "; move it to the CPU first"));
  }
  const at::Tensor data = tensor.contiguous();
  const Handle memory_type = detail::memory_type(data.scalar_type());
  detail::Layout layout{data.sizes().vec(), options.chunk_rows, options.deflate_level, false};
  const Handle dataset = detail::create_dataset(loc, absolute, memory_type.id(), layout,
                                                row_bytes_of(layout.shape, data.element_size()));
  if (data.numel() == 0) return;
  detail::check(
      H5Dwrite(dataset.id(), memory_type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data_ptr()),
      "H5Dwrite", where);
}

at::Tensor read_tensor(const Object& loc, std::string_view name) {
  const Dataset dataset = open_dataset(loc, name);
  const DatasetInfo info = info_of(dataset);
  return read_selected_rows(dataset, info, 0, info.shape.empty() ? 1 : info.shape[0]);
}

DatasetInfo require_tensor(const Object& loc, std::string_view name, c10::ScalarType dtype,
                           const std::vector<Dim>& shape) {
  DatasetInfo info = dataset_info(loc, name);
  if (info.dtype != dtype || !shape_matches(info.shape, shape)) {
    throw Hdf5Error(str(dataset_text(loc, loc.resolve(name)), " holds ", info.type_name,
                        " with shape ", shape_text(info.shape), ", expected ", dtype_name(dtype),
                        " with shape ", shape_text(shape)));
  }
  return info;
}

at::Tensor read_tensor(const Object& loc, std::string_view name, c10::ScalarType dtype,
                       const std::vector<Dim>& shape) {
  require_tensor(loc, name, dtype, shape);
  return read_tensor(loc, name);
}

at::Tensor read_rows(const Object& loc, std::string_view name, std::int64_t begin,
                     std::int64_t end) {
  return read_rows(open_dataset(loc, name), begin, end);
}

at::Tensor read_rows(const Dataset& dataset, std::int64_t begin, std::int64_t end) {
  const DatasetInfo info = info_of(dataset);
  if (info.shape.empty()) {
    throw Hdf5Error(
        str(dataset_text(dataset, dataset.path()), " is a scalar; it has no rows to read"));
  }
  if (begin < 0 || begin > end || end > info.shape[0]) {
    throw Hdf5Error(str(dataset_text(dataset, dataset.path()), ": cannot read rows [", begin, ", ",
                        end, "): it has ", info.shape[0], " rows"));
  }
  return read_selected_rows(dataset, info, begin, end);
}

}  // namespace zipp::core::h5

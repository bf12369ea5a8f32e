#include "core/io/h5_appender.h"

#include <algorithm>
#include <exception>
#include <utility>

#include <ATen/ops/empty.h>
#include <c10/core/TensorOptions.h>

#include "core/error.h"
#include "core/io/h5_internal.h"
#include "core/log.h"
#include "core/str.h"

namespace zipp::core::h5 {
namespace {

std::vector<std::int64_t> with_rows(std::int64_t rows, const std::vector<std::int64_t>& row_shape) {
  std::vector<std::int64_t> shape{rows};
  shape.insert(shape.end(), row_shape.begin(), row_shape.end());
  return shape;
}

// "[k, 4, 2]": the shape an appended block must have.
std::string block_shape_text(const std::vector<std::int64_t>& row_shape) {
  std::string text = "[k";
  for (std::int64_t size : row_shape) text += str(", ", size);
  return text + "]";
}

}  // namespace

RowAppender::RowAppender(const Object& loc, std::string_view name, c10::ScalarType dtype,
                         std::vector<std::int64_t> row_shape, const WriteOptions& options)
    : memory_type_(detail::memory_type(dtype)),
      file_name_(loc.file_name()),
      path_(loc.resolve(name)),
      dtype_(dtype),
      row_shape_(std::move(row_shape)) {
  std::int64_t row_bytes = static_cast<std::int64_t>(c10::elementSize(dtype));
  for (std::int64_t size : row_shape_) {
    if (size < 0) {
      throw Hdf5Error(str(file_name_, ": dataset ", core::quoted(path_), ": row shape ",
                          shape_text(row_shape_), " has a negative size"));
    }
    row_bytes *= size;
  }
  chunk_rows_ = detail::chunk_rows_for(options.chunk_rows, row_bytes);
  const detail::Layout layout{with_rows(0, row_shape_), chunk_rows_, options.deflate_level, true};
  dataset_ = detail::create_dataset(loc, path_, memory_type_.id(), layout, row_bytes);
}

RowAppender::~RowAppender() {
  if (!dataset_.valid()) return;
  try {
    close();
  } catch (const std::exception& e) {
    ZIPP_LOG_ONE(kError, "rows appended to ", file_name_, ":", path_,
                 " may be incomplete: ", e.what());
  }
}

void RowAppender::append(const at::Tensor& rows) {
  if (!dataset_.valid()) {
    throw Hdf5Error(str(file_name_, ": dataset ", core::quoted(path_), ": append() after close()"));
  }
  const std::vector<std::int64_t> shape = rows.sizes().vec();
  const bool shape_ok = !shape.empty() && std::equal(shape.begin() + 1, shape.end(),
                                                     row_shape_.begin(), row_shape_.end());
  if (!shape_ok || rows.scalar_type() != dtype_ || !rows.device().is_cpu()) {
    throw Hdf5Error(str(file_name_, ": cannot append to dataset ", core::quoted(path_), ": got ",
                        dtype_name(rows.scalar_type()), " rows with shape ", shape_text(shape),
                        " on ", rows.device().str(), ", expected CPU ", dtype_name(dtype_),
                        " rows with shape ", block_shape_text(row_shape_)));
  }
  const at::Tensor data = rows.contiguous();
  const std::int64_t count = shape[0];
  std::int64_t offset = 0;
  auto buffer_rows = [&](std::int64_t take) {
    if (!buffer_.defined()) {
      buffer_ = at::empty(with_rows(chunk_rows_, row_shape_), at::TensorOptions().dtype(dtype_));
    }
    buffer_.narrow(0, buffered_, take).copy_(data.narrow(0, offset, take));
    buffered_ += take;
    offset += take;
    if (buffered_ == chunk_rows_) flush();
  };
  if (buffered_ > 0) buffer_rows(std::min(count, chunk_rows_ - buffered_));
  // Whole chunks go straight from the caller's tensor to the file.
  const std::int64_t direct = (count - offset) / chunk_rows_ * chunk_rows_;
  if (direct > 0) {
    write_block(data.narrow(0, offset, direct));
    offset += direct;
  }
  if (offset < count) buffer_rows(count - offset);
}

void RowAppender::close() {
  if (!dataset_.valid()) return;
  flush();
  buffer_ = at::Tensor();
  dataset_.close();
}

void RowAppender::write_block(const at::Tensor& block) {
  const detail::Where where{file_name_, path_};
  const std::int64_t count = block.size(0);
  detail::extend_rows(dataset_.id(), written_ + count, where);
  detail::write_rows(dataset_.id(), memory_type_.id(), written_, count, block.data_ptr(), where);
  written_ += count;
}

void RowAppender::flush() {
  if (buffered_ == 0) return;
  const std::int64_t count = buffered_;
  buffered_ = 0;
  write_block(buffer_.narrow(0, 0, count));
}

}  // namespace zipp::core::h5

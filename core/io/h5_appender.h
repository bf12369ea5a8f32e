// Streams rows into a new dataset whose first dimension grows (chunked, unlimited), for writers
// that produce more rows than fit in memory: a 230M-edge list written block by block. Memory stays
// at one chunk of buffered rows plus HDF5's chunk cache, however many rows are appended.
//
// close() writes the buffered rows and reports errors; the destructor of an appender that was not
// closed does the same but can only log a failure. One thread at a time (core/io/h5_handle.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/core/ScalarType.h>

#include "core/io/h5_object.h"
#include "core/io/h5_tensor.h"

namespace zipp::core::h5 {

class RowAppender {
 public:
  // Creates `name` with shape [0, row_shape...]; an existing name is an error.
  RowAppender(const Object& loc, std::string_view name, c10::ScalarType dtype,
              std::vector<std::int64_t> row_shape, const WriteOptions& options = {});
  ~RowAppender();
  RowAppender(RowAppender&&) noexcept = default;
  RowAppender& operator=(RowAppender&&) = delete;
  RowAppender(const RowAppender&) = delete;
  RowAppender& operator=(const RowAppender&) = delete;

  // Appends a CPU tensor of shape [k, row_shape...] and the appender's dtype (k may be 0).
  void append(const at::Tensor& rows);
  // Writes what is buffered and closes the dataset; append() is an error afterwards.
  void close();

  // Rows appended so far, buffered ones included.
  std::int64_t rows() const { return written_ + buffered_; }
  std::int64_t chunk_rows() const { return chunk_rows_; }

 private:
  void write_block(const at::Tensor& block);
  void flush();

  Handle dataset_;
  Handle memory_type_;
  std::string file_name_;
  std::string path_;
  c10::ScalarType dtype_;
  std::vector<std::int64_t> row_shape_;
  std::int64_t chunk_rows_ = 0;
  at::Tensor buffer_;  // [chunk_rows, row_shape...], allocated on first use
  std::int64_t buffered_ = 0;
  std::int64_t written_ = 0;
};

}  // namespace zipp::core::h5

// Lists of strings as 1-d HDF5 datasets of variable-length UTF-8 strings (h5py reads them as str,
// h5dump prints them), chunked along rows so a range of names can be read alone, and written
// in blocks so 23M user names need no second copy in memory. StringAppender streams them.
//
// HDF5 strings end at a NUL byte, so a string that contains one is refused. Reading also accepts
// fixed-length string datasets (as numpy bytes arrays are stored), dropping the NUL padding.
// One thread at a time (core/io/h5_handle.h).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/h5_object.h"
#include "core/io/h5_tensor.h"

namespace zipp::core::h5 {

// chunk_rows 0 means 65536 strings per chunk; deflate compresses only HDF5's references to the
// strings, not their bytes, so it rarely helps here.
void write_strings(const Object& loc, std::string_view name, std::span<const std::string> strings,
                   const WriteOptions& options = {});

std::vector<std::string> read_strings(const Object& loc, std::string_view name);
// Strings [begin, end); only those rows are read.
std::vector<std::string> read_strings(const Object& loc, std::string_view name, std::int64_t begin,
                                      std::int64_t end);

class StringAppender {
 public:
  // Creates `name` as an empty, growable string list; an existing name is an error.
  StringAppender(const Object& loc, std::string_view name, const WriteOptions& options = {});
  ~StringAppender();
  StringAppender(StringAppender&&) noexcept = default;
  StringAppender& operator=(StringAppender&&) = delete;
  StringAppender(const StringAppender&) = delete;
  StringAppender& operator=(const StringAppender&) = delete;

  void append(std::string_view value);
  void append(std::span<const std::string> values);
  // Writes what is buffered and closes the dataset; append() is an error afterwards.
  void close();

  std::int64_t rows() const { return written_ + static_cast<std::int64_t>(buffer_.size()); }

 private:
  void require_open() const;
  void write_block(std::span<const std::string> block);
  void flush();

  Handle dataset_;
  Handle memory_type_;
  std::string file_name_;
  std::string path_;
  std::int64_t chunk_rows_ = 0;
  std::vector<std::string> buffer_;
  std::int64_t written_ = 0;
};

}  // namespace zipp::core::h5

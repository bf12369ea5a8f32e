#include "core/io/h5_strings.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>

#include "core/error.h"
#include "core/io/h5_internal.h"
#include "core/log.h"
#include "core/str.h"

namespace zipp::core::h5 {
namespace {

// On disk a variable-length string is a 16-byte reference into HDF5's global heap.
constexpr std::int64_t kStoredStringBytes = 16;
// Strings read per H5Dread: bounds the library's temporary buffers on huge lists.
constexpr std::int64_t kReadBlockRows = 65536;

std::string list_text(const Object& loc, const std::string& absolute) {
  return str(loc.file_name(), ": string list ", core::quoted(absolute));
}

// Reads rows [begin, end) of a string dataset into `out`, one block of H5Dread at a time.
void read_string_rows(const Dataset& dataset, hid_t file_type, std::int64_t begin, std::int64_t end,
                      std::vector<std::string>& out) {
  const detail::Where where = detail::where_in(dataset, dataset.path());
  const bool variable =
      detail::check(H5Tis_variable_str(file_type), "H5Tis_variable_str", where) > 0;
  const Handle memory_type =
      detail::own(H5Tcopy(file_type), HandleKind::kDatatype, "H5Tcopy", where);
  const std::size_t fixed_size = variable ? 0 : H5Tget_size(file_type);
  std::vector<char*> pointers;
  std::vector<char> fixed;
  for (std::int64_t first = begin; first < end; first += kReadBlockRows) {
    const std::int64_t count = std::min(kReadBlockRows, end - first);
    const Handle file_space =
        detail::own(H5Dget_space(dataset.id()), HandleKind::kDataspace, "H5Dget_space", where);
    detail::select_rows(file_space.id(), first, first + count, where);
    const hsize_t dims = static_cast<hsize_t>(count);
    const Handle memory_space = detail::own(H5Screate_simple(1, &dims, nullptr),
                                            HandleKind::kDataspace, "H5Screate_simple", where);
    if (variable) {
      pointers.assign(static_cast<std::size_t>(count), nullptr);
      detail::check(H5Dread(dataset.id(), memory_type.id(), memory_space.id(), file_space.id(),
                            H5P_DEFAULT, pointers.data()),
                    "H5Dread", where);
      for (char* value : pointers) out.emplace_back(value != nullptr ? value : "");
      detail::check(
          H5Dvlen_reclaim(memory_type.id(), memory_space.id(), H5P_DEFAULT, pointers.data()),
          "H5Dvlen_reclaim", where);
    } else {
      fixed.assign(static_cast<std::size_t>(count) * fixed_size, '\0');
      detail::check(H5Dread(dataset.id(), memory_type.id(), memory_space.id(), file_space.id(),
                            H5P_DEFAULT, fixed.data()),
                    "H5Dread", where);
      for (std::int64_t i = 0; i < count; ++i) {
        const char* value = fixed.data() + static_cast<std::size_t>(i) * fixed_size;
        out.emplace_back(value, std::find(value, value + fixed_size, '\0'));
      }
    }
  }
}

std::vector<std::string> read_string_range(
    const Object& loc, std::string_view name,
    std::optional<std::pair<std::int64_t, std::int64_t>> range) {
  const Dataset dataset = open_dataset(loc, name);
  const detail::Where where = detail::where_in(dataset, dataset.path());
  const Handle type =
      detail::own(H5Dget_type(dataset.id()), HandleKind::kDatatype, "H5Dget_type", where);
  const Handle space =
      detail::own(H5Dget_space(dataset.id()), HandleKind::kDataspace, "H5Dget_space", where);
  const std::vector<std::int64_t> shape = detail::dataspace_shape(space.id(), where);
  if (!detail::is_string_type(type.id()) || shape.size() != 1) {
    throw Hdf5Error(str(loc.file_name(), ": dataset ", core::quoted(dataset.path()), " holds ",
                        detail::type_name(type.id()), " with shape ", shape_text(shape),
                        ", expected a 1-d list of strings"));
  }
  const auto [begin, end] = range.value_or(std::pair<std::int64_t, std::int64_t>{0, shape[0]});
  if (begin < 0 || begin > end || end > shape[0]) {
    throw Hdf5Error(str(list_text(loc, dataset.path()), ": cannot read rows [", begin, ", ", end,
                        "): it has ", shape[0], " rows"));
  }
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(end - begin));
  read_string_rows(dataset, type.id(), begin, end, out);
  return out;
}

}  // namespace

void write_strings(const Object& loc, std::string_view name, std::span<const std::string> strings,
                   const WriteOptions& options) {
  StringAppender appender(loc, name, options);
  appender.append(strings);
  appender.close();
}

std::vector<std::string> read_strings(const Object& loc, std::string_view name) {
  return read_string_range(loc, name, std::nullopt);
}

std::vector<std::string> read_strings(const Object& loc, std::string_view name, std::int64_t begin,
                                      std::int64_t end) {
  return read_string_range(loc, name, std::pair{begin, end});
}

StringAppender::StringAppender(const Object& loc, std::string_view name,
                               const WriteOptions& options)
    : file_name_(loc.file_name()), path_(loc.resolve(name)) {
  const detail::Where where{file_name_, path_};
  memory_type_ = detail::vlen_string_type(where);
  chunk_rows_ = detail::chunk_rows_for(options.chunk_rows, kStoredStringBytes);
  const detail::Layout layout{{0}, chunk_rows_, options.deflate_level, true};
  dataset_ = detail::create_dataset(loc, path_, memory_type_.id(), layout, kStoredStringBytes);
}

StringAppender::~StringAppender() {
  if (!dataset_.valid()) return;
  try {
    close();
  } catch (const std::exception& e) {
    ZIPP_LOG_ONE(kError, "strings appended to ", file_name_, ":", path_,
                 " may be incomplete: ", e.what());
  }
}

void StringAppender::require_open() const {
  if (!dataset_.valid()) {
    throw Hdf5Error(
        str(file_name_, ": string list ", core::quoted(path_), ": append() after close()"));
  }
}

void StringAppender::append(std::string_view value) {
  require_open();
  buffer_.emplace_back(value);
  if (static_cast<std::int64_t>(buffer_.size()) == chunk_rows_) flush();
}

void StringAppender::append(std::span<const std::string> values) {
  require_open();
  std::size_t offset = 0;
  while (!buffer_.empty() && offset < values.size()) append(values[offset++]);
  // Whole chunks are written from the caller's strings without copying them.
  const std::size_t chunk = static_cast<std::size_t>(chunk_rows_);
  for (; values.size() - offset >= chunk; offset += chunk) {
    write_block(values.subspan(offset, chunk));
  }
  for (; offset < values.size(); ++offset) append(values[offset]);
}

void StringAppender::close() {
  if (!dataset_.valid()) return;
  flush();
  dataset_.close();
}

void StringAppender::write_block(std::span<const std::string> block) {
  const detail::Where where{file_name_, path_};
  std::vector<const char*> pointers;
  pointers.reserve(block.size());
  for (const std::string& value : block) {
    if (value.find('\0') != std::string::npos) {
      throw Hdf5Error(str(file_name_, ": string list ", core::quoted(path_), ": string ",
                          written_ + static_cast<std::int64_t>(pointers.size()),
                          " contains a NUL byte, which HDF5 strings cannot hold"));
    }
    pointers.push_back(value.c_str());
  }
  const auto count = static_cast<std::int64_t>(block.size());
  detail::extend_rows(dataset_.id(), written_ + count, where);
  detail::write_rows(dataset_.id(), memory_type_.id(), written_, count, pointers.data(), where);
  written_ += count;
}

void StringAppender::flush() {
  if (buffer_.empty()) return;
  std::vector<std::string> block;
  block.swap(buffer_);
  write_block(block);
}

}  // namespace zipp::core::h5

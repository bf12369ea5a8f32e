// Private to core/io/h5_*.cc (it includes hdf5.h): checking HDF5 return codes, translating a
// failure into Hdf5Error, and mapping between torch dtypes and HDF5 datatypes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <c10/core/ScalarType.h>
#include <hdf5.h>

#include "core/io/h5_handle.h"

namespace zipp::core::h5 {
class Object;
}

namespace zipp::core::h5::detail {

// Where an HDF5 call happened, for its error message: the file as the caller named it and the
// object's absolute path inside it (either may be empty).
struct Where {
  std::string_view file;
  std::string_view object;
};

// The library's own account of the most recent failure: the innermost entry of the error stack.
std::string library_error_message();

// "<file>: <op> failed on '<object>': <library message>".
std::string call_failed_message(std::string_view op, const Where& where,
                                std::string_view library_message);
// Throws Hdf5Error with call_failed_message and the library's message for the latest failure.
[[noreturn]] void throw_call_failed(std::string_view op, const Where& where);

// Any HDF5 return value (herr_t, hid_t, htri_t, hssize_t): negative means failure.
template <typename T>
T check(T result, std::string_view op, const Where& where) {
  if (result < 0) [[unlikely]]
    throw_call_failed(op, where);
  return result;
}

inline Handle own(hid_t id, HandleKind kind, std::string_view op, const Where& where) {
  return Handle(check(id, op, where), kind);
}

// A Where for `path` (absolute) in the file that `loc` belongs to.
Where where_in(const Object& loc, std::string_view path);

// An HDF5 memory datatype for a torch dtype (a fresh copy the caller owns); throws for a dtype
// zipp does not store.
Handle memory_type(c10::ScalarType dtype);
// The torch dtype a stored datatype reads into, if any.
std::optional<c10::ScalarType> scalar_type_of(hid_t type);
// A short name for messages: "int32", "float16", "string", "uint32", "compound".
std::string type_name(hid_t type);
bool is_string_type(hid_t type);
// H5Tget_class, checked.
H5T_class_t type_class(hid_t type);
// Variable-length UTF-8 string type (fresh copy).
Handle vlen_string_type(const Where& where);

std::vector<std::int64_t> dataspace_shape(hid_t space, const Where& where);
std::vector<hsize_t> to_hsize(const std::vector<std::int64_t>& shape);

// Creating datasets chunked along rows, shared by write_tensor and the appenders.
struct Layout {
  std::vector<std::int64_t> shape;  // the initial shape; rows may be 0
  std::int64_t chunk_rows = 0;      // 0: about kChunkBytes per chunk
  int deflate_level = 0;
  bool extendible = false;  // dimension 0 unlimited (appenders)
};
inline constexpr std::int64_t kChunkBytes = std::int64_t{1} << 20;

// Rows per chunk: the requested count or enough for about kChunkBytes.
std::int64_t chunk_rows_for(std::int64_t requested, std::int64_t row_bytes);
// Creates a dataset (and missing parent groups); an existing name is an error.
Handle create_dataset(const Object& loc, const std::string& absolute, hid_t type,
                      const Layout& layout, std::int64_t row_bytes);
// Writes `rows` rows from `data` at row `begin` of a dataset that already has room for them.
void write_rows(hid_t dataset, hid_t memory_type, std::int64_t begin, std::int64_t rows,
                const void* data, const Where& where);
// Grows dimension 0 of an extendible dataset to `rows`.
void extend_rows(hid_t dataset, std::int64_t rows, const Where& where);

// Selects rows [begin, end) of a dataspace whose first dimension is rows.
void select_rows(hid_t space, std::int64_t begin, std::int64_t end, const Where& where);

}  // namespace zipp::core::h5::detail

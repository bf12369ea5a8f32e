// Attributes on HDF5 files, groups and datasets: format versions, counts, seeds, names. Stored as
// int64, float64, variable-length UTF-8 strings and 1-d int64 arrays, which h5py reads as int,
// float, str and numpy arrays. Setting an existing attribute replaces it.
//
// A missing attribute or one of another type is an Hdf5Error naming the file, the object and the
// attribute. One thread at a time (core/io/h5_handle.h).
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/h5_object.h"

namespace zipp::core::h5 {

void set_attribute(const Object& object, std::string_view name, std::int64_t value);
void set_attribute(const Object& object, std::string_view name, double value);
void set_attribute(const Object& object, std::string_view name, std::string_view value);
void set_attribute(const Object& object, std::string_view name,
                   const std::vector<std::int64_t>& values);

// Other integer types (int, std::size_t) are stored as int64; without this, 3 would be ambiguous
// between the int64 and double overloads.
template <std::integral T>
requires(!std::same_as<T, std::int64_t> &&
         !std::same_as<T, bool>) void set_attribute(const Object& object, std::string_view name,
                                                    T value) {
  set_attribute(object, name, static_cast<std::int64_t>(value));
}
// A string literal is text, not a pointer.
inline void set_attribute(const Object& object, std::string_view name, const char* value) {
  set_attribute(object, name, std::string_view(value));
}

bool has_attribute(const Object& object, std::string_view name);
std::vector<std::string> attribute_names(const Object& object);

std::int64_t attribute_int64(const Object& object, std::string_view name);
// Integer attributes are read as doubles too.
double attribute_double(const Object& object, std::string_view name);
std::string attribute_string(const Object& object, std::string_view name);
// A scalar integer attribute reads as a list of one.
std::vector<std::int64_t> attribute_int64s(const Object& object, std::string_view name);

}  // namespace zipp::core::h5

#include "core/io/h5_internal.h"

#include <array>

#include "core/error.h"
#include "core/io/h5_object.h"
#include "core/io/h5_tensor.h"
#include "core/str.h"

namespace zipp::core::h5::detail {
namespace {

struct Innermost {
  bool found = false;
  std::string description;
  hid_t minor = -1;
};

// H5E_WALK_UPWARD starts at the function that detected the error: the most specific reason.
herr_t record_innermost(unsigned, const H5E_error2_t* entry, void* data) {
  auto* innermost = static_cast<Innermost*>(data);
  if (!innermost->found) {
    innermost->found = true;
    innermost->description = entry->desc != nullptr ? entry->desc : "";
    innermost->minor = entry->min_num;
  }
  return 0;
}

std::string error_message_text(hid_t id) {
  std::array<char, 256> text{};
  if (H5Eget_msg(id, nullptr, text.data(), text.size()) < 0) return {};
  return text.data();
}

// 16-bit floats as h5py declares them: IEEE half (ebias 15) or bfloat16 (ebias 127).
Handle float16_type(bool brain) {
  Handle type(H5Tcopy(H5T_IEEE_F32LE), HandleKind::kDatatype);
  const Where where{};
  check(type.id(), "H5Tcopy", where);
  check(H5Tset_fields(type.id(), 15, brain ? 7 : 10, brain ? 8 : 5, 0, brain ? 7 : 10),
        "H5Tset_fields", where);
  check(H5Tset_size(type.id(), 2), "H5Tset_size", where);
  check(H5Tset_ebias(type.id(), brain ? 127 : 15), "H5Tset_ebias", where);
  return type;
}

// Booleans as h5py stores them: an 8-bit enum {FALSE = 0, TRUE = 1}.
Handle bool_type() {
  const Where where{};
  Handle type =
      own(H5Tenum_create(H5T_NATIVE_INT8), HandleKind::kDatatype, "H5Tenum_create", where);
  for (signed char value : {0, 1}) {
    check(H5Tenum_insert(type.id(), value == 0 ? "FALSE" : "TRUE", &value), "H5Tenum_insert",
          where);
  }
  return type;
}

std::size_t type_size(hid_t type) {
  const std::size_t size = H5Tget_size(type);
  if (size == 0) throw_call_failed("H5Tget_size", Where{});
  return size;
}

bool is_unsigned(hid_t type) {
  const H5T_sign_t sign = H5Tget_sign(type);
  check(static_cast<int>(sign), "H5Tget_sign", Where{});
  return sign == H5T_SGN_NONE;
}

bool is_bool_enum(hid_t type) {
  if (type_size(type) != 1 || check(H5Tget_nmembers(type), "H5Tget_nmembers", Where{}) != 2) {
    return false;
  }
  bool named = true;
  for (unsigned i = 0; i < 2; ++i) {
    char* name = H5Tget_member_name(type, i);
    named = named && name != nullptr && std::string_view(name) == (i == 0 ? "FALSE" : "TRUE");
    H5free_memory(name);
  }
  return named;
}

}  // namespace

H5T_class_t type_class(hid_t type) {
  const H5T_class_t result = H5Tget_class(type);
  check(static_cast<int>(result), "H5Tget_class", Where{});
  return result;
}

std::string library_error_message() {
  const hid_t stack = H5Eget_current_stack();
  if (stack < 0) return "no details from the HDF5 library";
  Innermost innermost;
  H5Ewalk2(stack, H5E_WALK_UPWARD, record_innermost, &innermost);
  H5Eclose_stack(stack);
  if (!innermost.found) return "no details from the HDF5 library";
  const std::string minor = innermost.minor >= 0 ? error_message_text(innermost.minor) : "";
  return minor.empty() ? innermost.description : str(innermost.description, " (", minor, ")");
}

std::string call_failed_message(std::string_view op, const Where& where,
                                std::string_view library_message) {
  std::string message;
  if (!where.file.empty()) message += str(where.file, ": ");
  message += str(op, " failed");
  if (!where.object.empty()) message += str(" on ", core::quoted(where.object));
  message += str(": ", library_message);
  return message;
}

void throw_call_failed(std::string_view op, const Where& where) {
  throw Hdf5Error(call_failed_message(op, where, library_error_message()));
}

Where where_in(const Object& loc, std::string_view path) { return Where{loc.file_name(), path}; }

Handle memory_type(c10::ScalarType dtype) {
  const Where where{};
  auto copy = [&](hid_t predefined) {
    return own(H5Tcopy(predefined), HandleKind::kDatatype, "H5Tcopy", where);
  };
  switch (dtype) {
    case c10::ScalarType::Float:
      return copy(H5T_NATIVE_FLOAT);
    case c10::ScalarType::Double:
      return copy(H5T_NATIVE_DOUBLE);
    case c10::ScalarType::Half:
      return float16_type(false);
    case c10::ScalarType::BFloat16:
      return float16_type(true);
    case c10::ScalarType::Char:
      return copy(H5T_NATIVE_INT8);
    case c10::ScalarType::Short:
      return copy(H5T_NATIVE_INT16);
    case c10::ScalarType::Int:
      return copy(H5T_NATIVE_INT32);
    case c10::ScalarType::Long:
      return copy(H5T_NATIVE_INT64);
    case c10::ScalarType::Byte:
      return copy(H5T_NATIVE_UINT8);
    case c10::ScalarType::Bool:
      return bool_type();
    default:
      throw Hdf5Error(str("cannot store tensors of dtype ", dtype_name(dtype),
                          " in HDF5 (zipp stores float32, float64, float16, bfloat16, int8, int16, "
                          "int32, int64, uint8 and bool)"));
  }
}

std::optional<c10::ScalarType> scalar_type_of(hid_t type) {
  const std::size_t size = type_size(type);
  switch (type_class(type)) {
    case H5T_INTEGER:
      if (is_unsigned(type)) {
        if (size == 1) return c10::ScalarType::Byte;
        return std::nullopt;
      }
      if (size == 1) return c10::ScalarType::Char;
      if (size == 2) return c10::ScalarType::Short;
      if (size == 4) return c10::ScalarType::Int;
      if (size == 8) return c10::ScalarType::Long;
      return std::nullopt;
    case H5T_FLOAT:
      if (size == 4) return c10::ScalarType::Float;
      if (size == 8) return c10::ScalarType::Double;
      if (size == 2 && H5Tget_ebias(type) == 15) return c10::ScalarType::Half;
      if (size == 2 && H5Tget_ebias(type) == 127) return c10::ScalarType::BFloat16;
      return std::nullopt;
    case H5T_ENUM:
      if (is_bool_enum(type)) return c10::ScalarType::Bool;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

bool is_string_type(hid_t type) { return type_class(type) == H5T_STRING; }

std::string type_name(hid_t type) {
  if (const auto dtype = scalar_type_of(type)) return dtype_name(*dtype);
  const std::size_t bits = 8 * type_size(type);
  switch (type_class(type)) {
    case H5T_INTEGER:
      return str(is_unsigned(type) ? "uint" : "int", bits);
    case H5T_FLOAT:
      return str("float", bits, " (non-IEEE layout)");
    case H5T_STRING:
      return "string";
    case H5T_ENUM:
      return "enum";
    case H5T_COMPOUND:
      return "compound";
    case H5T_ARRAY:
      return "array";
    case H5T_VLEN:
      return "variable-length sequence";
    case H5T_OPAQUE:
      return "opaque";
    case H5T_BITFIELD:
      return "bitfield";
    case H5T_REFERENCE:
      return "reference";
    default:
      return "an unknown HDF5 type";
  }
}

Handle vlen_string_type(const Where& where) {
  Handle type = own(H5Tcopy(H5T_C_S1), HandleKind::kDatatype, "H5Tcopy", where);
  check(H5Tset_size(type.id(), H5T_VARIABLE), "H5Tset_size", where);
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "H5Tset_cset", where);
  return type;
}

std::vector<std::int64_t> dataspace_shape(hid_t space, const Where& where) {
  const H5S_class_t kind = H5Sget_simple_extent_type(space);
  check(static_cast<int>(kind), "H5Sget_simple_extent_type", where);
  if (kind == H5S_SCALAR) return {};
  if (kind == H5S_NULL) return {0};
  const int rank = check(H5Sget_simple_extent_ndims(space), "H5Sget_simple_extent_ndims", where);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), "H5Sget_simple_extent_dims", where);
  return std::vector<std::int64_t>(dims.begin(), dims.end());
}

std::vector<hsize_t> to_hsize(const std::vector<std::int64_t>& shape) {
  return std::vector<hsize_t>(shape.begin(), shape.end());
}

void select_rows(hid_t space, std::int64_t begin, std::int64_t end, const Where& where) {
  std::vector<hsize_t> count = to_hsize(dataspace_shape(space, where));
  std::vector<hsize_t> start(count.size(), 0);
  start[0] = static_cast<hsize_t>(begin);
  count[0] = static_cast<hsize_t>(end - begin);
  check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
        "H5Sselect_hyperslab", where);
}

}  // namespace zipp::core::h5::detail

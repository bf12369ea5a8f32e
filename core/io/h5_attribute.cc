#include "core/io/h5_attribute.h"

#include <algorithm>

#include "core/error.h"
#include "core/io/h5_internal.h"
#include "core/str.h"

namespace zipp::core::h5 {
namespace {

std::string attribute_text(const Object& object, std::string_view name) {
  return str(object.file_name(), ": attribute ", core::quoted(name), " of ",
             core::quoted(object.path()));
}

std::string op_on(std::string_view op, std::string_view name) {
  return str(op, " (attribute ", core::quoted(name), ")");
}

void write_attribute(const Object& object, std::string_view name, hid_t file_type,
                     hid_t memory_type, hid_t space, const void* data) {
  const detail::Where where = detail::where_in(object, object.path());
  const std::string key(name);
  if (detail::check(H5Aexists(object.id(), key.c_str()), op_on("H5Aexists", name), where) > 0) {
    detail::check(H5Adelete(object.id(), key.c_str()), op_on("H5Adelete", name), where);
  }
  const Handle attribute =
      detail::own(H5Acreate2(object.id(), key.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT),
                  HandleKind::kAttribute, op_on("H5Acreate2", name), where);
  detail::check(H5Awrite(attribute.id(), memory_type, data), op_on("H5Awrite", name), where);
}

Handle scalar_space(const detail::Where& where) {
  return detail::own(H5Screate(H5S_SCALAR), HandleKind::kDataspace, "H5Screate", where);
}

// An open attribute with its stored type and element count.
struct Opened {
  Handle attribute;
  Handle type;
  Handle space;
  hssize_t elements = 0;
  detail::Where where;
};

Opened open_attribute(const Object& object, std::string_view name) {
  if (!has_attribute(object, name)) {
    const std::vector<std::string> names = attribute_names(object);
    std::string present = names.empty() ? "it has no attributes" : "it has: ";
    for (std::size_t i = 0; i < names.size(); ++i) {
      present += str(i == 0 ? "" : ", ", core::quoted(names[i]));
    }
    throw Hdf5Error(str(object.file_name(), ": ", core::quoted(object.path()), " has no attribute ",
                        core::quoted(name), " (", present, ")"));
  }
  Opened opened;
  opened.where = detail::where_in(object, object.path());
  const std::string key(name);
  opened.attribute = detail::own(H5Aopen(object.id(), key.c_str(), H5P_DEFAULT),
                                 HandleKind::kAttribute, op_on("H5Aopen", name), opened.where);
  opened.type = detail::own(H5Aget_type(opened.attribute.id()), HandleKind::kDatatype,
                            op_on("H5Aget_type", name), opened.where);
  opened.space = detail::own(H5Aget_space(opened.attribute.id()), HandleKind::kDataspace,
                             op_on("H5Aget_space", name), opened.where);
  opened.elements = detail::check(H5Sget_simple_extent_npoints(opened.space.id()),
                                  op_on("H5Sget_simple_extent_npoints", name), opened.where);
  return opened;
}

[[noreturn]] void throw_wrong_type(const Object& object, std::string_view name,
                                   const Opened& opened, std::string_view expected) {
  throw Hdf5Error(str(attribute_text(object, name), " holds ", opened.elements,
                      " value(s) of type ", detail::type_name(opened.type.id()), ", expected ",
                      expected));
}

}  // namespace

void set_attribute(const Object& object, std::string_view name, std::int64_t value) {
  const Handle space = scalar_space(detail::where_in(object, object.path()));
  write_attribute(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, space.id(), &value);
}

void set_attribute(const Object& object, std::string_view name, double value) {
  const Handle space = scalar_space(detail::where_in(object, object.path()));
  write_attribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, space.id(), &value);
}

void set_attribute(const Object& object, std::string_view name, std::string_view value) {
  const detail::Where where = detail::where_in(object, object.path());
  if (value.find('\0') != std::string_view::npos) {
    throw Hdf5Error(str(attribute_text(object, name),
                        ": the value contains a NUL byte, which HDF5 "
                        "strings cannot hold"));
  }
  const std::string text(value);
  const char* pointer = text.c_str();
  const Handle type = detail::vlen_string_type(where);
  const Handle space = scalar_space(where);
  write_attribute(object, name, type.id(), type.id(), space.id(), &pointer);
}

void set_attribute(const Object& object, std::string_view name,
                   const std::vector<std::int64_t>& values) {
  const detail::Where where = detail::where_in(object, object.path());
  const hsize_t size = values.size();
  const Handle space = detail::own(H5Screate_simple(1, &size, nullptr), HandleKind::kDataspace,
                                   "H5Screate_simple", where);
  const std::int64_t none = 0;  // HDF5 rejects a null buffer even for zero elements
  write_attribute(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, space.id(),
                  values.empty() ? &none : values.data());
}

bool has_attribute(const Object& object, std::string_view name) {
  const std::string key(name);
  return detail::check(H5Aexists(object.id(), key.c_str()), op_on("H5Aexists", name),
                       detail::where_in(object, object.path())) > 0;
}

std::vector<std::string> attribute_names(const Object& object) {
  std::vector<std::string> names;
  auto collect = [](hid_t, const char* name, const H5A_info_t*, void* out) -> herr_t {
    static_cast<std::vector<std::string>*>(out)->emplace_back(name);
    return 0;
  };
  detail::check(H5Aiterate2(object.id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names),
                "H5Aiterate2", detail::where_in(object, object.path()));
  std::sort(names.begin(), names.end());
  return names;
}

std::int64_t attribute_int64(const Object& object, std::string_view name) {
  const Opened opened = open_attribute(object, name);
  if (detail::type_class(opened.type.id()) != H5T_INTEGER || opened.elements != 1) {
    throw_wrong_type(object, name, opened, "one int64");
  }
  std::int64_t value = 0;
  detail::check(H5Aread(opened.attribute.id(), H5T_NATIVE_INT64, &value), op_on("H5Aread", name),
                opened.where);
  return value;
}

double attribute_double(const Object& object, std::string_view name) {
  const Opened opened = open_attribute(object, name);
  const H5T_class_t type_class = detail::type_class(opened.type.id());
  if ((type_class != H5T_FLOAT && type_class != H5T_INTEGER) || opened.elements != 1) {
    throw_wrong_type(object, name, opened, "one float64");
  }
  double value = 0;
  detail::check(H5Aread(opened.attribute.id(), H5T_NATIVE_DOUBLE, &value), op_on("H5Aread", name),
                opened.where);
  return value;
}

std::string attribute_string(const Object& object, std::string_view name) {
  const Opened opened = open_attribute(object, name);
  if (!detail::is_string_type(opened.type.id()) || opened.elements != 1) {
    throw_wrong_type(object, name, opened, "one string");
  }
  const std::string op = op_on("H5Aread", name);
  if (detail::check(H5Tis_variable_str(opened.type.id()), "H5Tis_variable_str", opened.where) > 0) {
    char* pointer = nullptr;
    detail::check(H5Aread(opened.attribute.id(), opened.type.id(), &pointer), op, opened.where);
    std::string value = pointer != nullptr ? pointer : "";
    detail::check(H5Dvlen_reclaim(opened.type.id(), opened.space.id(), H5P_DEFAULT, &pointer),
                  "H5Dvlen_reclaim", opened.where);
    return value;
  }
  std::string value(H5Tget_size(opened.type.id()), '\0');
  detail::check(H5Aread(opened.attribute.id(), opened.type.id(), value.data()), op, opened.where);
  value.resize(value.find('\0') == std::string::npos ? value.size() : value.find('\0'));
  return value;
}

std::vector<std::int64_t> attribute_int64s(const Object& object, std::string_view name) {
  const Opened opened = open_attribute(object, name);
  const int rank = detail::check(H5Sget_simple_extent_ndims(opened.space.id()),
                                 "H5Sget_simple_extent_ndims", opened.where);
  if (detail::type_class(opened.type.id()) != H5T_INTEGER || rank > 1) {
    throw_wrong_type(object, name, opened, "a list of int64");
  }
  std::vector<std::int64_t> values(static_cast<std::size_t>(opened.elements));
  if (values.empty()) return values;
  detail::check(H5Aread(opened.attribute.id(), H5T_NATIVE_INT64, values.data()),
                op_on("H5Aread", name), opened.where);
  return values;
}

}  // namespace zipp::core::h5

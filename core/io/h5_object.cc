#include "core/io/h5_object.h"

#include <algorithm>
#include <utility>

#include "core/error.h"
#include "core/io/h5_internal.h"
#include "core/str.h"

namespace zipp::core::h5 {
namespace {

constexpr std::size_t kNamesListed = 10;

std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    const std::string_view part = path.substr(start, slash - start);
    if (!part.empty() && part != ".") parts.push_back(part);
    start = slash + 1;
  }
  return parts;
}

std::string parent_of(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == 0 || slash == std::string_view::npos ? "/" : std::string(path.substr(0, slash));
}

herr_t collect_name(hid_t, const char* name, const H5L_info_t*, void* names) {
  static_cast<std::vector<std::string>*>(names)->emplace_back(name);
  return 0;
}

std::string listing(const Object& loc, const std::string& group_path) {
  const Group group = open_group(loc, group_path);
  const std::vector<std::string> names = member_names(group);
  if (names.empty()) return str(core::quoted(group_path), " is empty");
  std::string text = str(core::quoted(group_path), " has: ");
  for (std::size_t i = 0; i < names.size() && i < kNamesListed; ++i) {
    text += str(i == 0 ? "" : ", ", core::quoted(names[i]));
  }
  if (names.size() > kNamesListed) text += str(", ... (", names.size() - kNamesListed, " more)");
  return text;
}

template <typename Result>
Result open_as(const Object& loc, std::string_view path, ObjectType wanted) {
  const std::string absolute = loc.resolve(path);
  const bool group = wanted == ObjectType::kGroup;
  // Open first and diagnose only on failure: readers open datasets often, and walking the path
  // costs several metadata lookups per component.
  const hid_t id = group ? H5Gopen2(loc.id(), absolute.c_str(), H5P_DEFAULT)
                         : H5Dopen2(loc.id(), absolute.c_str(), H5P_DEFAULT);
  if (id < 0) {
    const std::string library = detail::library_error_message();
    const ObjectType found = object_type(loc, absolute);
    if (found == ObjectType::kMissing) throw_missing(loc, absolute, group ? "group" : "dataset");
    if (found != wanted) {
      throw Hdf5Error(str(loc.file_name(), ": ", core::quoted(absolute), " is ",
                          found == ObjectType::kGroup     ? "a group"
                          : found == ObjectType::kDataset ? "a dataset"
                                                          : "not a group or dataset",
                          ", expected ", group ? "a group" : "a dataset"));
    }
    throw Hdf5Error(detail::call_failed_message(group ? "H5Gopen2" : "H5Dopen2",
                                                detail::where_in(loc, absolute), library));
  }
  return Result(Handle(id, group ? HandleKind::kGroup : HandleKind::kDataset), loc.file_name(),
                absolute);
}

}  // namespace

std::string Object::resolve(std::string_view name) const {
  std::string absolute;
  if (name.empty() || name.front() != '/') {
    for (std::string_view part : components(path_)) absolute += str('/', part);
  }
  for (std::string_view part : components(name)) absolute += str('/', part);
  return absolute.empty() ? "/" : absolute;
}

ObjectType object_type(const Object& loc, std::string_view path) {
  const std::string absolute = loc.resolve(path);
  const detail::Where where = detail::where_in(loc, absolute);
  std::string prefix;
  ObjectType type = ObjectType::kGroup;  // the root
  for (std::string_view part : components(absolute)) {
    if (type != ObjectType::kGroup) return ObjectType::kMissing;
    prefix += str('/', part);
    if (detail::check(H5Lexists(loc.id(), prefix.c_str(), H5P_DEFAULT), "H5Lexists", where) == 0 ||
        detail::check(H5Oexists_by_name(loc.id(), prefix.c_str(), H5P_DEFAULT), "H5Oexists_by_name",
                      where) == 0) {
      return ObjectType::kMissing;
    }
    H5O_info_t info;
    detail::check(
        H5Oget_info_by_name2(loc.id(), prefix.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT),
        "H5Oget_info_by_name2", where);
    type = info.type == H5O_TYPE_GROUP     ? ObjectType::kGroup
           : info.type == H5O_TYPE_DATASET ? ObjectType::kDataset
                                           : ObjectType::kOther;
  }
  return type;
}

bool exists(const Object& loc, std::string_view path) {
  return object_type(loc, path) != ObjectType::kMissing;
}

Group create_group(const Object& loc, std::string_view path) {
  const std::string absolute = loc.resolve(path);
  const detail::Where where = detail::where_in(loc, absolute);
  if (exists(loc, absolute)) {
    throw Hdf5Error(str(loc.file_name(), ": cannot create group ", core::quoted(absolute),
                        ": it already exists"));
  }
  const Handle lcpl =
      detail::own(H5Pcreate(H5P_LINK_CREATE), HandleKind::kPropertyList, "H5Pcreate", where);
  detail::check(H5Pset_create_intermediate_group(lcpl.id(), 1), "H5Pset_create_intermediate_group",
                where);
  Handle group =
      detail::own(H5Gcreate2(loc.id(), absolute.c_str(), lcpl.id(), H5P_DEFAULT, H5P_DEFAULT),
                  HandleKind::kGroup, "H5Gcreate2", where);
  return Group(std::move(group), loc.file_name(), absolute);
}

Group require_group(const Object& loc, std::string_view path) {
  return exists(loc, path) ? open_group(loc, path) : create_group(loc, path);
}

Group open_group(const Object& loc, std::string_view path) {
  return open_as<Group>(loc, path, ObjectType::kGroup);
}

Dataset open_dataset(const Object& loc, std::string_view path) {
  return open_as<Dataset>(loc, path, ObjectType::kDataset);
}

std::vector<std::string> member_names(const Object& group) {
  std::vector<std::string> names;
  detail::check(H5Literate(group.id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_name, &names),
                "H5Literate", detail::where_in(group, group.path()));
  std::sort(names.begin(), names.end());
  return names;
}

void throw_missing(const Object& loc, std::string_view path, std::string_view what) {
  const std::string absolute = loc.resolve(path);
  std::string parent = parent_of(absolute);
  std::string context;
  if (const ObjectType type = object_type(loc, parent); type != ObjectType::kGroup) {
    context = type == ObjectType::kMissing ? str("no group ", core::quoted(parent), "; ")
                                           : str(core::quoted(parent), " is not a group; ");
    while (object_type(loc, parent) != ObjectType::kGroup) parent = parent_of(parent);
  }
  throw Hdf5Error(str(loc.file_name(), ": no ", what, " ", core::quoted(absolute), " (", context,
                      listing(loc, parent), ")"));
}

}  // namespace zipp::core::h5

// Open HDF5 objects (files, groups, datasets) together with the names error messages need: the
// file as the caller named it and the object's absolute path inside it. Functions in
// core/io/h5_*.h take a `const Object& loc` and resolve names relative to it ("csr/indptr") or
// from the file's root ("/csr/indptr"), as HDF5 does.
//
// See core/io/h5_handle.h for the threading rule: one thread at a time.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/io/h5_handle.h"

namespace zipp::core::h5 {

class Object {
 public:
  Object() = default;
  Object(Handle handle, std::string file_name, std::string path)
      : handle_(std::move(handle)), file_name_(std::move(file_name)), path_(std::move(path)) {}
  Object(Object&&) noexcept = default;
  Object& operator=(Object&&) noexcept = default;
  virtual ~Object() = default;

  Id id() const { return handle_.id(); }
  bool is_open() const { return handle_.valid(); }
  // The file as its opener named it; every error message starts with it.
  const std::string& file_name() const { return file_name_; }
  // Absolute path inside the file: "/" for the file itself, "/csr" for a group.
  const std::string& path() const { return path_; }
  // The absolute path of `name` resolved against this object ("indptr" -> "/csr/indptr").
  std::string resolve(std::string_view name) const;

 protected:
  Handle handle_;
  std::string file_name_;
  std::string path_ = "/";
};

class Group : public Object {
 public:
  using Object::Object;
};

class Dataset : public Object {
 public:
  using Object::Object;
};

enum class ObjectType { kMissing, kGroup, kDataset, kOther };

// What `path` names, without failing when a component along it is missing.
ObjectType object_type(const Object& loc, std::string_view path);
bool exists(const Object& loc, std::string_view path);

// Creates the group and any missing groups along "a/b/c"; an existing one is an error.
Group create_group(const Object& loc, std::string_view path);
// Opens the group, creating it and its parents when missing.
Group require_group(const Object& loc, std::string_view path);
Group open_group(const Object& loc, std::string_view path);
Dataset open_dataset(const Object& loc, std::string_view path);

// Names of the links directly inside a group, sorted.
std::vector<std::string> member_names(const Object& group);

// Throws Hdf5Error "<file>: no <what> '<path>' ('<parent>' has: 'a', 'b', ...)", listing what
// the nearest existing group holds so a user can spot a typo or a wrong file.
[[noreturn]] void throw_missing(const Object& loc, std::string_view path, std::string_view what);

}  // namespace zipp::core::h5

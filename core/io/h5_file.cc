#include "core/io/h5_file.h"

#include <system_error>
#include <utility>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/h5_internal.h"
#include "core/str.h"

namespace zipp::core::h5 {
namespace {

// File locking stays on (a reader and a writer of one file exclude each other) but is skipped
// where the filesystem does not support it (some parallel filesystems), instead of failing.
Handle access_properties(const detail::Where& where) {
  Handle fapl =
      detail::own(H5Pcreate(H5P_FILE_ACCESS), HandleKind::kPropertyList, "H5Pcreate", where);
  detail::check(H5Pset_file_locking(fapl.id(), 1, 1), "H5Pset_file_locking", where);
  return fapl;
}

Handle create_file(const std::filesystem::path& on_disk, unsigned flags,
                   const detail::Where& where) {
  prepare_library();
  const Handle fapl = access_properties(where);
  return detail::own(H5Fcreate(on_disk.c_str(), flags, H5P_DEFAULT, fapl.id()), HandleKind::kFile,
                     "H5Fcreate", where);
}

}  // namespace

File::File(Handle handle, std::filesystem::path disk_path, std::filesystem::path temporary)
    : Object(std::move(handle), disk_path.string(), "/"),
      disk_path_(std::move(disk_path)),
      temporary_(std::move(temporary)) {}

File File::create(const std::filesystem::path& path, Overwrite overwrite) {
  const std::string name = path.string();
  if (overwrite == Overwrite::kNo && std::filesystem::exists(path)) {
    throw IoError(
        str(name, ": cannot create the HDF5 file: it already exists (refusing to overwrite)"));
  }
  const unsigned flags = overwrite == Overwrite::kYes ? H5F_ACC_TRUNC : H5F_ACC_EXCL;
  return File(create_file(path, flags, detail::Where{name, {}}), path, {});
}

File File::open(const std::filesystem::path& path, Access access) {
  prepare_library();
  const std::string name = path.string();
  const detail::Where where{name, {}};
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    throw IoError(str(name, ": cannot open the HDF5 file: ",
                      error ? error.message() : std::string("no such file")));
  }
  if (detail::check(H5Fis_hdf5(path.c_str()), "H5Fis_hdf5", where) == 0) {
    throw Hdf5Error(str(name, ": not an HDF5 file"));
  }
  const Handle fapl = access_properties(where);
  const unsigned flags = access == Access::kReadWrite ? H5F_ACC_RDWR : H5F_ACC_RDONLY;
  Handle file =
      detail::own(H5Fopen(path.c_str(), flags, fapl.id()), HandleKind::kFile, "H5Fopen", where);
  return File(std::move(file), path, {});
}

File File::create_atomic(const std::filesystem::path& path) {
  const std::filesystem::path temporary = temporary_sibling(path);
  const std::string shown = str(path.string(), " (temporary ", temporary.string(), ")");
  return File(create_file(temporary, H5F_ACC_TRUNC, detail::Where{shown, {}}), path, temporary);
}

File::File(File&& other) noexcept
    : Object(std::move(other)),
      disk_path_(std::move(other.disk_path_)),  // NOLINT(bugprone-use-after-move): Object part only
      temporary_(std::exchange(other.temporary_, {})) {}

File& File::operator=(File&& other) noexcept {
  if (this != &other) {
    discard();
    Object::operator=(std::move(other));
    // Only the Object part of `other` was moved from above.
    disk_path_ = std::move(other.disk_path_);  // NOLINT(bugprone-use-after-move)
    temporary_ = std::exchange(other.temporary_, {});
  }
  return *this;
}

File::~File() { discard(); }

void File::discard() noexcept {
  handle_.reset();
  if (!temporary_.empty()) {
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
    temporary_.clear();
  }
}

void File::close() {
  if (!is_open()) return;
  const detail::Where where{file_name(), {}};
  const ssize_t open_objects =
      detail::check(H5Fget_obj_count(id(), H5F_OBJ_ALL | H5F_OBJ_LOCAL), "H5Fget_obj_count", where);
  if (open_objects > 1) {
    throw Hdf5Error(str(file_name(), ": cannot close the file while ", open_objects - 1,
                        " group(s), dataset(s) or attribute(s) opened from it are still open; "
                        "close them (and any appender) first"));
  }
  detail::check(H5Fclose(handle_.release()), "H5Fclose", where);
}

void File::commit() {
  if (!is_atomic()) {
    throw Hdf5Error(str(file_name(), ": commit() is only for files made by File::create_atomic"));
  }
  close();
  fsync_file(temporary_);
  rename_durably(temporary_, disk_path_);
  temporary_.clear();
}

}  // namespace zipp::core::h5

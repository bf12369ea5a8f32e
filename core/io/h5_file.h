// An open HDF5 file: the root group of everything in core/io/h5_*.h. Created plainly, opened for
// reading or writing, or created atomically: File::create_atomic writes `<path>.tmp.<pid>` and
// commit() publishes it under the target name (fsync, rename, fsync directory), so a reader never
// sees a half-written file; a File destroyed before commit() removes its temporary.
//
// Errors are Hdf5Error (IoError for a file that does not exist), naming the file. One thread at
// a time (core/io/h5_handle.h).
#pragma once

#include <filesystem>

#include "core/io/h5_object.h"

namespace zipp::core::h5 {

enum class Overwrite { kNo, kYes };
enum class Access { kRead, kReadWrite };

class File : public Object {
 public:
  static File create(const std::filesystem::path& path, Overwrite overwrite);
  static File open(const std::filesystem::path& path, Access access);
  static File create_atomic(const std::filesystem::path& path);

  File() = default;
  File(File&& other) noexcept;
  File& operator=(File&& other) noexcept;
  ~File() override;

  // Closes the file and reports what the destructor would have to swallow (a failed flush).
  // Groups, datasets and appenders opened from it must be closed first.
  void close();
  // For create_atomic files: close, fsync, rename over the target and fsync its directory.
  void commit();

  // The file's name on disk (the target name for an atomic file).
  const std::filesystem::path& disk_path() const { return disk_path_; }
  bool is_atomic() const { return !temporary_.empty(); }

 private:
  File(Handle handle, std::filesystem::path disk_path, std::filesystem::path temporary);
  void discard() noexcept;

  std::filesystem::path disk_path_;
  std::filesystem::path temporary_;  // empty unless atomic and not yet committed
};

}  // namespace zipp::core::h5

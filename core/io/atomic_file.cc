#include "core/io/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include "core/error.h"
#include "core/str.h"

namespace zipp::core {
namespace {

[[noreturn]] void throw_errno(std::string_view what, const std::filesystem::path& path, int error) {
  throw IoError(str(what, " ", core::quoted(path.string()), ": ", std::strerror(error)));
}

std::filesystem::path directory_of(const std::filesystem::path& path) {
  std::filesystem::path parent = path.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

void fsync_path(const std::filesystem::path& path, int flags, std::string_view what) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw_errno(str("cannot open ", what), path, errno);
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    throw_errno(str("fsync failed on ", what), path, error);
  }
  if (::close(fd) != 0) throw_errno(str("close failed on ", what), path, errno);
}

}  // namespace

std::filesystem::path temporary_sibling(const std::filesystem::path& path) {
  std::filesystem::path temporary = path;
  temporary += str(".tmp.", ::getpid());
  return temporary;
}

void fsync_directory(const std::filesystem::path& directory) {
  fsync_path(directory, O_RDONLY | O_DIRECTORY, "directory");
}

void fsync_file(const std::filesystem::path& path) { fsync_path(path, O_RDONLY, "file"); }

void rename_durably(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    throw_errno(str("cannot rename ", core::quoted(from.string()), " to"), to, errno);
  }
  fsync_directory(directory_of(to));
}

void write_file_atomic(const std::filesystem::path& path, std::string_view contents) {
  AtomicFile file(path);
  file.write(contents);
  file.commit();
}

AtomicFile::AtomicFile(std::filesystem::path path)
    : path_(std::move(path)), temporary_(temporary_sibling(path_)) {
  errno = 0;
  out_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!out_.is_open()) {
    const int error = errno != 0 ? errno : EIO;
    throw_errno(
        str("cannot write ", core::quoted(path_.string()), ": cannot create temporary file"),
        temporary_, error);
  }
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  out_.close();
  std::error_code ignored;
  std::filesystem::remove(temporary_, ignored);
}

void AtomicFile::commit() {
  if (committed_) {
    throw IoError(str("AtomicFile for ", core::quoted(path_.string()), " committed twice"));
  }
  errno = 0;
  out_.flush();
  const bool written = out_.good();
  out_.close();
  if (!written || out_.fail()) {
    throw_errno("cannot write temporary file", temporary_, errno != 0 ? errno : EIO);
  }
  fsync_file(temporary_);
  rename_durably(temporary_, path_);
  committed_ = true;
}

}  // namespace zipp::core

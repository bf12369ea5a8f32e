// Atomic file writes: the contents appear at the target name whole or not at all. Data goes to a
// temporary sibling (`<path>.tmp.<pid>`, same directory, so the final rename stays on one
// filesystem), is flushed and fsynced, renamed over the target, and the directory is fsynced so
// the rename itself survives a crash. A writer destroyed before commit() removes its temporary.
//
// Every failure is an IoError naming the path and the system's reason (strerror).
#pragma once

#include <filesystem>
#include <fstream>
#include <ostream>
#include <string_view>

namespace zipp::core {

// `<path>.tmp.<pid>`: the temporary a writer of `path` uses. The pid keeps concurrent writers in
// different processes (MPI ranks writing shared output by mistake) from sharing one temporary.
std::filesystem::path temporary_sibling(const std::filesystem::path& path);

// fsync a directory so that a rename or creation inside it is durable.
void fsync_directory(const std::filesystem::path& directory);

// fsync a file's data and metadata (opens it read-only for the call).
void fsync_file(const std::filesystem::path& path);

// Rename `from` over `to`, then fsync the directory of `to`.
void rename_durably(const std::filesystem::path& from, const std::filesystem::path& to);

// Write `contents` to `path` atomically.
void write_file_atomic(const std::filesystem::path& path, std::string_view contents);

// A streaming writer for text or binary output that is published only by commit().
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  AtomicFile(AtomicFile&&) = delete;
  AtomicFile& operator=(AtomicFile&&) = delete;

  // The stream to write to (binary mode: no newline translation). Write errors surface in
  // commit(), which checks the stream's state.
  std::ostream& out() { return out_; }
  void write(std::string_view bytes) {
    out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

  // Flush, fsync, rename over the target and fsync the directory. Once only.
  void commit();

  const std::filesystem::path& path() const { return path_; }
  const std::filesystem::path& temporary_path() const { return temporary_; }

 private:
  std::filesystem::path path_;
  std::filesystem::path temporary_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace zipp::core

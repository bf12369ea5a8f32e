// An owned HDF5 identifier (file, group, dataset, dataspace, datatype, attribute or property
// list), closed with the matching H5?close when the Handle dies. Move-only.
//
// HDF5 identifiers are hid_t, a 64-bit integer in HDF5 1.10; they are held as std::int64_t so that
// hdf5.h stays out of public headers (h5_handle.cc checks the sizes agree).
//
// Threads: Debian's libhdf5 is not built thread-safe. Every HDF5 call in a process, and so every
// use of core/io/h5_*.h, must come from one thread at a time.
#pragma once

#include <cstdint>

namespace zipp::core::h5 {

using Id = std::int64_t;

enum class HandleKind { kFile, kGroup, kDataset, kDataspace, kDatatype, kAttribute, kPropertyList };

class Handle {
 public:
  Handle() = default;
  Handle(Id id, HandleKind kind) : id_(id), kind_(kind) {}
  ~Handle() { reset(); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(other.release()), kind_(other.kind_) {}
  Handle& operator=(Handle&& other) noexcept;

  Id id() const { return id_; }
  HandleKind kind() const { return kind_; }
  bool valid() const { return id_ >= 0; }

  // Close now; a failure throws Hdf5Error naming the close call.
  void close();
  // Close now, ignoring failures (destructors, cleanup after another error).
  void reset() noexcept;
  // Give up ownership without closing.
  Id release() noexcept;

 private:
  Id id_ = -1;
  HandleKind kind_ = HandleKind::kFile;
};

// Disables HDF5's printing of its error stack to stderr (zipp reports errors itself). Called by
// every entry point that opens a file; idempotent.
void prepare_library();

}  // namespace zipp::core::h5

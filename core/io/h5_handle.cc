#include "core/io/h5_handle.h"

#include <type_traits>

#include <hdf5.h>

#include "core/io/h5_internal.h"

namespace zipp::core::h5 {

static_assert(std::is_same_v<hid_t, Id>, "zipp assumes hid_t is int64_t (HDF5 >= 1.10)");

namespace {

struct Closer {
  herr_t (*close)(hid_t);
  const char* name;
};

Closer closer_for(HandleKind kind) {
  switch (kind) {
    case HandleKind::kFile:
      return {H5Fclose, "H5Fclose"};
    case HandleKind::kGroup:
      return {H5Gclose, "H5Gclose"};
    case HandleKind::kDataset:
      return {H5Dclose, "H5Dclose"};
    case HandleKind::kDataspace:
      return {H5Sclose, "H5Sclose"};
    case HandleKind::kDatatype:
      return {H5Tclose, "H5Tclose"};
    case HandleKind::kAttribute:
      return {H5Aclose, "H5Aclose"};
    case HandleKind::kPropertyList:
      return {H5Pclose, "H5Pclose"};
  }
  return {H5Oclose, "H5Oclose"};
}

}  // namespace

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    kind_ = other.kind_;
    id_ = other.release();
  }
  return *this;
}

void Handle::close() {
  if (!valid()) return;
  const Closer closer = closer_for(kind_);
  const Id id = release();
  detail::check(closer.close(id), closer.name, detail::Where{});
}

void Handle::reset() noexcept {
  if (!valid()) return;
  closer_for(kind_).close(release());
}

Id Handle::release() noexcept {
  const Id id = id_;
  id_ = -1;
  return id;
}

void prepare_library() {
  static const bool prepared = [] {
    detail::check(H5open(), "H5open", detail::Where{});
    detail::check(H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr), "H5Eset_auto2", detail::Where{});
    return true;
  }();
  (void)prepared;
}

}  // namespace zipp::core::h5

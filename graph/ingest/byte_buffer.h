// Packing counts and names into a byte string for the exchanges between ranks (all ranks run the
// same build on the same architecture, so values travel in native layout). The reader checks
// every length against what is left: a short buffer is a zipp bug, not bad input.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/check.h"

namespace zipp::graph {

class ByteWriter {
 public:
  template <class T>
  void put(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&value), sizeof(T));
  }
  void put_text(std::string_view text) {
    put<std::uint32_t>(static_cast<std::uint32_t>(text.size()));
    out_.append(text);
  }
  // `count` values in one copy.
  template <class T>
  void put_array(const T* values, std::size_t count) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(values), count * sizeof(T));
  }
  void reserve(std::size_t bytes) { out_.reserve(bytes); }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}

  template <class T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    ZIPP_ASSERT(bytes_.size() - at_ >= sizeof(T), "exchange buffer ends early at byte ", at_);
    T value;
    std::memcpy(&value, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  std::string_view get_text() {
    const auto length = get<std::uint32_t>();
    ZIPP_ASSERT(bytes_.size() - at_ >= length, "exchange buffer ends early at byte ", at_);
    const std::string_view text = bytes_.substr(at_, length);
    at_ += length;
    return text;
  }
  // `count` values appended to `out`.
  template <class T, class Vector>
  void get_array(std::size_t count, Vector& out) {
    static_assert(std::is_trivially_copyable_v<T>);
    ZIPP_ASSERT((bytes_.size() - at_) / sizeof(T) >= count, "exchange buffer ends early at byte ",
                at_);
    const std::size_t old = out.size();
    out.resize(old + count);
    if (count > 0) std::memcpy(out.data() + old, bytes_.data() + at_, count * sizeof(T));
    at_ += count * sizeof(T);
  }
  bool done() const { return at_ == bytes_.size(); }
  std::size_t offset() const { return at_; }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
};

}  // namespace zipp::graph

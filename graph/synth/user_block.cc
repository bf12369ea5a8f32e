#include "graph/synth/user_block.h"

#include <cstring>

#include "core/check.h"

namespace zipp::graph::synth {
namespace {

// "zsub" and a layout version: a block from another build is refused, not misread.
constexpr std::uint64_t kMagic = 0x7a73756200000001ULL;

// Two passes over the same put() sequence: the first only counts bytes, the second copies into
// a buffer of exactly that size (a block is hundreds of megabytes at full scale).
class Writer {
 public:
  explicit Writer(std::byte* out) : out_(out) {}
  void put(const void* data, std::size_t size) {
    if (out_ != nullptr && size > 0) std::memcpy(out_ + size_, data, size);
    size_ += size;
  }
  void put_int(std::int64_t value) { put(&value, sizeof value); }
  template <class T>
  void put_vector(const std::vector<T>& values) {
    put_int(static_cast<std::int64_t>(values.size()));
    put(values.data(), values.size() * sizeof(T));
  }
  void put_strings(const std::vector<std::string>& values) {
    put_int(static_cast<std::int64_t>(values.size()));
    for (const std::string& s : values) {
      put_int(static_cast<std::int64_t>(s.size()));
      put(s.data(), s.size());
    }
  }
  std::size_t size() const { return size_; }

 private:
  std::byte* out_;
  std::size_t size_ = 0;
};

class Reader {
 public:
  explicit Reader(std::span<const std::byte> bytes) : bytes_(bytes) {}
  void get(void* data, std::size_t size) {
    ZIPP_CHECK_T(core::InputError, size <= bytes_.size() - at_,
                 "serialized user block: truncated at byte ", at_, " of ", bytes_.size(),
                 " (needed ", size, " more)");
    if (size > 0) std::memcpy(data, bytes_.data() + at_, size);
    at_ += size;
  }
  std::int64_t get_int() {
    std::int64_t value = 0;
    get(&value, sizeof value);
    return value;
  }
  std::size_t get_count(std::size_t element_size) {
    const std::int64_t n = get_int();
    ZIPP_CHECK_T(core::InputError,
                 n >= 0 && static_cast<std::size_t>(n) <= (bytes_.size() - at_) / element_size,
                 "serialized user block: a length of ", n, " at byte ", at_,
                 " exceeds what is left");
    return static_cast<std::size_t>(n);
  }
  template <class T>
  void get_vector(std::vector<T>& values) {
    values.resize(get_count(sizeof(T)));
    get(values.data(), values.size() * sizeof(T));
  }
  void get_strings(std::vector<std::string>& values) {
    values.resize(get_count(sizeof(std::int64_t)));
    for (std::string& s : values) {
      s.resize(get_count(1));
      get(s.data(), s.size());
    }
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  std::span<const std::byte> bytes_;
  std::size_t at_ = 0;
};

void write_block(const UserBlock& b, Writer& w) {
  w.put_int(static_cast<std::int64_t>(kMagic));
  w.put_int(b.first_user);
  w.put_int(b.num_users);
  w.put_int(b.embed_dim);
  w.put_strings(b.names);
  w.put_vector(b.indptr);
  w.put_vector(b.indices);
  w.put_vector(b.posts);
  w.put_vector(b.comments);
  w.put_vector(b.aligned_users);
  w.put_vector(b.alignment);
  w.put_vector(b.age_band);
  w.put_vector(b.gender);
  w.put_vector(b.region);
  w.put_vector(b.mixture_ids);
  w.put_vector(b.mixture_weights);
  w.put_vector(b.style);
  w.put_vector(b.activity);
  w.put_vector(b.post_share);
  w.put_vector(b.visual);
}

}  // namespace

std::vector<std::byte> serialize(const UserBlock& b) {
  Writer counter(nullptr);
  write_block(b, counter);
  std::vector<std::byte> bytes(counter.size());
  Writer writer(bytes.data());
  write_block(b, writer);
  ZIPP_ASSERT(writer.size() == bytes.size(), "user block serialization changed size");
  return bytes;
}

UserBlock deserialize(std::span<const std::byte> bytes) {
  Reader r(bytes);
  const auto magic = static_cast<std::uint64_t>(r.get_int());
  ZIPP_CHECK_T(core::InputError, magic == kMagic, "serialized user block: bad header ", magic,
               ", expected ", kMagic, " (a block from another zipp build?)");
  UserBlock b;
  b.first_user = r.get_int();
  b.num_users = r.get_int();
  b.embed_dim = r.get_int();
  r.get_strings(b.names);
  r.get_vector(b.indptr);
  r.get_vector(b.indices);
  r.get_vector(b.posts);
  r.get_vector(b.comments);
  r.get_vector(b.aligned_users);
  r.get_vector(b.alignment);
  r.get_vector(b.age_band);
  r.get_vector(b.gender);
  r.get_vector(b.region);
  r.get_vector(b.mixture_ids);
  r.get_vector(b.mixture_weights);
  r.get_vector(b.style);
  r.get_vector(b.activity);
  r.get_vector(b.post_share);
  r.get_vector(b.visual);
  ZIPP_CHECK_T(core::InputError, r.done(), "serialized user block: trailing bytes");
  return b;
}

}  // namespace zipp::graph::synth

#include "graph/ingest/npy_reader.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#include "core/check.h"

namespace zipp::graph {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the .npy reader copies little-endian floats as they are");

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicSize = 6;

// The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
class HeaderDict {
 public:
  HeaderDict(std::string text, std::string path) : text_(std::move(text)), path_(std::move(path)) {}

  // The text after "'key':", up to the next top-level ',' or '}'.
  std::string_view value(std::string_view key) const {
    for (const char quote : {'\'', '"'}) {
      std::string pattern(1, quote);
      pattern.append(key);
      pattern += quote;
      const std::size_t at = text_.find(pattern);
      if (at == std::string::npos) continue;
      std::size_t i = text_.find(':', at + pattern.size());
      ZIPP_CHECK_T(core::InputError, i != std::string::npos, path_, ": .npy header ",
                   core::quoted(text_), " has no value for '", key, "'");
      ++i;
      while (i < text_.size() && text_[i] == ' ') ++i;
      std::size_t end = i;
      int depth = 0;
      while (end < text_.size()) {
        const char c = text_[end];
        if (c == '(' || c == '[') ++depth;
        if (c == ')' || c == ']') --depth;
        if (depth == 0 && (c == ',' || c == '}')) break;
        if (depth < 0) break;
        ++end;
      }
      std::string_view value(text_.data() + i, end - i);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      return value;
    }
    throw core::InputError(
        core::str(path_, ": .npy header ", core::quoted(text_), " has no '", key, "' entry"));
  }

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::string path_;
};

std::string strip_quotes(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') &&
      value.back() == value.front()) {
    return std::string(value.substr(1, value.size() - 2));
  }
  return std::string(value);
}

// "(3, 4)" -> {3, 4}; "(3,)" -> {3}; none when it is not a tuple of integers.
std::optional<std::vector<std::int64_t>> parse_shape(std::string_view value) {
  if (value.size() < 2 || value.front() != '(' || value.back() != ')') return std::nullopt;
  value = value.substr(1, value.size() - 2);
  std::vector<std::int64_t> shape;
  while (!value.empty()) {
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (value.empty()) break;
    std::int64_t dim = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), dim);
    if (error != std::errc() || dim < 0) return std::nullopt;
    shape.push_back(dim);
    value.remove_prefix(end - value.data());
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (value.empty()) break;
    if (value.front() != ',') return std::nullopt;
    value.remove_prefix(1);
  }
  return shape;
}

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) text += core::str(i ? ", " : "", shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

std::uint32_t little_endian(const unsigned char* bytes, int count) {
  std::uint32_t value = 0;
  for (int i = count - 1; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}

}  // namespace

NpyMatrix read_npy_matrix(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::IoError(core::str("cannot open ", core::quoted(path), " for reading"));
  const auto file_size = static_cast<std::int64_t>(std::filesystem::file_size(path));

  unsigned char preamble[12] = {};
  in.read(reinterpret_cast<char*>(preamble), 10);
  ZIPP_CHECK_T(core::InputError,
               in.gcount() == 10 && std::memcmp(preamble, kMagic, kMagicSize) == 0, path,
               ": not a NumPy .npy file (the file does not start with \\x93NUMPY)");
  const int major = preamble[6];
  ZIPP_CHECK_T(core::InputError, major >= 1 && major <= 3, path, ": .npy format version ", major,
               ".", static_cast<int>(preamble[7]), " is not supported (expected 1.0, 2.0 or 3.0)");
  std::int64_t preamble_size = 10;
  std::uint32_t header_size = little_endian(preamble + 8, 2);
  if (major >= 2) {
    in.read(reinterpret_cast<char*>(preamble + 10), 2);
    ZIPP_CHECK_T(core::InputError, in.gcount() == 2, path, ": truncated .npy preamble");
    header_size = little_endian(preamble + 8, 4);
    preamble_size = 12;
  }
  ZIPP_CHECK_T(core::InputError, preamble_size + header_size <= file_size, path,
               ": .npy header of ", header_size, " bytes runs past the end of the file (",
               file_size, " bytes)");
  std::string text(header_size, '\0');
  in.read(text.data(), header_size);
  const HeaderDict header(std::move(text), path);

  NpyMatrix matrix;
  matrix.descr = strip_quotes(header.value("descr"));
  const std::size_t item = matrix.descr == "<f4" ? 4 : matrix.descr == "<f8" ? 8 : 0;
  ZIPP_CHECK_T(core::InputError, item != 0, path, ": .npy dtype ", core::quoted(matrix.descr),
               " is not supported: expected little-endian float32 '<f4' or float64 '<f8' "
               "(convert with np.ascontiguousarray(a, dtype='<f4'))");
  const std::string_view fortran = header.value("fortran_order");
  ZIPP_CHECK_T(core::InputError, fortran == "False", path,
               ": .npy array is stored in Fortran "
               "(column-major) order; save it in C order (np.ascontiguousarray(a))");
  const auto shape = parse_shape(header.value("shape"));
  ZIPP_CHECK_T(core::InputError, shape.has_value(), path, ": .npy shape ",
               core::quoted(std::string(header.value("shape"))), " is not a tuple of sizes");
  ZIPP_CHECK_T(core::InputError, shape->size() == 2, path,
               ": expected a 2-D .npy array [rows, dim], found shape ", shape_text(*shape));
  matrix.rows = (*shape)[0];
  matrix.cols = (*shape)[1];

  const std::int64_t data_bytes = matrix.rows * matrix.cols * static_cast<std::int64_t>(item);
  const std::int64_t available = file_size - preamble_size - header_size;
  ZIPP_CHECK_T(core::InputError, available == data_bytes, path, ": .npy data of shape ",
               shape_text(*shape), " and dtype ", matrix.descr, " needs ", data_bytes,
               " bytes, the file holds ", available, available < data_bytes ? " (truncated)" : "");

  matrix.values.resize(static_cast<std::size_t>(matrix.rows * matrix.cols));
  if (item == 4) {
    in.read(reinterpret_cast<char*>(matrix.values.data()), data_bytes);
  } else {
    constexpr std::size_t kBlock = 1 << 16;
    std::vector<double> block(kBlock);
    for (std::size_t done = 0; done < matrix.values.size();) {
      const std::size_t n = std::min(kBlock, matrix.values.size() - done);
      in.read(reinterpret_cast<char*>(block.data()), static_cast<std::streamsize>(n * 8));
      if (!in) break;
      std::transform(block.begin(), block.begin() + static_cast<std::ptrdiff_t>(n),
                     matrix.values.begin() + static_cast<std::ptrdiff_t>(done),
                     [](double v) { return static_cast<float>(v); });
      done += n;
    }
  }
  ZIPP_CHECK_T(core::IoError, static_cast<bool>(in) || data_bytes == 0, path,
               ": reading the .npy data failed");
  return matrix;
}

}  // namespace zipp::graph

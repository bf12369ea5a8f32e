#include "generation/image/png_file.h"

#include <fstream>
#include <iterator>

#include <png.h>
#include <zlib.h>

#include "core/check.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/str.h"

namespace zipp::generation {
namespace {

// The IEND chunk every PNG ends with: length 0, type, CRC.
constexpr std::string_view kIend("\0\0\0\0IEND\xae\x42\x60\x82", 12);

}  // namespace

FileDigest digest_of(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  std::size_t offset = 0;
  while (offset < bytes.size()) {
    const auto chunk = static_cast<uInt>(std::min<std::size_t>(bytes.size() - offset, 1U << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + offset), chunk);
    offset += chunk;
  }
  return {static_cast<std::int64_t>(bytes.size()), static_cast<std::uint32_t>(crc)};
}

std::string encode_png(std::span<const std::uint8_t> rgb, std::int64_t height, std::int64_t width) {
  ZIPP_CHECK_T(
      core::InputError, height >= 1 && width >= 1 && height <= (1 << 24) && width <= (1 << 24),
      "cannot encode a PNG of ", height, "x", width, " pixels: sizes must be in [1, 2^24]");
  ZIPP_CHECK_T(core::InputError, rgb.size() == static_cast<std::size_t>(height * width * 3),
               "cannot encode a PNG of ", height, "x", width, " RGB pixels from ", rgb.size(),
               " bytes: expected ", height * width * 3);
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  // The first call measures, the second writes.
  if (png_image_write_to_memory(&image, nullptr, &size, 0, rgb.data(), 0, nullptr) == 0) {
    throw core::Error(
        core::str("libpng cannot encode a ", height, "x", width, " image: ", image.message));
  }
  std::string bytes(size, '\0');
  if (png_image_write_to_memory(&image, bytes.data(), &size, 0, rgb.data(), 0, nullptr) == 0) {
    throw core::Error(
        core::str("libpng cannot encode a ", height, "x", width, " image: ", image.message));
  }
  bytes.resize(size);
  return bytes;
}

RgbImage decode_png(std::string_view bytes, std::string_view name) {
  const auto fail = [&](std::string_view reason) {
    return core::InputError(core::str("image ", core::quoted(name), " (", bytes.size(),
                                      " bytes) is not a whole PNG: ", reason));
  };
  if (bytes.size() < 8 || png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, 8) != 0) {
    throw fail("no PNG signature");
  }
  if (bytes.size() < 8 + kIend.size() || bytes.substr(bytes.size() - kIend.size()) != kIend) {
    throw fail("it does not end with the IEND chunk (truncated?)");
  }
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()) == 0) {
    throw fail(image.message);
  }
  image.format = PNG_FORMAT_RGB;
  RgbImage out;
  out.height = image.height;
  out.width = image.width;
  out.pixels.resize(PNG_IMAGE_SIZE(image));
  if (png_image_finish_read(&image, nullptr, out.pixels.data(), 0, nullptr) == 0) {
    const std::string message = image.message;
    png_image_free(&image);
    throw fail(message);
  }
  return out;
}

FileDigest write_png(const std::filesystem::path& path, std::span<const std::uint8_t> rgb,
                     std::int64_t height, std::int64_t width) {
  const std::string bytes = encode_png(rgb, height, width);
  core::write_file_atomic(path, bytes);
  return digest_of(bytes);
}

std::string read_file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  ZIPP_CHECK_T(core::IoError, in.is_open(), "cannot read ", core::quoted(path.string()));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ZIPP_CHECK_T(core::IoError, !in.bad(), "cannot read ", core::quoted(path.string()));
  return bytes;
}

RgbImage read_png(const std::filesystem::path& path) {
  return decode_png(read_file_bytes(path), path.string());
}

}  // namespace zipp::generation

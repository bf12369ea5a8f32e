// PNG files of generated images: encode/decode round trips, atomic writes, and every kind of
// damage a killed or careless writer leaves (truncation, flipped bytes, wrong signature) refused.
#include "generation/image/png_file.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/error.h"

namespace zipp::generation {
namespace {

namespace fs = std::filesystem;

std::vector<std::uint8_t> pattern(std::int64_t height, std::int64_t width) {
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(height * width * 3));
  for (std::size_t i = 0; i < rgb.size(); ++i)
    rgb[i] = static_cast<std::uint8_t>((i * 37 + i / 7) & 255);
  return rgb;
}

fs::path temp_dir() {
  const fs::path dir = fs::temp_directory_path() / ("zipp_png_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

TEST(PngFile, RoundTripsExactPixels) {
  for (const auto& [h, w] : {std::pair<std::int64_t, std::int64_t>{1, 1}, {32, 48}, {7, 3}}) {
    const auto rgb = pattern(h, w);
    const std::string bytes = encode_png(rgb, h, w);
    const RgbImage image = decode_png(bytes, "memory");
    EXPECT_EQ(image.height, h);
    EXPECT_EQ(image.width, w);
    EXPECT_EQ(image.pixels, rgb);
  }
}

TEST(PngFile, EncodingIsDeterministic) {
  const auto rgb = pattern(16, 16);
  EXPECT_EQ(encode_png(rgb, 16, 16), encode_png(rgb, 16, 16));
}

TEST(PngFile, RefusesSizesThatDisagreeWithThePixels) {
  const auto rgb = pattern(4, 4);
  EXPECT_THROW(encode_png(rgb, 4, 5), core::InputError);
  EXPECT_THROW(encode_png(rgb, 0, 16), core::InputError);
}

TEST(PngFile, WritesAtomicallyAndReportsTheFileDigest) {
  const fs::path path = temp_dir() / "a.png";
  const auto rgb = pattern(8, 10);
  const FileDigest digest = write_png(path, rgb, 8, 10);
  const std::string bytes = read_file_bytes(path);
  EXPECT_EQ(digest, digest_of(bytes));
  EXPECT_EQ(digest.bytes, static_cast<std::int64_t>(bytes.size()));
  EXPECT_FALSE(fs::exists(path.string() + ".tmp." + std::to_string(::getpid())));
  EXPECT_EQ(read_png(path).pixels, rgb);
  // zlib's CRC-32 of "123456789" is the standard check value.
  EXPECT_EQ(digest_of("123456789").crc32, 0xCBF43926U);
}

TEST(PngFile, EveryTruncationIsRefused) {
  const auto rgb = pattern(24, 24);
  const std::string bytes = encode_png(rgb, 24, 24);
  for (std::size_t keep = 0; keep < bytes.size();
       keep += std::max<std::size_t>(1, bytes.size() / 97)) {
    EXPECT_THROW(decode_png(std::string_view(bytes).substr(0, keep), "cut"), core::InputError)
        << "kept " << keep << " of " << bytes.size() << " bytes";
  }
  EXPECT_THROW(decode_png(std::string_view(bytes).substr(0, bytes.size() - 1), "cut"),
               core::InputError);
}

TEST(PngFile, FlippedBytesInTheImageDataAreRefused) {
  const auto rgb = pattern(24, 24);
  const std::string bytes = encode_png(rgb, 24, 24);
  const auto idat = bytes.find("IDAT");
  ASSERT_NE(idat, std::string::npos);
  int refused = 0;
  int tried = 0;
  for (std::size_t at = idat + 4; at < bytes.size() - 12; at += 5) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5A);
    ++tried;
    try {
      decode_png(damaged, "flipped");
    } catch (const core::InputError&) {
      ++refused;
    }
  }
  EXPECT_EQ(refused, tried);  // the chunk CRC covers every byte of IDAT
}

TEST(PngFile, ReportsWhatIsWrongAndWithWhichFile) {
  try {
    decode_png("GIF89a not a png at all", "images/u/p0-x.png");
    FAIL() << "accepted a non-PNG";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("images/u/p0-x.png"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("signature"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_png(temp_dir() / "absent.png"), core::IoError);
}

}  // namespace
}  // namespace zipp::generation

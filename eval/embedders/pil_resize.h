// The image preprocessing of CMMD's reference implementation (google-research/cmmd io_util.py),
// reproduced so that zipp's CLIP embeddings match it: a centred square crop (top = (h - l) / 2,
// left = (w - l) / 2, l = min(h, w)) and Pillow's 8-bit bicubic resize (Image.BICUBIC: a = -0.5,
// the filter widened by the downscale factor for antialiasing, 22-bit fixed-point weights, a
// horizontal pass then a vertical pass, each rounded and clipped to uint8), following Pillow's
// libImaging/Resample.c.
#pragma once

#include <cstdint>
#include <vector>

namespace zipp::eval {

// An 8-bit RGB image, rows of width * 3 bytes.
struct Rgb8Image {
  std::int64_t height = 0;
  std::int64_t width = 0;
  std::vector<std::uint8_t> pixels;
};

// The centred square crop of side min(height, width).
Rgb8Image center_crop_square(const Rgb8Image& image);

// Pillow's Image.resize((width, height), Image.BICUBIC) of an RGB image.
Rgb8Image resize_bicubic_pil(const Rgb8Image& image, std::int64_t height, std::int64_t width);

}  // namespace zipp::eval

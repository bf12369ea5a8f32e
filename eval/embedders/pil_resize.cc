#include "eval/embedders/pil_resize.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"

namespace zipp::eval {
namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;

// Pillow's bicubic_filter with a = -0.5, support 2.
double bicubic(double x) {
  constexpr double a = -0.5;
  if (x < 0.0) x = -x;
  if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
  if (x < 2.0) return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
  return 0.0;
}

// precompute_coeffs + normalize_coeffs_8bpc: for each output pixel the first input pixel, the
// count, and ksize fixed-point weights.
struct Coefficients {
  std::int64_t ksize = 0;
  std::vector<std::int64_t> first;
  std::vector<std::int64_t> count;
  std::vector<std::int32_t> weights;
};

Coefficients coefficients(std::int64_t in_size, std::int64_t out_size) {
  const double in0 = 0.0;
  const double in1 = static_cast<double>(in_size);
  const double scale = (in1 - in0) / static_cast<double>(out_size);
  const double filterscale = scale < 1.0 ? 1.0 : scale;
  const double support = 2.0 * filterscale;
  Coefficients c;
  c.ksize = static_cast<std::int64_t>(std::ceil(support)) * 2 + 1;
  c.first.resize(static_cast<std::size_t>(out_size));
  c.count.resize(static_cast<std::size_t>(out_size));
  c.weights.assign(static_cast<std::size_t>(out_size * c.ksize), 0);
  std::vector<double> k(static_cast<std::size_t>(c.ksize));
  for (std::int64_t xx = 0; xx < out_size; ++xx) {
    const double center = in0 + (static_cast<double>(xx) + 0.5) * scale;
    const double ss = 1.0 / filterscale;
    auto xmin = static_cast<std::int64_t>(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    auto xmax = static_cast<std::int64_t>(center + support + 0.5);
    if (xmax > in_size) xmax = in_size;
    xmax -= xmin;
    double ww = 0.0;
    for (std::int64_t x = 0; x < xmax; ++x) {
      const double w = bicubic((static_cast<double>(x + xmin) - center + 0.5) * ss);
      k[static_cast<std::size_t>(x)] = w;
      ww += w;
    }
    for (std::int64_t x = 0; x < c.ksize; ++x) {
      double w = x < xmax ? k[static_cast<std::size_t>(x)] : 0.0;
      if (x < xmax && ww != 0.0) w /= ww;
      const double fixed = w * static_cast<double>(1 << kPrecisionBits);
      c.weights[static_cast<std::size_t>(xx * c.ksize + x)] =
          static_cast<std::int32_t>(w < 0 ? -0.5 + fixed : 0.5 + fixed);
    }
    c.first[static_cast<std::size_t>(xx)] = xmin;
    c.count[static_cast<std::size_t>(xx)] = xmax;
  }
  return c;
}

std::uint8_t clip8(std::int64_t v) {
  if (v >= (std::int64_t{1} << kPrecisionBits << 8)) return 255;
  if (v <= 0) return 0;
  return static_cast<std::uint8_t>(v >> kPrecisionBits);
}

// One pass along x (horizontal) or y (vertical) with Pillow's rounding.
Rgb8Image resample(const Rgb8Image& in, const Coefficients& c, bool horizontal,
                   std::int64_t out_size, std::int64_t row_offset, std::int64_t rows) {
  Rgb8Image out;
  out.height = horizontal ? rows : out_size;
  out.width = horizontal ? out_size : in.width;
  out.pixels.resize(static_cast<std::size_t>(out.height * out.width * 3));
  for (std::int64_t y = 0; y < out.height; ++y) {
    for (std::int64_t x = 0; x < out.width; ++x) {
      const std::int64_t o = horizontal ? x : y;
      const std::int64_t first = c.first[static_cast<std::size_t>(o)];
      const std::int64_t count = c.count[static_cast<std::size_t>(o)];
      const std::int32_t* k = &c.weights[static_cast<std::size_t>(o * c.ksize)];
      for (std::int64_t ch = 0; ch < 3; ++ch) {
        std::int64_t ss = std::int64_t{1} << (kPrecisionBits - 1);
        for (std::int64_t i = 0; i < count; ++i) {
          const std::int64_t sy = horizontal ? y + row_offset : first + i;
          const std::int64_t sx = horizontal ? first + i : x;
          ss += static_cast<std::int64_t>(
                    in.pixels[static_cast<std::size_t>((sy * in.width + sx) * 3 + ch)]) *
                k[i];
        }
        out.pixels[static_cast<std::size_t>((y * out.width + x) * 3 + ch)] = clip8(ss);
      }
    }
  }
  return out;
}

}  // namespace

Rgb8Image center_crop_square(const Rgb8Image& image) {
  const std::int64_t l = std::min(image.height, image.width);
  const std::int64_t top = (image.height - l) / 2;
  const std::int64_t left = (image.width - l) / 2;
  Rgb8Image out{l, l, std::vector<std::uint8_t>(static_cast<std::size_t>(l * l * 3))};
  for (std::int64_t y = 0; y < l; ++y) {
    const auto* src = &image.pixels[static_cast<std::size_t>(((y + top) * image.width + left) * 3)];
    std::copy(src, src + l * 3, &out.pixels[static_cast<std::size_t>(y * l * 3)]);
  }
  return out;
}

Rgb8Image resize_bicubic_pil(const Rgb8Image& image, std::int64_t height, std::int64_t width) {
  ZIPP_CHECK_T(core::InputError, image.height > 0 && image.width > 0 && height > 0 && width > 0,
               "bicubic resize of a ", image.height, "x", image.width, " image to ", height, "x",
               width);
  ZIPP_CHECK_EQ(static_cast<std::int64_t>(image.pixels.size()), image.height * image.width * 3,
                "bicubic resize: pixel buffer size");
  if (height == image.height && width == image.width) return image;
  const bool need_horizontal = width != image.width;
  const bool need_vertical = height != image.height;
  const Coefficients ch = coefficients(image.width, width);
  Coefficients cv = coefficients(image.height, height);
  // Pillow resamples horizontally only the rows the vertical pass reads.
  const std::int64_t first_row = cv.first[0];
  const std::int64_t last_row = cv.first.back() + cv.count.back();
  Rgb8Image current = image;
  if (need_horizontal) {
    for (auto& f : cv.first) f -= first_row;
    current = resample(image, ch, /*horizontal=*/true, width, first_row, last_row - first_row);
  }
  if (need_vertical) current = resample(current, cv, /*horizontal=*/false, height, 0, 0);
  return current;
}

}  // namespace zipp::eval

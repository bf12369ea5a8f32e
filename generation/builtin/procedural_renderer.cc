#include "generation/builtin/procedural_renderer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <random>
#include <unordered_set>

#include <ATen/TensorOperators.h>
#include <ATen/ops/empty.h>

#include "core/error.h"
#include "core/random/hash.h"
#include "core/str.h"

namespace zipp::generation::builtin {
namespace {

constexpr std::size_t kMaxShapes = 4;

bool is_stop_word(const std::string& word) {
  static const std::unordered_set<std::string> kStop = {
      "a",   "an",    "the",  "of",  "on",    "in",     "at",      "by",    "with",
      "and", "to",    "from", "for", "over",  "into",   "its",     "under", "as",
      "is",  "above", "near", "by",  "after", "before", "against", "beside"};
  return kStop.count(word) > 0;
}

// A number in [0, 1) from bits [shift, shift + 16) of a hash.
float unit(std::uint64_t hash, int shift) {
  return static_cast<float>((hash >> shift) & 0xFFFFU) / 65536.0F;
}

using Rgb = std::array<float, 3>;

// HSV (all in [0, 1]) to RGB.
Rgb hsv(float h, float s, float v) {
  const float h6 = (h - std::floor(h)) * 6.0F;
  const int sector = static_cast<int>(h6) % 6;
  const float f = h6 - std::floor(h6);
  const float p = v * (1 - s);
  const float q = v * (1 - s * f);
  const float t = v * (1 - s * (1 - f));
  switch (sector) {
    case 0:
      return {v, t, p};
    case 1:
      return {q, v, p};
    case 2:
      return {p, v, t};
    case 3:
      return {p, q, v};
    case 4:
      return {t, p, v};
    default:
      return {v, p, q};
  }
}

struct Canvas {
  std::int64_t size;
  std::vector<float> pixels;  // [3][size][size]
  float& at(int c, std::int64_t y, std::int64_t x) {
    return pixels[static_cast<std::size_t>((c * size + y) * size + x)];
  }
  void paint(std::int64_t y, std::int64_t x, const Rgb& colour) {
    for (int c = 0; c < 3; ++c) at(c, y, x) = colour[static_cast<std::size_t>(c)];
  }
};

// One shape from a word's hash, drawn over the canvas in normalised coordinates.
void draw_word_shape(Canvas& canvas, std::uint64_t hash) {
  const auto kind = static_cast<int>(hash & 3U);
  const float cx = 0.15F + 0.7F * unit(hash, 2);
  const float cy = 0.2F + 0.65F * unit(hash, 18);
  const float extent = 0.08F + 0.14F * unit(hash, 34);
  const float aspect = 0.6F + 0.8F * unit(hash, 50);
  const Rgb colour =
      hsv(unit(hash, 8), 0.55F + 0.35F * unit(hash, 24), 0.45F + 0.45F * unit(hash, 40));
  const std::int64_t n = canvas.size;
  for (std::int64_t y = 0; y < n; ++y) {
    const float v = (static_cast<float>(y) + 0.5F) / static_cast<float>(n);
    for (std::int64_t x = 0; x < n; ++x) {
      const float u = (static_cast<float>(x) + 0.5F) / static_cast<float>(n);
      const float dx = u - cx;
      const float dy = v - cy;
      bool inside = false;
      switch (kind) {
        case 0:
          inside = dx * dx + dy * dy <= extent * extent;
          break;
        case 1:
          inside = std::abs(dx) <= extent * aspect && std::abs(dy) <= extent;
          break;
        case 2: {
          const float a = extent * 1.4F * aspect;
          const float b = extent * 0.9F;
          inside = (dx * dx) / (a * a) + (dy * dy) / (b * b) <= 1.0F;
          break;
        }
        default:
          inside = std::abs(dy) <= extent * 0.35F;
          break;
      }
      if (inside) canvas.paint(y, x, colour);
    }
  }
}

// Separable Gaussian blur of each channel, edges clamped.
void blur(Canvas& canvas, float sigma) {
  if (sigma < 0.05F) return;
  const int radius = std::max(1, static_cast<int>(std::ceil(2.5F * sigma)));
  std::vector<float> kernel(static_cast<std::size_t>(2 * radius + 1));
  float total = 0;
  for (int i = -radius; i <= radius; ++i) {
    const float w = std::exp(-0.5F * static_cast<float>(i * i) / (sigma * sigma));
    kernel[static_cast<std::size_t>(i + radius)] = w;
    total += w;
  }
  for (float& w : kernel) w /= total;
  const std::int64_t n = canvas.size;
  std::vector<float> line(static_cast<std::size_t>(n));
  for (int c = 0; c < 3; ++c) {
    for (int pass = 0; pass < 2; ++pass) {
      for (std::int64_t i = 0; i < n; ++i) {
        for (std::int64_t j = 0; j < n; ++j) {
          float sum = 0;
          for (int k = -radius; k <= radius; ++k) {
            const std::int64_t p = std::clamp<std::int64_t>(j + k, 0, n - 1);
            sum += kernel[static_cast<std::size_t>(k + radius)] *
                   (pass == 0 ? canvas.at(c, i, p) : canvas.at(c, p, i));
          }
          line[static_cast<std::size_t>(j)] = sum;
        }
        for (std::int64_t j = 0; j < n; ++j) {
          (pass == 0 ? canvas.at(c, i, j) : canvas.at(c, j, i)) = line[static_cast<std::size_t>(j)];
        }
      }
    }
  }
}

}  // namespace

Aesthetic neutral_aesthetic() {
  Aesthetic a{};
  a.fill(0.5F);
  return a;
}

std::vector<std::string> content_words(std::string_view subject) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && !is_stop_word(word)) words.push_back(word);
    word.clear();
  };
  for (char ch : subject) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0) {
      word.push_back(static_cast<char>(std::tolower(c)));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

at::Tensor render_scene(std::string_view subject, const Aesthetic& aesthetic, std::int64_t size,
                        std::uint64_t grain_seed) {
  if (size < 8) {
    throw core::InputError(core::str("render_scene: image size must be at least 8, found ", size));
  }
  Canvas canvas{size, std::vector<float>(static_cast<std::size_t>(3 * size * size))};
  const auto words = content_words(subject);
  std::string joined;
  for (const auto& w : words) joined += w + " ";
  const std::uint64_t scene = core::hash_text(joined, 0x7363656eULL);

  // Sky above the horizon (lighter towards the top), ground below (darker towards the bottom).
  const float horizon = 0.4F + 0.35F * unit(scene, 0);
  const float sky_hue = unit(scene, 16);
  const float ground_hue = unit(scene, 32);
  for (std::int64_t y = 0; y < size; ++y) {
    const float v = (static_cast<float>(y) + 0.5F) / static_cast<float>(size);
    const Rgb colour = v < horizon ? hsv(sky_hue, 0.45F, 0.95F - 0.3F * v)
                                   : hsv(ground_hue, 0.6F, 0.55F - 0.25F * (v - horizon));
    for (std::int64_t x = 0; x < size; ++x) canvas.paint(y, x, colour);
  }
  for (std::size_t i = 0; i < words.size() && i < kMaxShapes; ++i) {
    draw_word_shape(canvas, core::hash_text(words[i], 0x73686170ULL));
  }

  const float warmth = aesthetic[0] - 0.5F;
  const float saturation = 2.0F * aesthetic[1];
  const float brightness = 0.6F * (aesthetic[2] - 0.5F);
  const float contrast = 0.25F + 1.5F * aesthetic[3];
  const float grain = 0.18F * aesthetic[4];
  const float sigma = 1.5F * aesthetic[5] * static_cast<float>(size) / 32.0F;
  const std::array<float, 3> balance = {0.36F * warmth, 0.06F * warmth, -0.36F * warmth};
  for (std::int64_t y = 0; y < size; ++y) {
    for (std::int64_t x = 0; x < size; ++x) {
      const float grey =
          0.299F * canvas.at(0, y, x) + 0.587F * canvas.at(1, y, x) + 0.114F * canvas.at(2, y, x);
      for (int c = 0; c < 3; ++c) {
        float value = grey + (canvas.at(c, y, x) - grey) * saturation;
        value += balance[static_cast<std::size_t>(c)];
        value = 0.5F + (value - 0.5F) * contrast;
        canvas.at(c, y, x) = value + brightness;
      }
    }
  }
  blur(canvas, sigma);
  std::mt19937_64 rng(core::mix64(grain_seed ^ 0x6772616eULL));
  std::normal_distribution<float> normal(0.0F, 1.0F);
  at::Tensor image = at::empty({3, size, size}, at::kFloat);
  float* out = image.data_ptr<float>();
  const std::int64_t plane = size * size;
  for (std::int64_t p = 0; p < plane; ++p) {
    const float noise = grain > 0 ? grain * normal(rng) : 0.0F;
    for (int c = 0; c < 3; ++c) {
      out[c * plane + p] =
          std::clamp(canvas.pixels[static_cast<std::size_t>(c * plane + p)] + noise, 0.0F, 1.0F);
    }
  }
  return image;
}

}  // namespace zipp::generation::builtin

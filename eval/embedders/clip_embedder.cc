// The only zipp_eval source that includes LibTorch's TorchScript headers.
#include "eval/embedders/clip_embedder.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <ATen/TensorOperators.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/zeros.h>
#include <c10/core/GradMode.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/serialization/import.h>

#include "core/error.h"
#include "core/io/file_digest.h"
#include "core/str.h"
#include "core/text/hex.h"
#include "core/torch_error.h"
#include "eval/embedders/pil_resize.h"

namespace zipp::eval {
namespace {

namespace fs = std::filesystem;

class ClipEmbedder final : public ImageEmbedder {
 public:
  ClipEmbedder(fs::path file, torch::jit::Module module, c10::Device device,
               std::int64_t image_size, std::string name)
      : file_(std::move(file)),
        module_(std::move(module)),
        device_(device),
        image_size_(image_size),
        name_(std::move(name)) {
    dim_ = run(at::zeros({1, 3, image_size_, image_size_})).size(1);
  }

  std::string name() const override { return name_; }
  std::int64_t dim() const override { return dim_; }

  at::Tensor embed(const at::Tensor& images_uint8_BHW3) override {
    const at::Tensor e = run(clip_preprocess(images_uint8_BHW3, image_size_));
    return (e / e.norm(2, {1}, /*keepdim=*/true).clamp_min(1e-12)).contiguous();
  }

 private:
  // The module's raw output rows, float32 on the CPU.
  at::Tensor run(const at::Tensor& pixels) {
    const c10::NoGradGuard no_grad;
    c10::IValue out;
    try {
      out = module_.forward({pixels.to(device_)});
    } catch (const std::exception& e) {
      throw core::InputError(core::str(file_.string(), ": forward() failed on pixels ",
                                       pixels.sizes(), ": ", core::torch_error_reason(e)));
    }
    at::Tensor t;
    if (out.isTensor()) {
      t = out.toTensor();
    } else if (out.isTuple() && !out.toTupleRef().elements().empty() &&
               out.toTupleRef().elements()[0].isTensor()) {
      t = out.toTupleRef().elements()[0].toTensor();
    } else {
      throw core::InputError(core::str(file_.string(),
                                       ": expected forward() to return a tensor, "
                                       "found ",
                                       out.tagKind()));
    }
    if (t.dim() != 2 || t.size(0) != pixels.size(0)) {
      throw core::InputError(core::str(file_.string(), ": expected embeddings [", pixels.size(0),
                                       ", D] for pixels ", pixels.sizes(), ", found ", t.sizes()));
    }
    return t.to(at::kCPU, at::kFloat);
  }

  fs::path file_;
  torch::jit::Module module_;
  c10::Device device_;
  std::int64_t image_size_;
  std::int64_t dim_ = 0;
  std::string name_;
};

}  // namespace

at::Tensor clip_preprocess(const at::Tensor& images, std::int64_t image_size) {
  if (images.dim() != 4 || images.size(3) != 3 || images.scalar_type() != at::kByte ||
      images.size(1) < 1 || images.size(2) < 1) {
    throw core::InputError(core::str("CLIP embedder: expected images [B, H, W, 3] uint8, found ",
                                     images.sizes(), " ", images.scalar_type()));
  }
  const at::Tensor cpu = images.to(at::kCPU).contiguous();
  const std::int64_t batch = cpu.size(0);
  const std::int64_t height = cpu.size(1);
  const std::int64_t width = cpu.size(2);
  at::Tensor out = at::empty({batch, 3, image_size, image_size}, at::kFloat);
  auto o = out.accessor<float, 4>();
  const std::uint8_t* data = cpu.data_ptr<std::uint8_t>();
  for (std::int64_t b = 0; b < batch; ++b) {
    Rgb8Image image{height, width, {}};
    const std::uint8_t* src = data + b * height * width * 3;
    image.pixels.assign(src, src + height * width * 3);
    const Rgb8Image resized = resize_bicubic_pil(center_crop_square(image), image_size, image_size);
    for (std::int64_t y = 0; y < image_size; ++y) {
      for (std::int64_t x = 0; x < image_size; ++x) {
        for (int c = 0; c < 3; ++c) {
          // CMMD: np.float32(uint8) / 255, then (x - mean) / std in float32.
          const float v =
              static_cast<float>(
                  resized.pixels[static_cast<std::size_t>((y * image_size + x) * 3 + c)]) /
              255.0f;
          o[b][c][y][x] = (v - static_cast<float>(kClipMean[c])) / static_cast<float>(kClipStd[c]);
        }
      }
    }
  }
  return out;
}

std::unique_ptr<ImageEmbedder> load_clip_embedder(const std::filesystem::path& module_file,
                                                  c10::Device device, std::int64_t image_size) {
  if (!fs::is_regular_file(module_file)) {
    throw core::IoError(core::str(module_file.string(),
                                  ": missing; export a CLIP vision model with "
                                  "scripts/export-clip-image.py (docs/evaluation.md)"));
  }
  if (image_size < 1) {
    throw core::ConfigError(
        core::str("CLIP embedder image size: expected >= 1, found ", image_size));
  }
  torch::jit::Module module;
  try {
    module = torch::jit::load(module_file.string(), device);
    module.eval();
  } catch (const std::exception& e) {
    throw core::InputError(core::str(module_file.string(),
                                     ": cannot load it as a TorchScript module (",
                                     core::torch_error_reason(e), ")"));
  }
  std::string name =
      core::str("clip:", module_file.stem().string(), "/",
                core::text::hex64(core::file_digest(module_file, 0x243f6a8885a308d3ULL)));
  return std::make_unique<ClipEmbedder>(module_file, std::move(module), device, image_size,
                                        std::move(name));
}

}  // namespace zipp::eval

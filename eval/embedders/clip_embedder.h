// CLIP image embeddings for CMMD (docs/evaluation.md "CLIP embedder"): a TorchScript export of a
// CLIP vision tower with its projection (scripts/export-clip-image.py exports ViT-L/14@336, the
// model CMMD uses) behind the ImageEmbedder interface, with CMMD's exact preprocessing: centred
// square crop, Pillow's antialiased bicubic resize to image_size (eval/embedders/pil_resize.h),
// scaling to [0, 1], CLIP's per-channel normalisation; the module's output rows are L2-normalised.
// LibTorch's TorchScript headers stay inside clip_embedder.cc.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include "eval/embedders/image_embedder.h"

namespace zipp::eval {

// CLIP's normalisation constants (OpenAI CLIP, transformers' CLIPImageProcessor).
inline constexpr double kClipMean[3] = {0.48145466, 0.4578275, 0.40821073};
inline constexpr double kClipStd[3] = {0.26862954, 0.26130258, 0.27577711};

// Images [B, H, W, 3] uint8 RGB -> float32 [B, 3, image_size, image_size] as CMMD feeds CLIP.
// InputError for another shape or dtype.
at::Tensor clip_preprocess(const at::Tensor& images_uint8_BHW3, std::int64_t image_size);

// Loads the module (input [B, 3, image_size, image_size] float32 -> [B, D], or a tuple whose
// first element is that). IoError naming the file when it is missing, InputError when it is not
// TorchScript or its output has the wrong shape.
std::unique_ptr<ImageEmbedder> load_clip_embedder(const std::filesystem::path& module_file,
                                                  c10::Device device,
                                                  std::int64_t image_size = 336);

}  // namespace zipp::eval

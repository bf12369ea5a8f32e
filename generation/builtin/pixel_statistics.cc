#include "generation/builtin/pixel_statistics.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/abs.h>
#include <ATen/ops/avg_pool2d.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/std.h>

#include "core/error.h"
#include "core/str.h"

namespace zipp::generation::builtin {

at::Tensor pixel_statistics(const at::Tensor& images) {
  at::Tensor x = images.dim() == 3 ? images.unsqueeze(0) : images;
  if (x.dim() != 4 || x.size(1) != 3 || x.size(2) < 3 || x.size(3) < 3) {
    throw core::InputError(core::str(
        "pixel_statistics: expected images [B, 3, H, W] with H, W >= 3, found ", x.sizes()));
  }
  x = x.to(at::kFloat);
  const at::Tensor r = x.select(1, 0);
  const at::Tensor g = x.select(1, 1);
  const at::Tensor b = x.select(1, 2);
  const at::Tensor luma = (0.299 * r + 0.587 * g + 0.114 * b).unsqueeze(1);  // [B, 1, H, W]
  // The 3x3 box mean, edges by replication (count_include_pad off).
  const at::Tensor smooth = at::avg_pool2d(luma, {3, 3}, {1, 1}, {1, 1}, false, false);
  const at::Tensor warmth = (r - b).mean({1, 2});
  const at::Tensor saturation = (std::get<0>(x.max(1)) - std::get<0>(x.min(1))).mean({1, 2});
  const at::Tensor brightness = luma.mean({1, 2, 3});
  const at::Tensor contrast = smooth.flatten(1).std(1);
  const at::Tensor grain = at::abs(luma - smooth).mean({1, 2, 3});
  const at::Tensor dx =
      at::abs(smooth.narrow(3, 1, smooth.size(3) - 1) - smooth.narrow(3, 0, smooth.size(3) - 1))
          .mean({1, 2, 3});
  const at::Tensor dy =
      at::abs(smooth.narrow(2, 1, smooth.size(2) - 1) - smooth.narrow(2, 0, smooth.size(2) - 1))
          .mean({1, 2, 3});
  const at::Tensor softness = -(dx + dy) * 0.5;
  return at::stack({warmth, saturation, brightness, contrast, grain, softness}, 1);
}

}  // namespace zipp::generation::builtin

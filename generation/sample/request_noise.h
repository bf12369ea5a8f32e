// The noise of a batch of requests (docs/generation.md "Sampling"): one CPU generator per request,
// seeded by its seed (at::make_generator<at::CPUGeneratorImpl>, as a CPU torch.Generator in
// diffusers), so row b of every draw depends on request b's seed and on how many draws came
// before, never on the other rows. Draws are float32 on the CPU, then moved to the device.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include "generation/pipeline/pipeline.h"

namespace zipp::generation {

class RequestNoise {
 public:
  explicit RequestNoise(std::span<const std::uint64_t> seeds);

  // Standard normal [B, channels, height, width], row b from generator b.
  at::Tensor draw(const LatentShape& shape, c10::Device device);

 private:
  std::vector<at::Generator> generators_;
};

}  // namespace zipp::generation

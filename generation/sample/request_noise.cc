#include "generation/sample/request_noise.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/randn.h>
#include <c10/core/TensorOptions.h>

namespace zipp::generation {

RequestNoise::RequestNoise(std::span<const std::uint64_t> seeds) {
  generators_.reserve(seeds.size());
  for (const std::uint64_t seed : seeds) {
    generators_.push_back(at::make_generator<at::CPUGeneratorImpl>(seed));
  }
}

at::Tensor RequestNoise::draw(const LatentShape& shape, c10::Device device) {
  std::vector<at::Tensor> rows;
  rows.reserve(generators_.size());
  const auto options = at::TensorOptions().dtype(at::kFloat).device(at::kCPU);
  for (at::Generator& generator : generators_) {
    rows.push_back(at::randn({1, shape.channels, shape.height, shape.width}, generator, options));
  }
  return at::cat(rows, 0).to(device);
}

}  // namespace zipp::generation

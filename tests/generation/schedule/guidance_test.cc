// Classifier-free guidance arithmetic: scale 1 is the conditional prediction, 0 the
// unconditional one, and the result is linear in the scale.
#include "generation/schedule/guidance.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/randn.h>
#include <gtest/gtest.h>

namespace zipp::generation {
namespace {

TEST(ClassifierFreeGuidance, EndpointsAndLinearity) {
  const at::Tensor uncond = at::randn({2, 3, 4, 4});
  const at::Tensor cond = at::randn({2, 3, 4, 4});
  EXPECT_TRUE(at::allclose(classifier_free_guidance(uncond, cond, 1.0), cond, 0, 1e-6));
  EXPECT_TRUE(at::equal(classifier_free_guidance(uncond, cond, 0.0), uncond));
  const at::Tensor g3 = classifier_free_guidance(uncond, cond, 3.0);
  EXPECT_TRUE(at::allclose(g3, uncond * -2.0 + cond * 3.0, 1e-5, 1e-5));
  // Linear in the scale: g(0.25) is a quarter of the way from uncond to cond.
  const at::Tensor quarter = classifier_free_guidance(uncond, cond, 0.25);
  EXPECT_TRUE(at::allclose(quarter, uncond * 0.75 + cond * 0.25, 1e-5, 1e-6));
  const at::Tensor g7 = classifier_free_guidance(uncond, cond, 7.5);
  EXPECT_TRUE(at::allclose(g7 - g3, (cond - uncond) * 4.5, 1e-5, 1e-5));
}

}  // namespace
}  // namespace zipp::generation

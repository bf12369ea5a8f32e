// A central-difference gradient check for float64 functions of tensors (LibTorch's C++ API has
// no torch::autograd::gradcheck): every entry of the Jacobian that autograd computes is compared
// with (f(x + eps) - f(x - eps)) / (2 eps), one input element at a time.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>
#include <ATen/core/grad_mode.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/zeros_like.h>
#include <gtest/gtest.h>
#include <torch/csrc/autograd/autograd.h>

namespace zipp::training::testing {

struct GradcheckOptions {
  double eps = 1e-6;
  // |analytic - numeric| <= atol + rtol * |numeric|. Central differences in float64 with
  // eps 1e-6 are accurate to about 1e-9 on outputs of order 1 (round-off 1e-16 / eps plus
  // truncation eps^2 times the third derivative), so these leave room without hiding errors of
  // a wrong formula, which are of the order of the gradient itself.
  double atol = 1e-7;
  double rtol = 1e-5;
};

// `inputs` are named float64 leaves that require grad; `f` reads them and returns float64
// outputs. Reports a gtest failure for every mismatching Jacobian entry (at most a few per
// input) and returns how many entries were compared.
inline std::int64_t expect_gradcheck(const std::function<std::vector<at::Tensor>()>& f,
                                     const std::vector<std::pair<std::string, at::Tensor>>& inputs,
                                     const GradcheckOptions& options = {}) {
  const auto flat_outputs = [&] {
    std::vector<at::Tensor> parts;
    for (const at::Tensor& out : f()) parts.push_back(out.reshape({-1}));
    return at::cat(parts);
  };
  std::vector<at::Tensor> leaves;
  for (const auto& [name, input] : inputs) {
    EXPECT_EQ(input.scalar_type(), at::kDouble) << name;
    EXPECT_TRUE(input.requires_grad()) << name;
    leaves.push_back(input);
  }

  // Analytic Jacobian, one output entry (one backward pass) at a time: rows[n][i] is
  // d y_n / d inputs[i], zero where y_n does not depend on it.
  const at::Tensor y = flat_outputs();
  const std::int64_t n_out = y.numel();
  std::vector<std::vector<at::Tensor>> rows;
  for (std::int64_t n = 0; n < n_out; ++n) {
    auto grads = torch::autograd::grad({y[n]}, leaves, {}, /*retain_graph=*/true,
                                       /*create_graph=*/false, /*allow_unused=*/true);
    for (std::size_t i = 0; i < grads.size(); ++i) {
      if (!grads[i].defined()) grads[i] = at::zeros_like(leaves[i]);
      grads[i] = grads[i].reshape({-1});
    }
    rows.push_back(std::move(grads));
  }

  std::int64_t compared = 0;
  at::NoGradGuard no_grad;
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    at::Tensor flat = leaves[i].detach().view({-1});  // shares storage with the leaf
    int reported = 0;
    for (std::int64_t k = 0; k < flat.numel(); ++k) {
      const double original = flat[k].item<double>();
      flat[k].fill_(original + options.eps);
      const at::Tensor plus = flat_outputs();
      flat[k].fill_(original - options.eps);
      const at::Tensor minus = flat_outputs();
      flat[k].fill_(original);
      const at::Tensor numeric = (plus - minus) / (2 * options.eps);
      for (std::int64_t n = 0; n < n_out; ++n) {
        const double want = numeric[n].item<double>();
        const double got = rows[n][i][k].item<double>();
        ++compared;
        if (std::abs(got - want) > options.atol + options.rtol * std::abs(want) && reported < 5) {
          ++reported;
          ADD_FAILURE() << "d output[" << n << "] / d " << inputs[i].first << "[" << k
                        << "]: autograd " << got << ", central difference " << want;
        }
      }
    }
  }
  return compared;
}

}  // namespace zipp::training::testing

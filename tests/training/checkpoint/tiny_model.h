// A small model and optimizer for the checkpoint tests: two Linear layers with dropout between
// them (so a training step draws from the global generator) and a buffer, trained with Adam.
#pragma once

#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <ATen/core/grad_mode.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/mse_loss.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/zeros.h>
#include <c10/util/C++17.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>

namespace zipp::training::testing {

struct TinyNet : torch::nn::Module {
  explicit TinyNet(int hidden = 8)
      : first(register_module("first", torch::nn::Linear(4, hidden))),
        dropout(register_module("dropout", torch::nn::Dropout(0.5))),
        second(register_module("second", torch::nn::Linear(hidden, 2))),
        seen(register_buffer("seen", at::zeros({1}))) {}

  at::Tensor forward(const at::Tensor& x) { return second(dropout(first(x)).relu()); }

  torch::nn::Linear first;
  torch::nn::Dropout dropout;
  torch::nn::Linear second;
  at::Tensor seen;
};

inline torch::optim::Adam make_adam(TinyNet& net, double lr = 1e-2) {
  return torch::optim::Adam(net.parameters(), torch::optim::AdamOptions(lr));
}

// One training step on fresh random data: the data and the dropout mask both come from the
// global generator, so the step depends on its state.
inline void train_step(TinyNet& net, torch::optim::Adam& adam) {
  net.train();
  const at::Tensor x = at::randn({16, 4});
  const at::Tensor y = at::randn({16, 2});
  adam.zero_grad();
  at::mse_loss(net.forward(x), y).backward();
  adam.step();
  {
    at::NoGradGuard no_grad;
    net.seen.add_(1);
  }
}

// Deep copies of the parameters and buffers, in registration order.
inline std::vector<at::Tensor> snapshot(const TinyNet& net) {
  std::vector<at::Tensor> out;
  for (const auto& p : net.parameters()) out.push_back(p.detach().clone());
  for (const auto& b : net.buffers()) out.push_back(b.detach().clone());
  return out;
}

inline bool bitwise_equal(const std::vector<at::Tensor>& a, const std::vector<at::Tensor>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!at::equal(a[i], b[i])) return false;
  }
  return true;
}

inline const torch::optim::AdamParamState& adam_state(const torch::optim::Adam& adam,
                                                      const at::Tensor& parameter) {
  const auto& state = adam.state();
  return static_cast<const torch::optim::AdamParamState&>(
      *state.at(c10::guts::to_string(parameter.unsafeGetTensorImpl())));
}

}  // namespace zipp::training::testing

// The builtin tiny model as one module (docs/generation.md "Builtin tiny model"): its text
// encoder and its UNet, saved and loaded together (generation/builtin/tiny_weights.h).
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "generation/builtin/tiny_architecture.h"
#include "generation/builtin/tiny_text_encoder.h"
#include "generation/builtin/tiny_unet.h"

namespace zipp::generation::builtin {

class TinyModelImpl : public torch::nn::Module {
 public:
  explicit TinyModelImpl(const TinyArchitecture& architecture)
      : architecture(architecture),
        text(register_module("text", TinyTextEncoder(architecture))),
        unet(register_module("unet", TinyUNet(architecture))) {}

  TinyArchitecture architecture;
  TinyTextEncoder text;
  TinyUNet unet;
};
TORCH_MODULE(TinyModel);

}  // namespace zipp::generation::builtin

// Everything the trainer optimises and checkpoints (docs method §2), as one module tree: the
// encoder, the link heads (users vs subreddits), the ImageAlign projector and the align heads
// (users vs projected visual vectors), each pair of heads with its own logit scale. The losses
// live elsewhere; this holds parameters and the forward maps.
#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "training/model/contrastive_heads.h"
#include "training/model/encoder.h"
#include "training/model/image_align_projector.h"
#include "training/model/model_config.h"

namespace zipp::training {

class PersonaModelImpl : public torch::nn::Module {
 public:
  explicit PersonaModelImpl(const ModelConfig& config);

  const ModelConfig& config() const { return config_; }
  Encoder& encoder() { return encoder_; }
  ContrastiveHeads& link_heads() { return link_heads_; }
  ContrastiveHeads& align_heads() { return align_heads_; }
  ImageAlignProjector& align_projector() { return align_projector_; }

 private:
  ModelConfig config_;
  Encoder encoder_{nullptr};
  ContrastiveHeads link_heads_{nullptr};
  ContrastiveHeads align_heads_{nullptr};
  ImageAlignProjector align_projector_{nullptr};
};
TORCH_MODULE(PersonaModel);

}  // namespace zipp::training

#include "training/model/persona_model.h"

namespace zipp::training {

PersonaModelImpl::PersonaModelImpl(const ModelConfig& config) : config_(config) {
  validate_model_config(config_);
  const std::int64_t inner = config_.resolved_head_hidden();
  encoder_ = register_module("encoder", Encoder(config_));
  link_heads_ = register_module("link_heads", ContrastiveHeads(config_.hidden, inner));
  align_heads_ = register_module("align_heads", ContrastiveHeads(config_.hidden, inner));
  align_projector_ =
      register_module("align_projector",
                      ImageAlignProjector(config_.alignment_dim, config_.hidden, config_.dropout));
}

}  // namespace zipp::training

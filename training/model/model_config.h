// The `model` configuration section: every size and constant of the encoder, its two pairs of
// contrastive heads and the ImageAlign projector (docs method §2). The model is built from this
// struct alone, so a checkpoint's config reproduces its parameter shapes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/config/section_spec.h"

namespace zipp::training {

struct ModelConfig {
  static constexpr std::string_view kName = "model";
  std::int64_t hidden = 512;         // H: every embedding the encoder produces
  std::int64_t heads = 6;            // K: GATv2 attention heads, averaged
  double attention_dropout = 0.3;    // on the attention coefficients, training only
  double dropout = 0.1;              // input projections and the ImageAlign projector
  std::int64_t feature_dim = 128;    // D: subreddit features (graph.feature_dim)
  std::int64_t user_input_dim = 0;   // D_user of the learned user input; 0: hidden
  std::int64_t alignment_dim = 128;  // Da: the users' alignment vectors v_u
  std::int64_t head_hidden = 0;      // inner width of the MLP heads; 0: hidden
  double tau = 0.07;                 // InfoNCE temperature
  double logit_scale_cap = 6.0;      // the loss uses exp(min(theta, cap)) / tau
  std::string aggregator = "gatv2";  // "gatv2" (the method) or "mean" (GraphSAGE, the ablation)

  static void describe(core::config::SectionSpec<ModelConfig>& spec);

  std::int64_t resolved_user_input_dim() const {
    return user_input_dim > 0 ? user_input_dim : hidden;
  }
  bool uses_attention() const { return aggregator == "gatv2"; }
  std::int64_t resolved_head_hidden() const { return head_hidden > 0 ? head_hidden : hidden; }
};

// Throws ConfigError naming the first bad key; the model constructors call it, so a model is never
// built from sizes the section checks would have refused.
void validate_model_config(const ModelConfig& config);

}  // namespace zipp::training

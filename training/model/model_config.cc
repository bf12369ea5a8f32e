#include "training/model/model_config.h"

#include <any>
#include <string>
#include <utility>

#include "core/error.h"
#include "core/str.h"

namespace zipp::training {
namespace {

constexpr std::int64_t kMaxSize = 65536;

bool valid_size(std::int64_t v) { return v >= 1 && v <= kMaxSize; }
bool valid_optional_size(std::int64_t v) { return v >= 0 && v <= kMaxSize; }
bool valid_rate(double p) { return p >= 0 && p < 1; }

}  // namespace

void ModelConfig::describe(core::config::SectionSpec<ModelConfig>& spec) {
  spec.field("hidden", &ModelConfig::hidden, "H, the width of every user and subreddit embedding")
      .check(valid_size, "must be in [1, 65536]");
  spec.field("heads", &ModelConfig::heads, "K, GATv2 attention heads (averaged, not concatenated)")
      .check([](std::int64_t k) { return k >= 1 && k <= 256; }, "must be in [1, 256]");
  spec.field("attention_dropout", &ModelConfig::attention_dropout,
             "dropout on the attention coefficients while training")
      .check(valid_rate, "must be in [0, 1)");
  spec.field("dropout", &ModelConfig::dropout,
             "dropout of the input projections and the ImageAlign projector while training")
      .check(valid_rate, "must be in [0, 1)");
  spec.field("feature_dim", &ModelConfig::feature_dim,
             "D, the subreddit feature dimension; must equal the graph's (graph.feature_dim)")
      .check(valid_size, "must be in [1, 65536]");
  spec.field("user_input_dim", &ModelConfig::user_input_dim,
             "size of the learned type-level user input vector; 0: hidden")
      .check(valid_optional_size, "must be in [0, 65536]");
  spec.field("alignment_dim", &ModelConfig::alignment_dim,
             "Da, the dimension of the users' alignment vectors (ImageAlign input)")
      .check(valid_size, "must be in [1, 65536]");
  spec.field("head_hidden", &ModelConfig::head_hidden,
             "inner width of the Linear-SiLU-Linear contrastive heads; 0: hidden")
      .check(valid_optional_size, "must be in [0, 65536]");
  spec.field("tau", &ModelConfig::tau, "InfoNCE temperature")
      .check([](double t) { return t > 0 && t <= 10; }, "must be in (0, 10]");
  spec.field("logit_scale_cap", &ModelConfig::logit_scale_cap,
             "upper clamp of the learnable log-scale theta in exp(min(theta, cap)) / tau")
      .check([](double c) { return c >= 0 && c <= 20; }, "must be in [0, 20]");
  spec.choice("aggregator", &ModelConfig::aggregator, {"gatv2", "mean"},
              "neighbour aggregation of both passes: gatv2 (attention, the method) or mean "
              "(GraphSAGE, the ablation baseline; edge features unused)");
}

void validate_model_config(const ModelConfig& config) {
  // The section's own checks, so a model built in code obeys exactly what a config file must.
  core::config::SectionSpec<ModelConfig> spec;
  ModelConfig::describe(spec);
  const core::config::SectionSchema schema = std::move(spec).release();
  const std::any section(config);
  for (const core::config::FieldSpec& field : schema.fields) {
    for (const core::config::SectionCheck& check : field.checks) {
      const std::string problem = check(section);
      if (!problem.empty())
        throw core::ConfigError(core::str("key 'model.", field.key, "': ", problem));
    }
  }
  // Choices are checked when a file is read; a config built in code is checked here.
  if (config.aggregator != "gatv2" && config.aggregator != "mean") {
    throw core::ConfigError(core::str("key 'model.aggregator': expected gatv2 or mean, found '",
                                      config.aggregator, "'"));
  }
  for (const core::config::SectionCheck& rule : schema.rules) {
    const std::string problem = rule(section);
    if (!problem.empty()) throw core::ConfigError(core::str("section 'model': ", problem));
  }
}

}  // namespace zipp::training

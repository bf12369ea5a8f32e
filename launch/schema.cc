#include "launch/schema.h"

#include "core/config/core_sections.h"
#include "eval/bench/bench_config.h"
#include "generation/builtin/tiny_diffusion_config.h"
#include "generation/run/generate_config.h"
#include "graph/graph_config.h"
#include "graph/ingest/ingest_config.h"
#include "graph/synth/synth_config.h"
#include "launch/pipeline/pipeline_config.h"
#include "launch/slurm/slurm_config.h"
#include "partition/partition_config.h"
#include "training/embed/embed_config.h"
#include "training/model/model_config.h"
#include "training/trainer/train_config.h"
#include "verbalize/llm/llm_config.h"
#include "verbalize/run/rewrite_config.h"
#include "verbalize/run/verbalize_config.h"

namespace zipp::launch {

core::config::Schema zipp_schema() {
  core::config::Schema schema;
  core::config::add_core_sections(schema);
  schema.add<graph::GraphConfig>();
  schema.add<graph::IngestConfig>();
  schema.add<graph::synth::SynthConfig>();
  schema.add<partition::PartitionConfig>();
  schema.add<training::ModelConfig>();
  schema.add<training::TrainConfig>();
  schema.add<training::EmbedConfig>();
  schema.add<verbalize::LlmConfig>();
  schema.add<verbalize::VerbalizeConfig>();
  schema.add<verbalize::RewriteConfig>();
  schema.add<generation::builtin::TinyDiffusionConfig>();  // builtin tiny model
  schema.add<generation::GenerateConfig>();                // zipp generate
  schema.add<eval::BenchConfig>();                         // zipp eval bench
  schema.add<SlurmConfig>();                               // zipp slurm render|submit
  schema.add<PipelineConfig>();                            // zipp pipeline
  return schema;
}

}  // namespace zipp::launch

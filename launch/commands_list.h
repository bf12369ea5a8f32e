// The run functions of every subcommand, one per file in launch/; commands.cc lists them.
#pragma once

#include "launch/command.h"

namespace zipp::launch {

int run_config_print(const Invocation& invocation);
int run_config_get(const Invocation& invocation);
int run_config_keys(const Invocation& invocation);
int run_env(const Invocation& invocation);
int run_trace_merge(const Invocation& invocation);
int run_graph_synth(const Invocation& invocation);
int run_graph_ingest(const Invocation& invocation);
int run_graph_info(const Invocation& invocation);
int run_graph_validate(const Invocation& invocation);
int run_graph_history(const Invocation& invocation);
int run_partition(const Invocation& invocation);
int run_partition_report(const Invocation& invocation);
int run_train(const Invocation& invocation);
int run_embed(const Invocation& invocation);
int run_eval_cmmd(const Invocation& invocation);
int run_eval_ipf(const Invocation& invocation);
int run_eval_bench(const Invocation& invocation);
int run_pipeline_command(const Invocation& invocation);  // zipp pipeline
int run_bench_scaling(const Invocation& invocation);     // zipp bench scaling
int run_verbalize(const Invocation& invocation);
int run_rewrite(const Invocation& invocation);
int run_generation_train_tiny(const Invocation& invocation);  // builtin tiny model
int run_generate(const Invocation& invocation);               // zipp generate
int run_slurm_render(const Invocation& invocation);           // zipp slurm render (Slurm jobs)
int run_slurm_submit(const Invocation& invocation);           // zipp slurm submit (Slurm jobs)

}  // namespace zipp::launch

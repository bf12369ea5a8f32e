#include "launch/command.h"
#include "launch/commands_list.h"

namespace zipp::launch {

std::span<const Command> commands() {
  static const Command kCommands[] = {
      {"pipeline", "run every stage in order (synth ... eval bench), skipping complete ones",
       MpiUse::kNone, run_pipeline_command},
      {"bench scaling", "strong and weak scaling sweeps of training (and generation) over ranks",
       MpiUse::kNone, run_bench_scaling},
      {"env", "ranks, local ranks, hosts, threads, LibTorch, devices, backends, Slurm variables",
       MpiUse::kRequired, run_env},
      {"config print", "print the resolved configuration (file, defaults and overrides)",
       MpiUse::kNone, run_config_print},
      {"config get", "print one resolved configuration value (for scripts)", MpiUse::kNone,
       run_config_get},
      {"config keys", "list every configuration key with its type, default and meaning",
       MpiUse::kNone, run_config_keys},
      {"trace merge", "combine per-rank Chrome traces; print each phase's min/median/max",
       MpiUse::kNone, run_trace_merge},
      {"graph synth", "draw the synthetic Reddit world and its ground truth as graph.h5",
       MpiUse::kRequired, run_graph_synth},
      {"graph ingest", "build graph.h5 from Pushshift dumps, edge lists or a networkx GML network",
       MpiUse::kRequired, run_graph_ingest},
      {"graph info", "counts, degree percentiles and feature statistics of a graph.h5",
       MpiUse::kNone, run_graph_info},
      {"graph validate", "check every invariant of a graph.h5; exit 3 naming the first defect",
       MpiUse::kNone, run_graph_validate},
      {"graph history", "synthetic users' image-prompt history (rewrite.examples) from the truth",
       MpiUse::kNone, run_graph_history},
      {"partition", "split graph.h5 into one shard per rank and the partition book (METIS)",
       MpiUse::kNone, run_partition},
      {"partition report", "edge cut, balance, halo and feature traffic of METIS vs hashing",
       MpiUse::kNone, run_partition_report},
      {"train", "train the persona miner (or score a baseline) on the partitioned graph",
       MpiUse::kRequired, run_train},
      {"embed", "embed every user (or new users from an edge list) with a trained checkpoint",
       MpiUse::kRequired, run_embed},
      {"eval cmmd", "CMMD between two sets of image embeddings (HDF5 or .npy)", MpiUse::kNone,
       run_eval_cmmd},
      {"eval ipf", "rake a table of cell scores to demographic target margins (IPF)", MpiUse::kNone,
       run_eval_ipf},
      {"eval bench", "ZIPBench-synth: score every method's images against each user's true taste",
       MpiUse::kNone, run_eval_bench},
      {"verbalize", "write each user's persona from its ranked subreddits through the LLM",
       MpiUse::kRequired, run_verbalize},
      {"rewrite", "rewrite base prompts per persona and method into jobs.jsonl for generation",
       MpiUse::kRequired, run_rewrite},
      // The builtin tiny diffusion model (docs/generation.md "Builtin tiny model").
      {"generation train-tiny", "train the builtin tiny text-to-image model on rendered images",
       MpiUse::kNone, run_generation_train_tiny},
      // Distributed, resumable image generation (docs/generation.md "zipp generate").
      {"generate", "draw each job of jobs.jsonl as a PNG with its sidecar (resumable, on ranks)",
       MpiUse::kRequired, run_generate},
      // Slurm batch jobs of any stage (docs/operations.md "Slurm jobs").
      {"slurm render", "write the sbatch script (and resolved config) of the slurm section's stage",
       MpiUse::kNone, run_slurm_render},
      {"slurm submit", "render the sbatch script, submit it with sbatch and print the job id",
       MpiUse::kNone, run_slurm_submit},
  };
  return kCommands;
}

}  // namespace zipp::launch

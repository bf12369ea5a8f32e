// `zipp train`: trains the persona miner on the partitioned graph (docs/training.md), one rank
// per part: each rank opens its own shard (partition.output, or parts/ in the run directory),
// and the run directory receives metrics.jsonl and checkpoints/. train.method popularity or
// tfidf scores a baseline through the same evaluation instead. Exits 4 (kExitStopped) when
// SIGUSR1/SIGTERM stopped the run after a checkpoint.
#include "core/comm/agree.h"
#include "core/comm/collectives.h"
#include "core/comm/communicator.h"
#include "core/config/core_sections.h"
#include "core/error.h"
#include "core/log.h"
#include "core/str.h"
#include "launch/cli.h"
#include "launch/collectives_options.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/run_context.h"
#include "partition/partition_config.h"
#include "partition/shard.h"
#include "training/model/model_config.h"
#include "training/trainer/train_config.h"
#include "training/trainer/trainer.h"

namespace zipp::launch {

int run_train(const Invocation& invocation) {
  const auto world = core::comm::Communicator::world();
  const ParsedCommandLine parsed = parse_collective_command_line(invocation, "train", world);
  if (parsed.common.help) return kExitOk;

  const RunContext context = open_run(parsed, invocation, world);
  const auto parts_dir =
      context.config.get<partition::PartitionConfig>().resolve_output(context.run_dir);
  partition::Shard shard;
  core::comm::agree_on_setup(
      world,
      [&] {
        shard = partition::open_rank_shard(parts_dir, world.rank());
        ZIPP_CHECK_T(core::ConfigError, shard.num_parts == world.size(), "the partition in ",
                     parts_dir.string(), " has ", shard.num_parts, " parts but the job has ",
                     world.size(),
                     " ranks: start one rank per part, or partition again with "
                     "partition.parts=",
                     world.size());
      },
      "train: opening this rank's shard");

  training::TrainerSetup setup;
  setup.train = context.config.get<training::TrainConfig>();
  setup.model = context.config.get<training::ModelConfig>();
  setup.seed = context.config.get<core::config::RunConfig>().seed;
  setup.run_dir = context.run_dir;
  setup.config_yaml = context.config.to_yaml();
  setup.local_rank = context.topology.local_rank;
  setup.local_size = context.topology.local_size;
  core::comm::Collectives collectives(world, collectives_options(context));
  const training::TrainResult result = training::run_training(shard, world, collectives, setup);
  close_run(context);
  return result.outcome == training::TrainOutcome::kStopped ? kExitStopped : kExitOk;
}

}  // namespace zipp::launch

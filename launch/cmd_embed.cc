// `zipp embed`: the inductive forward pass of a trained checkpoint (docs/training.md
// "Embedding") for every user of graph.h5, or for new users given as an edge list (embed.users),
// written to embeddings.h5 (docs/formats.md "Embeddings"). Ranks take contiguous user ranges,
// each writes a part file, and rank 0 merges the parts in rank order; the output does not depend
// on the number of ranks.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <system_error>
#include <thread>

#include <ATen/Parallel.h>

#include "core/comm/agree.h"
#include "core/comm/communicator.h"
#include "core/comm/control.h"
#include "core/config/core_sections.h"
#include "core/config/load.h"
#include "core/error.h"
#include "core/log.h"
#include "core/progress.h"
#include "core/str.h"
#include "graph/graph_config.h"
#include "graph/graph_reader.h"
#include "graph/synth/truth_reader.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/run_context.h"
#include "launch/schema.h"
#include "training/checkpoint/checkpoint.h"
#include "training/checkpoint/checkpoint_layout.h"
#include "training/embed/embed_config.h"
#include "training/embed/embeddings_file.h"
#include "training/embed/new_users.h"
#include "training/embed/user_embedder.h"
#include "training/eval/archetype_recovery.h"
#include "training/model/model_config.h"
#include "training/model/persona_model.h"
#include "training/trainer/model_scorer.h"
#include "training/trainer/user_block.h"

namespace zipp::launch {
namespace {

namespace fs = std::filesystem;

// The checkpoint embed.checkpoint names, verified, with a line for the log.
training::ResumeDecision choose_checkpoint(const std::string& setting, const fs::path& run_dir) {
  const fs::path checkpoints = run_dir / "checkpoints";
  if (setting == "auto") {
    // decide_resume warns about each corrupt checkpoint it skips; its reason speaks of resuming.
    training::ResumeDecision decision = training::decide_resume("auto", checkpoints);
    ZIPP_CHECK_T(core::ConfigError, decision.checkpoint.has_value(),
                 "embed.checkpoint=auto: no complete checkpoint in ", checkpoints.string(),
                 " (train first with zipp train, or set embed.checkpoint to a checkpoint "
                 "directory)");
    decision.reason = "embed.checkpoint=auto: the newest complete checkpoint that verifies";
    return decision;
  }
  const fs::path path(setting);
  ZIPP_CHECK_T(core::ConfigError, fs::is_directory(path), "embed.checkpoint: ", path.string(),
               " is not a directory (expected auto or a checkpoint directory step-<N>)");
  training::verify_checkpoint(path);
  return {path, "embed.checkpoint names it; it verifies"};
}

void set_threads(std::int64_t threads, int local_size) {
  if (threads == 0) {
    const auto cores = static_cast<std::int64_t>(std::max(1U, std::thread::hardware_concurrency()));
    threads = std::max<std::int64_t>(1, cores / std::max(1, local_size));
  }
  at::set_num_threads(static_cast<int>(threads));
}

}  // namespace

int run_embed(const Invocation& invocation) {
  const auto world = core::comm::Communicator::world();
  const ParsedCommandLine parsed = parse_collective_command_line(invocation, "embed", world);
  if (parsed.common.help) return kExitOk;

  const RunContext context = open_run(parsed, invocation, world);
  const auto started = std::chrono::steady_clock::now();
  const auto config = context.config.get<training::EmbedConfig>();
  const fs::path graph_path =
      context.config.get<graph::GraphConfig>().resolve_path(context.run_dir);
  const fs::path output = config.resolve_output(context.run_dir);
  const int rank = world.rank();
  const int ranks = world.size();

  // Rank 0 chooses (verifying checksums once); every rank loads the same checkpoint.
  training::ResumeDecision choice;
  core::comm::agree_on_setup(
      world,
      [&] {
        if (rank == 0) choice = choose_checkpoint(config.checkpoint, context.run_dir);
      },
      "embed: choosing the checkpoint");
  const fs::path checkpoint = core::comm::allgather_strings(
      world, choice.checkpoint ? choice.checkpoint->string() : std::string())[0];
  ZIPP_LOG_INFO("embed: model from ", checkpoint.string(), " (", choice.reason, ")");

  training::LoadedCheckpoint state;
  training::ModelConfig model_config;
  training::PersonaModel model{nullptr};
  std::optional<graph::GraphReader> reader;
  at::Tensor features;
  core::comm::agree_on_setup(
      world,
      [&] {
        set_threads(config.threads, context.topology.local_size);
        state = training::read_checkpoint_state(checkpoint);
        model_config =
            core::config::load_config(zipp_schema(), checkpoint / training::kConfigFile, {})
                .get<training::ModelConfig>();
        model = training::PersonaModel(model_config);
        training::load_model_parameters(checkpoint, *model);
        model->eval();
        reader = graph::GraphReader::open(graph_path);
        ZIPP_CHECK_T(core::ConfigError, reader->meta().feature_dim == model_config.feature_dim,
                     graph_path.string(), " has subreddit features of dimension ",
                     reader->meta().feature_dim,
                     " but the checkpoint's model was trained with "
                     "model.feature_dim=",
                     model_config.feature_dim, " (", checkpoint.string(),
                     "): embed with the graph the model was trained on");
        features = reader->subreddit_features();
        // Before the pass over the graph that new users need.
        ZIPP_CHECK_T(core::IoError, !config.new_users() || fs::is_regular_file(config.users),
                     "embed.users: no file ", config.users);
        if (output.has_parent_path()) fs::create_directories(output.parent_path());
      },
      "embed: loading the model and the graph");
  const graph::GraphMeta& graph_meta = reader->meta();
  ZIPP_LOG_INFO("embed: ", model_config.aggregator, " encoder, hidden ", model_config.hidden,
                ", trained for ", state.progress.global_step, " steps");

  // New users: the edge list against the graph's subreddits, N_s summed over every rank's share.
  std::optional<training::NewUsers> new_users;
  if (config.new_users()) {
    std::vector<std::int64_t> totals;
    core::comm::agree_on_setup(
        world,
        [&] {
          const std::int64_t u = graph_meta.num_users;
          totals = training::graph_subreddit_totals(*reader, rank * u / ranks,
                                                    (rank + 1) * u / ranks, config.batch_users);
        },
        "embed: summing the graph's subreddit totals");
    totals = core::comm::allreduce_sum_ints(world, totals);
    core::comm::agree_on_setup(
        world,
        [&] {
          new_users = training::read_new_users(config.users, reader->subreddit_names(), totals);
        },
        "embed: reading new users");
    ZIPP_LOG_INFO("embed: ", config.users, ": ", new_users->records, " rows (",
                  new_users->malformed, " malformed), ", new_users->names.size(), " users, ",
                  new_users->known_edges, " edges to subreddits of the graph; skipped ",
                  new_users->unknown_edges, " edges to ", new_users->unknown_subreddits,
                  " subreddits the graph does not have; ", new_users->users_without_edges,
                  " users with no known subreddit (embedded from no edge)");
  }

  const std::int64_t total_users =
      new_users ? static_cast<std::int64_t>(new_users->names.size()) : graph_meta.num_users;
  const std::int64_t begin = rank * total_users / ranks;
  const std::int64_t end = (rank + 1) * total_users / ranks;
  const fs::path part_path = training::embeddings_part_path(output, rank);
  ZIPP_LOG_INFO("embed: ", total_users, " users of ",
                new_users ? config.users : graph_path.string(), " on ", ranks, " ranks, ",
                config.batch_users, " per forward pass, top ", config.top_k, " subreddits each");
  core::comm::agree_on_setup(
      world,
      [&] {
        training::EmbeddingsPartWriter part(part_path, model_config.hidden, config.top_k);
        core::Progress progress(core::str("embed users ", begin, "-", end), end - begin,
                                {.unit = "users"});
        std::vector<std::int64_t> ids;
        std::vector<std::string> names;
        for (std::int64_t b = begin; b < end; b += config.batch_users) {
          const std::int64_t e = std::min(end, b + config.batch_users);
          const graph::UserRows rows = new_users ? training::slice_user_rows(new_users->rows, b, e)
                                                 : reader->read_user_rows(b, e);
          const training::EmbeddedUsers embedded =
              training::embed_users(model, training::user_block(rows, features), config.top_k);
          ids.assign(static_cast<std::size_t>(e - b), -1);
          if (new_users) {
            names.assign(new_users->names.begin() + b, new_users->names.begin() + e);
          } else {
            for (std::int64_t u = b; u < e; ++u) ids[u - b] = u;
            names = reader->user_names(b, e);
          }
          part.append(ids, names, embedded);
          progress.advance(e - b);
        }
        part.commit();
        progress.finish();
      },
      "embed: embedding this rank's users");

  std::int64_t written = 0;
  core::comm::agree_on_setup(
      world,
      [&] {
        if (rank != 0) return;
        training::EmbeddingsMeta meta;
        meta.checkpoint = checkpoint.string();
        meta.global_step = state.progress.global_step;
        meta.aggregator = model_config.aggregator;
        meta.top_k = config.top_k;
        meta.source = new_users ? config.users : std::string("graph");
        std::vector<fs::path> parts;
        for (int r = 0; r < ranks; ++r) parts.push_back(training::embeddings_part_path(output, r));
        model->eval();
        written = training::merge_embedding_parts(parts, output, meta,
                                                  training::embed_all_subreddits(model, features));
      },
      "embed: merging the parts");
  // The merge removes the parts; after a failure they are removed here.
  std::error_code ignored;
  fs::remove(part_path, ignored);

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // On a synthetic graph, how well the embeddings recover the planted tastes (rank 0 reads).
  if (rank == 0 && !new_users && config.archetype_users > 0 &&
      graph::synth::has_truth(reader->file())) {
    // A report on finished output: a failure here is logged, the embeddings stay.
    try {
      const training::ArchetypeRecovery recovery =
          training::archetype_recovery(output, graph_path, config.archetype_users,
                                       context.config.get<core::config::RunConfig>().seed);
      ZIPP_LOG_INFO("embed: archetype recovery: k-means NMI ", core::fixed(recovery.nmi, 4),
                    " against the planted dominant archetypes (", recovery.users, " users, ",
                    recovery.clusters, " clusters)");
    } catch (const std::exception& error) {
      ZIPP_LOG_WARN("embed: archetype recovery skipped: ", error.what());
    }
  }
  ZIPP_LOG_INFO("embed: ", written, " users in ", core::fixed(seconds, 1), " s (",
                core::format_human(static_cast<double>(written) / std::max(seconds, 1e-9)),
                " users/s) -> ", output.string());
  close_run(context);
  return kExitOk;
}

}  // namespace zipp::launch

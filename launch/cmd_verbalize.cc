// `zipp verbalize`: a persona per user (docs/personas.md "zipp verbalize"): each user's ranked
// subreddits (embeddings.h5, or graph.h5 interactions), evidence within the token budget, the
// verbalization prompt, the configured LLM through the reply cache, personas.jsonl. Ranks take
// contiguous user-id ranges and write a part each; rank 0 concatenates them in rank order, so the
// output does not depend on the number of ranks. A rerun asks only what has not succeeded.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <optional>
#include <sstream>
#include <unordered_set>

#include "core/comm/agree.h"
#include "core/comm/communicator.h"
#include "core/comm/control.h"
#include "core/config/core_sections.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/rank_parts.h"
#include "core/log.h"
#include "core/progress.h"
#include "core/random/hash.h"
#include "core/str.h"
#include "graph/graph_config.h"
#include "graph/graph_reader.h"
#include "graph/synth/truth_reader.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/run_context.h"
#include "training/embed/embeddings_file.h"
#include "verbalize/llm/llm_config.h"
#include "verbalize/llm/make_client.h"
#include "verbalize/persona/persona_file.h"
#include "verbalize/prompts/verbalize_prompt.h"
#include "verbalize/run/persona_recovery.h"
#include "verbalize/run/request_tally.h"
#include "verbalize/run/verbalize_config.h"
#include "verbalize/run/verbalize_users.h"

namespace zipp::launch {
namespace {

namespace fs = std::filesystem;
using verbalize::VerbalizeConfig;

// Users [begin, end) with their ranked subreddits, by the configured ranking.
std::vector<verbalize::UserInput> read_inputs(const VerbalizeConfig& config,
                                              const graph::GraphReader& reader,
                                              const fs::path& embeddings, std::int64_t begin,
                                              std::int64_t end) {
  const verbalize::SubredditText text{reader.subreddit_names(), reader.subreddit_descriptions()};
  if (config.ranking == "attention") {
    return verbalize::attention_inputs(training::read_embeddings(embeddings, begin, end), text,
                                       config.top_k);
  }
  return verbalize::interaction_inputs(reader.read_user_rows(begin, end),
                                       reader.user_names(begin, end), text, config.top_k);
}

}  // namespace

int run_verbalize(const Invocation& invocation) {
  const auto world = core::comm::Communicator::world();
  const ParsedCommandLine parsed = parse_collective_command_line(invocation, "verbalize", world);
  if (parsed.common.help) return kExitOk;

  const RunContext context = open_run(parsed, invocation, world);
  const auto config = context.config.get<VerbalizeConfig>();
  const auto llm = context.config.get<verbalize::LlmConfig>();
  const auto seed = static_cast<std::uint64_t>(context.config.get<core::config::RunConfig>().seed);
  const fs::path graph_path =
      context.config.get<graph::GraphConfig>().resolve_path(context.run_dir);
  const fs::path embeddings = config.resolve_embeddings(context.run_dir);
  const fs::path output = config.resolve_output(context.run_dir);
  const int rank = world.rank();
  const int ranks = world.size();

  std::optional<graph::GraphReader> reader;
  std::optional<verbalize::PromptTemplate> prompt;
  std::vector<verbalize::UserInput> inputs;
  verbalize::SnippetIndex snippets;
  std::unique_ptr<verbalize::LlmClient> client;
  std::optional<verbalize::RequestCache> cache;
  std::int64_t total = 0;
  core::comm::agree_on_setup(
      world,
      [&] {
        prompt =
            verbalize::PromptTemplate::load(config.prompt, verbalize::verbalize_placeholders());
        client = verbalize::make_llm_client(llm, core::hash_keys({seed, std::uint64_t(rank)}));
        reader = graph::GraphReader::open(graph_path);
        total = config.ranking == "attention" ? training::read_embeddings_meta(embeddings).num_users
                                              : reader->meta().num_users;
        if (config.max_users > 0) total = std::min(total, config.max_users);
        inputs = read_inputs(config, *reader, embeddings, rank * total / ranks,
                             (rank + 1) * total / ranks);
        if (!config.snippets.empty()) {
          std::unordered_set<std::string> mine;
          for (const auto& u : inputs) mine.insert(u.name);
          snippets = verbalize::SnippetIndex::read(config.snippets, [&](std::string_view user) {
            return mine.count(std::string(user));
          });
        }
        cache.emplace(config.resolve_cache(context.run_dir), "verbalize", rank);
        if (output.has_parent_path()) fs::create_directories(output.parent_path());
      },
      "verbalize: reading the inputs");
  ZIPP_LOG_INFO("verbalize: ", total, " users ranked by ", config.ranking, " on ", ranks,
                " ranks, top ", config.top_k, " subreddits, budget ", config.token_budget,
                " tokens, backend ", client->backend(), " (", client->model_identity(), "), ",
                cache->size(), " cached replies on rank 0");

  std::vector<verbalize::Persona> personas;
  verbalize::RequestTally tally;
  core::comm::agree_on_setup(
      world,
      [&] {
        core::Progress progress("verbalize", static_cast<std::int64_t>(inputs.size()),
                                {.unit = "users"});
        const auto size = static_cast<std::int64_t>(inputs.size());
        for (std::int64_t b = 0; b < size; b += config.batch_users) {
          const std::vector<verbalize::UserInput> batch(
              inputs.begin() + b, inputs.begin() + std::min(size, b + config.batch_users));
          auto result = verbalize::verbalize_users(
              batch, snippets, *prompt, config.evidence_options(), llm, *client, *cache,
              [&](const verbalize::ChatOutcome&) { progress.advance(); });
          tally.cached += result.cached;
          for (std::size_t i = 0; i < batch.size(); ++i) {
            const auto& o = result.outcomes[i];
            tally.add_sent(o);
            if (result.personas[i]) {
              personas.push_back(std::move(*result.personas[i]));
              ++tally.written;
            } else if (++tally.failed <= 5) {
              ZIPP_LOG_ONE(kWarn, "verbalize: no persona for user ", batch[i].name, ": ",
                           verbalize::chat_failure_name(o.failure), ": ", o.error);
            }
          }
        }
        progress.finish();
        verbalize::write_personas(core::rank_part_path(output, rank), personas);
      },
      "verbalize: asking the LLM");
  core::comm::agree_on_setup(
      world,
      [&] {
        if (rank == 0) core::join_rank_parts(output, ranks);
      },
      "verbalize: merging the parts");

  // On a synthetic graph, how well the personas recover the planted tastes (a report on finished
  // output: a failure here is logged, the personas stay).
  std::vector<std::int64_t> recovery(3, 0);
  if (graph::synth::has_truth(reader->file())) {
    try {
      const auto r = verbalize::persona_recovery(personas, reader->file());
      recovery = {r.users, r.dominant, r.in_mixture};
    } catch (const std::exception& error) {
      ZIPP_LOG_ONE(kWarn, "verbalize: persona recovery skipped: ", error.what());
    }
  }
  recovery = core::comm::allreduce_sum_ints(world, recovery);
  if (recovery[0] > 0) {
    const auto share = [&](std::int64_t n) {
      return core::fixed(static_cast<double>(n) / static_cast<double>(recovery[0]), 4);
    };
    ZIPP_LOG_INFO("verbalize: persona recovery: dominant archetype ", share(recovery[1]),
                  ", one of the user's archetypes ", share(recovery[2]), " (", recovery[0],
                  " users; chance about 1 / archetypes)");
  }

  const verbalize::RequestTally sum = tally.total(world);
  ZIPP_LOG_INFO("verbalize: summary users=", total, " personas=", sum.written,
                " failed=", sum.failed, " ", sum.requests_line(), " -> ", output.string());
  close_run(context);
  if (sum.failed > 0) {
    ZIPP_LOG_ERROR("verbalize: ", sum.failed,
                   " users have no persona (warnings above name the "
                   "first of them); run again to retry only those");
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace zipp::launch

// `zipp rewrite`: jobs.jsonl for generation (docs/personas.md "zipp rewrite", docs/formats.md
// "Generation jobs"): for each persona, base prompt and method (no-persona, zipp-0shot,
// zipp-kshot) the configured LLM rewrites the prompt through the reply cache. Ranks take
// contiguous ranges of personas and write a part each; rank 0 concatenates them in rank order,
// so the output does not depend on the number of ranks. A rerun asks only what has not succeeded.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <optional>
#include <sstream>
#include <unordered_map>

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
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/run_context.h"
#include "verbalize/llm/llm_config.h"
#include "verbalize/llm/make_client.h"
#include "verbalize/persona/persona_file.h"
#include "verbalize/prompts/rewrite_prompt.h"
#include "verbalize/run/request_tally.h"
#include "verbalize/run/rewrite_config.h"
#include "verbalize/run/rewrite_inputs.h"
#include "verbalize/run/rewrite_jobs.h"

namespace zipp::launch {
namespace {

namespace fs = std::filesystem;
using verbalize::RewriteConfig;

}  // namespace

int run_rewrite(const Invocation& invocation) {
  const auto world = core::comm::Communicator::world();
  const ParsedCommandLine parsed = parse_collective_command_line(invocation, "rewrite", world);
  if (parsed.common.help) return kExitOk;

  const RunContext context = open_run(parsed, invocation, world);
  const auto config = context.config.get<RewriteConfig>();
  const auto llm = context.config.get<verbalize::LlmConfig>();
  const auto seed = static_cast<std::uint64_t>(context.config.get<core::config::RunConfig>().seed);
  const fs::path output = config.resolve_output(context.run_dir);
  const int rank = world.rank();
  const int ranks = world.size();

  std::optional<verbalize::PromptTemplate> roleplay;
  std::optional<verbalize::PromptTemplate> plain;
  std::vector<verbalize::Persona> personas;
  std::vector<std::string> base_prompts;
  std::unordered_map<std::string, std::vector<std::string>> examples;
  std::unique_ptr<verbalize::LlmClient> client;
  std::optional<verbalize::RequestCache> cache;
  std::int64_t total = 0;
  core::comm::agree_on_setup(
      world,
      [&] {
        roleplay =
            verbalize::PromptTemplate::load(config.prompt, verbalize::rewrite_placeholders());
        plain = verbalize::PromptTemplate::load(config.plain_prompt,
                                                verbalize::plain_rewrite_placeholders());
        client = verbalize::make_llm_client(llm, core::hash_keys({seed, std::uint64_t(rank)}));
        base_prompts = verbalize::read_base_prompts(config.prompts);
        if (!config.examples.empty()) examples = verbalize::read_example_prompts(config.examples);
        personas = verbalize::read_personas(config.resolve_personas(context.run_dir));
        total = static_cast<std::int64_t>(personas.size());
        if (config.max_users > 0) total = std::min(total, config.max_users);
        const auto begin = rank * total / ranks;
        const auto end = (rank + 1) * total / ranks;
        personas =
            std::vector<verbalize::Persona>(personas.begin() + begin, personas.begin() + end);
        cache.emplace(config.resolve_cache(context.run_dir), "rewrite", rank);
        if (output.has_parent_path()) fs::create_directories(output.parent_path());
      },
      "rewrite: reading the inputs");
  std::unordered_map<std::string, const verbalize::Persona*> by_name;
  for (const auto& p : personas) by_name[p.user] = &p;
  std::vector<verbalize::Job> jobs =
      verbalize::make_jobs(personas, base_prompts, config.methods, examples, config.k);
  ZIPP_LOG_INFO("rewrite: ", total, " personas x ", base_prompts.size(), " base prompts x ",
                config.methods.size(), " methods on ", ranks, " ranks, backend ", client->backend(),
                " (", client->model_identity(), ")");

  verbalize::RequestTally tally;
  core::comm::agree_on_setup(
      world,
      [&] {
        core::Progress progress("rewrite", static_cast<std::int64_t>(jobs.size()),
                                {.unit = "jobs"});
        core::AtomicFile part(core::rank_part_path(output, rank));
        const auto size = static_cast<std::int64_t>(jobs.size());
        for (std::int64_t b = 0; b < size; b += config.batch_jobs) {
          std::vector<verbalize::Job> batch(jobs.begin() + b,
                                            jobs.begin() + std::min(size, b + config.batch_jobs));
          const auto result =
              verbalize::rewrite_jobs(batch, by_name, {&*roleplay, &*plain}, llm, *client, *cache,
                                      [&](const verbalize::ChatOutcome&) { progress.advance(); });
          tally.cached += result.cached;
          for (std::size_t i = 0; i < batch.size(); ++i) {
            const auto& o = result.outcomes[i];
            tally.add_sent(o);
            if (o.succeeded) {
              part.write(verbalize::job_json(batch[i]) + "\n");
              ++tally.written;
            } else if (++tally.failed <= 5) {
              ZIPP_LOG_ONE(kWarn, "rewrite: job ", batch[i].id,
                           " failed: ", verbalize::chat_failure_name(o.failure), ": ", o.error);
            }
          }
        }
        part.commit();
        progress.finish();
      },
      "rewrite: asking the LLM");
  core::comm::agree_on_setup(
      world,
      [&] {
        if (rank == 0) core::join_rank_parts(output, ranks);
      },
      "rewrite: merging the parts");

  const verbalize::RequestTally sum = tally.total(world);
  ZIPP_LOG_INFO("rewrite: summary jobs=", sum.written + sum.failed, " written=", sum.written,
                " failed=", sum.failed, " ", sum.requests_line(), " -> ", output.string());
  close_run(context);
  if (sum.failed > 0) {
    ZIPP_LOG_ERROR("rewrite: ", sum.failed,
                   " jobs failed (warnings above name the first of "
                   "them); run again to retry only those");
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace zipp::launch

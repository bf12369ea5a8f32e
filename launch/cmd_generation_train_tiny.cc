// `zipp generation train-tiny`: trains the builtin tiny text-to-image model on procedurally
// rendered images of the synthetic world's vocabulary and writes its weights directory
// (docs/generation.md "Builtin tiny model"; the section tiny_diffusion). One process.
#include <iostream>

#include "core/config/load.h"
#include "core/error.h"
#include "core/str.h"
#include "core/text/shell_quote.h"
#include "generation/builtin/tiny_diffusion_config.h"
#include "generation/builtin/tiny_trainer.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/schema.h"

namespace zipp::launch {

int run_generation_train_tiny(const Invocation& invocation) {
  std::string output;
  std::int64_t steps = 0;
  po::options_description own("Options");
  own.add_options()("output,o", po::value(&output),
                    "weights directory to write (the key tiny_diffusion.output)")(
      "steps", po::value(&steps), "optimizer steps (the key tiny_diffusion.steps)");
  auto parsed = parse_command_line(invocation, "generation train-tiny",
                                   "[--output DIR] [--steps N] [--config FILE] [key=value ...]",
                                   own, AcceptsConfig::kYes);
  if (parsed.common.help) return kExitOk;
  reject_positional(parsed, "generation train-tiny");
  require_single_process("generation train-tiny");
  if (!output.empty()) parsed.common.overrides.push_back("tiny_diffusion.output=" + output);
  if (parsed.values.count("steps")) {
    parsed.common.overrides.push_back(core::str("tiny_diffusion.steps=", steps));
  }
  const auto config =
      core::config::load_config(zipp_schema(), parsed.common.config, parsed.common.overrides);
  auto options = config.get<generation::builtin::TinyDiffusionConfig>().options();
  options.command = core::text::shell_join(invocation.command_line);
  const auto result = generation::builtin::train_tiny(options);
  std::cout << "trained the builtin tiny model (" << result.parameters << " parameters) in "
            << result.seconds << " s, " << result.images_per_s << " images/s, final loss "
            << result.final_loss << ": " << options.output.string() << " (builtin-tiny/"
            << result.weights_digest.substr(0, 12) << ")\n";
  return kExitOk;
}

}  // namespace zipp::launch

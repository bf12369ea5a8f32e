// `zipp bench scaling`: strong and weak scaling sweeps of training (and of generation) over the
// rank counts given, for cluster admins (launch/scaling/scaling_sweep.h, docs/operations.md
// "Scaling sweeps"). Prints one `bench=scaling ...` line per run and writes scaling.md,
// scaling.json and plots into --output (default <run.dir>/scaling).
#include <iostream>
#include <sstream>
#include <thread>

#include "core/config/core_sections.h"
#include "core/config/load.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/run_record.h"
#include "core/str.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/scaling/scaling_report.h"
#include "launch/scaling/scaling_sweep.h"
#include "launch/schema.h"

namespace zipp::launch {
namespace {

// "1,2,4" -> {1, 2, 4}: positive, increasing.
std::vector<std::int64_t> parse_ranks(const std::string& text) {
  std::vector<std::int64_t> ranks;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    char* end = nullptr;
    const long long value = std::strtoll(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || value < 1 || (!ranks.empty() && value <= ranks.back())) {
      throw core::ConfigError(
          core::str("zipp bench scaling: --ranks must be increasing positive "
                    "integers separated by commas (1,2,4); found ",
                    core::quoted(text)));
    }
    ranks.push_back(value);
  }
  if (ranks.empty()) throw core::ConfigError("zipp bench scaling: --ranks is empty");
  return ranks;
}

std::vector<std::string> parse_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) items.push_back(item);
  return items;
}

}  // namespace

int run_bench_scaling(const Invocation& invocation) {
  std::string ranks = "1,2";
  std::string stages = "train";
  std::string modes = "strong,weak";
  std::string output;
  ScalingOptions options;
  po::options_description own("Options");
  own.add_options()("ranks", po::value(&ranks), "rank counts, increasing (default 1,2)")(
      "stages", po::value(&stages), "train, generate or train,generate (default train)")(
      "modes", po::value(&modes), "strong, weak or strong,weak (default)")(
      "steps", po::value(&options.steps), "training steps per run (default 60)")(
      "batch", po::value(&options.batch),
      "training batch: global for strong scaling, per rank for weak (default 1024)")(
      "images", po::value(&options.images),
      "generation: images per run (strong) or per rank (weak); default 32")(
      "output,o", po::value(&output), "the sweep's directory (default <run.dir>/scaling)");
  const auto parsed = parse_command_line(
      invocation, "bench scaling",
      "[--ranks 1,2,4] [--stages train,generate] [--modes strong,weak] [--steps N] [--batch B] "
      "[--images N] [-o DIR] [--config FILE] [key=value ...]",
      own, AcceptsConfig::kYes);
  if (parsed.common.help) return kExitOk;
  reject_positional(parsed, "bench scaling");
  options.ranks = parse_ranks(ranks);
  options.stages = parse_list(stages);
  options.modes = parse_list(modes);
  if (options.steps < 2 || options.batch < 1 || options.images < 1) {
    throw core::ConfigError(
        "zipp bench scaling: --steps must be at least 2, --batch and --images "
        "at least 1");
  }
  const auto config =
      core::config::load_config(zipp_schema(), parsed.common.config, parsed.common.overrides);
  const std::filesystem::path run_dir = config.get<core::config::RunConfig>().dir;
  options.output = output.empty() ? run_dir / "scaling" : std::filesystem::path(output);
  std::filesystem::create_directories(options.output);
  const auto config_file = options.output / "config.yaml";
  core::write_file_atomic(config_file, config.to_yaml());

  const auto rows = run_scaling_sweep(config, config_file, options);
  const std::string machine = core::str(core::local_host_name(), ", ",
                                        std::thread::hardware_concurrency(), " hardware threads");
  write_scaling_report(rows, machine, options.output);
  std::cout << "scaling: " << (options.output / "scaling.md").string()
            << " (scaling.json, plots/, logs/)\n";
  return kExitOk;
}

}  // namespace zipp::launch

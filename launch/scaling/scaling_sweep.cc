#include "launch/scaling/scaling_sweep.h"

#include <fstream>
#include <iostream>
#include <regex>

#include <nlohmann/json.hpp>

#include "core/config/core_sections.h"
#include "core/error.h"
#include "core/log.h"
#include "core/str.h"
#include "core/text/shell_quote.h"
#include "core/trace/merge.h"
#include "generation/run/generate_config.h"
#include "graph/graph_config.h"
#include "launch/pipeline/child_process.h"
#include "launch/pipeline/mpi_launch.h"
#include "launch/pipeline/pipeline_config.h"

namespace zipp::launch {
namespace fs = std::filesystem;
namespace {

constexpr const char* kTrainPhases[] = {"sample",   "gather",    "forward",
                                        "backward", "allreduce", "optimizer"};

struct Runner {
  const core::config::Config& config;
  fs::path config_file;
  fs::path zipp;
  std::vector<std::string> env;  // with the level that makes the runs' meters print

  // Runs `zipp args...` on `ranks` ranks (0: as one process, no launcher), log in `log`.
  void run(std::int64_t ranks, std::vector<std::string> args, const fs::path& log) const {
    std::vector<std::string> environment = env;
    std::vector<std::string> command;
    if (ranks > 0) {
      command = mpi_launch_prefix(config.get<PipelineConfig>(), config.get<SlurmConfig>(), ranks,
                                  environment);
    }
    command.push_back(zipp.string());
    args.insert(args.begin() + (args[0] == "graph" ? 2 : 1), {"--config", config_file.string()});
    command.insert(command.end(), args.begin(), args.end());
    ZIPP_LOG_INFO("scaling: ", core::text::shell_join(command));
    const ChildResult result = run_child(command, environment, log);
    if (result.exit_code != 0) {
      throw core::Error(core::str("scaling: ", core::text::shell_join(command), " failed with ",
                                  result.describe, "; its log is ", log.string()));
    }
  }
};

std::vector<std::pair<std::string, double>> trace_shares(const fs::path& run_dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(run_dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("trace-rank", 0) == 0 && entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::vector<std::pair<std::string, double>> shares;
  if (files.empty()) return shares;
  std::sort(files.begin(), files.end());
  const auto merged = core::trace::merge_traces(files, run_dir / "trace-merged.json");
  double total = 0.0;
  for (const auto& category : merged.categories) total += category.median_ms;
  for (const auto& category : merged.categories) {
    shares.emplace_back(category.name, total > 0 ? category.median_ms / total : 0.0);
  }
  return shares;
}

// Throughput and ms per step of each phase over the interval lines after the first.
void read_train_meters(const fs::path& metrics, ScalingRow& row) {
  std::ifstream in(metrics);
  std::vector<nlohmann::json> intervals;
  for (std::string line; std::getline(in, line);) {
    const auto json = nlohmann::json::parse(line, nullptr, false);
    if (json.is_object() && json.value("event", "") == "interval") intervals.push_back(json);
  }
  if (intervals.size() < 2) {
    throw core::InputError(core::str(metrics.string(), ": ", intervals.size(),
                                     " interval lines; the sweep needs at least 2 (the first is "
                                     "warm-up): raise --steps"));
  }
  double steps = 0.0;
  double wall = 0.0;
  double seeds = 0.0;
  std::map<std::string, double> phase;
  for (std::size_t i = 1; i < intervals.size(); ++i) {
    const auto& l = intervals[i];
    const double n = l.at("steps").get<double>();
    const double w = l.at("wall_s").get<double>();
    steps += n;
    wall += w;
    seeds += l.at("seeds_per_s").get<double>() * w;
    for (const char* p : kTrainPhases) phase[p] += l.at("time_ms").value(p, 0.0) * n;
  }
  row.throughput = wall > 0 ? seeds / wall : 0.0;
  for (const char* p : kTrainPhases) row.phase_ms.emplace_back(p, phase[p] / steps);
}

double read_generate_meter(const fs::path& log) {
  std::ifstream in(log);
  static const std::regex total(
      R"(generate total ranks=\d+ images=(\d+) seconds=([0-9.]+) images_per_s=([0-9.]+))");
  double rate = -1.0;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, total)) rate = std::stod(m[3].str());
  }
  if (rate < 0) {
    throw core::InputError(core::str(log.string(), ": no `generate total ... images_per_s=` line"));
  }
  return rate;
}

}  // namespace

std::vector<ScalingRow> run_scaling_sweep(const core::config::Config& config,
                                          const fs::path& config_file,
                                          const ScalingOptions& options) {
  const Runner runner{
      config, config_file, fs::read_symlink("/proc/self/exe"), {"ZIPP_LOG_LEVEL=info"}};
  const fs::path& dir = options.output;
  fs::create_directories(dir / "logs");
  const fs::path run_dir = config.get<core::config::RunConfig>().dir;
  std::vector<ScalingRow> rows;

  for (const auto& stage : options.stages) {
    if (stage != "train" && stage != "generate") {
      throw core::ConfigError(core::str("zipp bench scaling: unknown stage ", core::quoted(stage),
                                        "; expected train or generate"));
    }
  }
  for (const auto& mode : options.modes) {
    if (mode != "strong" && mode != "weak") {
      throw core::ConfigError(core::str("zipp bench scaling: unknown mode ", core::quoted(mode),
                                        "; expected strong or weak"));
    }
  }

  // The training sweeps share one graph: the configured one, or a synthetic world drawn once.
  fs::path graph = config.get<graph::GraphConfig>().path;
  const bool trains =
      std::find(options.stages.begin(), options.stages.end(), "train") != options.stages.end();
  if (trains && graph.empty()) {
    graph = dir / "graph.h5";
    if (!fs::exists(graph)) {
      runner.run(0,
                 {"graph", "synth", "graph.path=" + graph.string(),
                  "run.dir=" + (dir / "synth").string(), "trace.enabled=false"},
                 dir / "logs" / "synth.log");
    }
  }

  for (const auto& stage : options.stages) {
    for (const auto& mode : options.modes) {
      double per_rank_baseline = 0.0;
      for (const std::int64_t ranks : options.ranks) {
        ScalingRow row;
        row.stage = stage;
        row.mode = mode;
        row.ranks = ranks;
        const std::string name = core::str(stage, "-", mode, "-", ranks);
        const fs::path run = dir / name;
        fs::remove_all(run);
        const fs::path log = dir / "logs" / (name + ".log");
        row.run_dir = run.string();
        if (stage == "train") {
          if (mode == "strong" && options.batch % ranks != 0) {
            throw core::ConfigError(core::str("zipp bench scaling: the global batch ",
                                              options.batch, " does not split over ", ranks,
                                              " ranks"));
          }
          const std::int64_t per_rank = mode == "strong" ? options.batch / ranks : options.batch;
          row.work = per_rank * ranks;
          row.unit = "seeds/s";
          const fs::path parts = dir / core::str("parts-", ranks);
          if (!fs::exists(parts / "book.h5")) {
            runner.run(0,
                       {"partition", "graph.path=" + graph.string(),
                        core::str("partition.parts=", ranks), "partition.output=" + parts.string(),
                        "run.dir=" + (dir / core::str("partition-", ranks)).string()},
                       dir / "logs" / core::str("partition-", ranks, ".log"));
          }
          const std::int64_t interval = std::max<std::int64_t>(1, options.steps / 6);
          runner.run(ranks,
                     {"train", "graph.path=" + graph.string(), "partition.output=" + parts.string(),
                      "run.dir=" + run.string(), core::str("train.batch_size=", per_rank),
                      core::str("train.max_steps=", options.steps), "train.threads=1",
                      core::str("train.log_interval=", interval), "train.eval_users=0",
                      "train.final_eval_users=1", "train.eval_align_users=0",
                      "train.checkpoint_interval=0", "train.resume=never", "trace.enabled=true"},
                     log);
          read_train_meters(run / "metrics.jsonl", row);
          row.shares = trace_shares(run);
        } else {
          const fs::path jobs = config.get<generation::GenerateConfig>().resolve_jobs(run_dir);
          if (!fs::exists(jobs)) {
            throw core::InputError(core::str(
                "zipp bench scaling: the generation sweep draws jobs of ", jobs.string(),
                ", which does not exist; run the pipeline first (or set generation.jobs)"));
          }
          row.work = mode == "strong" ? options.images : options.images * ranks;
          row.unit = "images/s";
          runner.run(ranks,
                     {"generate", "generation.jobs=" + jobs.string(),
                      "generation.output=" + (run / "images").string(),
                      core::str("generation.max_jobs=", row.work), "run.dir=" + run.string(),
                      "generation.threads=1", "trace.enabled=false"},
                     log);
          row.throughput = read_generate_meter(log);
        }
        if (per_rank_baseline == 0.0)
          per_rank_baseline = row.throughput / static_cast<double>(ranks);
        row.efficiency = per_rank_baseline > 0
                             ? row.throughput / (static_cast<double>(ranks) * per_rank_baseline)
                             : 0.0;
        std::string line =
            core::str("bench=scaling stage=", stage, " mode=", mode, " ranks=", ranks,
                      " work=", row.work, " throughput=", core::fixed(row.throughput, 2),
                      " unit=", row.unit, " efficiency=", core::fixed(row.efficiency, 3));
        for (const auto& [category, share] : row.shares) {
          line += core::str(" ", category, "_share=", core::fixed(share, 3));
        }
        for (const auto& [phase, ms] : row.phase_ms) {
          line += core::str(" ", phase, "_ms=", core::fixed(ms, 2));
        }
        std::cout << line << std::endl;
        rows.push_back(std::move(row));
      }
    }
  }
  return rows;
}

}  // namespace zipp::launch

// `zipp graph ingest`: builds graph.h5 from Pushshift dumps, edge lists or a networkx GML network
// (the `ingest` section picks the format and files; docs/ingest.md). Pushshift dumps are read by
// every rank and combined on rank 0; the other formats are read by rank 0. Rank 0 then assembles
// the graph (graph/ingest/assemble.h), writes it where graph.path says, checks it
// (graph/validate.h, unless ingest.validate is off) and writes ingest-report.json into the run
// directory: every count by reason and per file. The report is written when the job fails too.
#include <chrono>
#include <filesystem>
#include <functional>

#include <nlohmann/json.hpp>

#include "core/comm/agree.h"
#include "core/comm/communicator.h"
#include "core/config/core_sections.h"
#include "core/io/atomic_file.h"
#include "core/log.h"
#include "graph/graph_config.h"
#include "graph/graph_writer.h"
#include "graph/ingest/assemble.h"
#include "graph/ingest/author_filter.h"
#include "graph/ingest/edge_list_reader.h"
#include "graph/ingest/gml_reader.h"
#include "graph/ingest/ingest_config.h"
#include "graph/ingest/pushshift_ingest.h"
#include "graph/validate.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/ingest_report_json.h"
#include "launch/run_context.h"

namespace zipp::launch {
namespace {

namespace fs = std::filesystem;

// The graph's `source` attribute: the format and the inputs (the first few of many).
std::string describe_source(const graph::IngestConfig& c) {
  constexpr std::size_t kNamed = 3;
  std::string text = c.format + ":";
  for (std::size_t i = 0; i < c.inputs.size() && i < kNamed; ++i) text += " " + c.inputs[i];
  if (c.inputs.size() > kNamed) text += core::str(" and ", c.inputs.size() - kNamed, " more");
  return text;
}

void check_inputs(const graph::IngestConfig& c) {
  ZIPP_CHECK_T(core::ConfigError, !c.inputs.empty(),
               "zipp graph ingest: ingest.inputs is empty; list the ", c.format, " files to read");
  ZIPP_CHECK_T(core::ConfigError, c.format != "gml" || c.inputs.size() == 1,
               "zipp graph ingest: the gml format reads one network file, ingest.inputs lists ",
               c.inputs.size());
}

graph::PushshiftOptions pushshift_options(const graph::IngestConfig& c) {
  graph::PushshiftOptions options;
  options.inputs = c.inputs;
  options.drop_authors = c.drop_authors;
  options.bot_list = c.bot_list;
  options.date_begin = graph::parse_utc_time(c.date_begin, "ingest.date_begin");
  options.date_end = graph::parse_utc_time(c.date_end, "ingest.date_end");
  options.min_user_interactions = c.min_user_interactions;
  options.min_subreddit_interactions = c.min_subreddit_interactions;
  options.max_malformed_fraction = c.max_malformed_fraction;
  options.max_titles_per_user = c.max_titles_per_user;
  return options;
}

// Collective: Pushshift dumps are read by every rank, the other formats by rank 0. The source's
// part of the report is filled (on rank 0) even when reading fails; when Pushshift input was
// bad, rank 0 hands what was read from the good input to keep_partial before the error goes on.
graph::EdgeTable read_source(const core::comm::Communicator& world, const graph::IngestConfig& c,
                             nlohmann::json& report,
                             const std::function<void(graph::EdgeTable)>& keep_partial) {
  if (c.format == "pushshift") {
    graph::IngestReport source;
    try {
      graph::EdgeTable table = graph::ingest_pushshift(world, pushshift_options(c), &source);
      report["source"] = to_json(source);
      return table;
    } catch (graph::PushshiftIngestError& error) {
      report["source"] = to_json(error.report());
      if (world.rank() == 0) keep_partial(graph::EdgeTable(error.partial_table()));
      throw;
    } catch (...) {
      report["source"] = to_json(source);
      throw;
    }
  }
  if (world.rank() != 0) return {};
  if (world.size() > 1) ZIPP_LOG_INFO("the ", c.format, " format is read by rank 0 alone");
  if (c.format == "edges") {
    graph::ReadReport source;
    const graph::EdgeListOptions options{.delimiter = graph::parse_delimiter(c.delimiter),
                                         .max_malformed_fraction = c.max_malformed_fraction};
    try {
      graph::EdgeTable table = graph::read_edge_lists(c.inputs, options, &source);
      report["source"] = to_json(source);
      return table;
    } catch (...) {
      report["source"] = to_json(source);
      throw;
    }
  }
  graph::GmlReport source;
  const graph::GmlOptions options{.deleted_speakers = c.drop_deleted_speakers
                                                          ? graph::DeletedSpeakers::kDrop
                                                          : graph::DeletedSpeakers::kKeep,
                                  .max_malformed_fraction = c.max_malformed_fraction};
  try {
    graph::EdgeTable table = graph::read_gml_network(c.inputs.front(), options, &source);
    report["source"] = to_json(source);
    return table;
  } catch (...) {
    report["source"] = to_json(source);
    throw;
  }
}

// Reads the metadata, feature and alignment files the configuration names.
graph::AssembleOptions assemble_options(const RunContext& context, nlohmann::json& report) {
  const auto& c = context.config.get<graph::IngestConfig>();
  const auto& g = context.config.get<graph::GraphConfig>();
  graph::AssembleOptions options;
  options.source = describe_source(c);
  if (c.format != "pushshift") {  // Pushshift ingest applied these to the records already
    options.drop_users = c.drop_authors;
    if (!c.bot_list.empty()) {
      for (auto& bot : graph::read_bot_list(c.bot_list)) options.drop_users.push_back(bot);
    }
    options.min_user_interactions = c.min_user_interactions;
    options.min_subreddit_interactions = c.min_subreddit_interactions;
  }
  if (!c.metadata.empty()) {
    graph::ReadReport metadata;
    try {
      options.metadata =
          graph::read_subreddit_metadata(c.metadata, c.max_malformed_fraction, &metadata);
      report["metadata"] = to_json(metadata);
    } catch (...) {
      report["metadata"] = to_json(metadata);
      throw;
    }
  }
  if (!c.features.empty())
    options.features = graph::read_feature_matrix(c.features, c.features_names);
  if (!c.alignment.empty()) options.alignment = graph::read_alignment_file(c.alignment);
  options.embedder = g.embedder_options();
  options.max_titles_per_user = c.max_titles_per_user;
  options.heldout = g.heldout_options(context.config.get<core::config::RunConfig>().seed);
  return options;
}

// Rank 0: assembles, writes and checks the graph. A graph that fails the check is removed, so no
// later stage reads it.
void build_graph(graph::EdgeTable table, const RunContext& context, const fs::path& output,
                 nlohmann::json& report) {
  const auto& c = context.config.get<graph::IngestConfig>();
  graph::AssembleOptions options = assemble_options(context, report);
  graph::AssembleReport assembled;
  const graph::BipartiteGraph graph =
      graph::assemble_graph(std::move(table), std::move(options), &assembled);
  report["assembly"] = to_json(assembled);
  graph::write_graph(graph, output);
  report["validated"] = c.validate;
  if (!c.validate) return;
  try {
    graph::validate_graph_file(output);
  } catch (...) {
    std::error_code ignored;
    fs::remove(output, ignored);
    throw;
  }
}

}  // namespace

int run_graph_ingest(const Invocation& invocation) {
  const auto world = core::comm::Communicator::world();
  po::options_description own("Options");
  ParsedCommandLine parsed;
  core::comm::agree_on_setup(world, [&] {
    parsed = parse_command_line(invocation, "graph ingest", "--config FILE [key=value ...]", own,
                                AcceptsConfig::kYes);
    if (!parsed.positional.empty()) {
      throw core::ConfigError("zipp graph ingest: unexpected argument " +
                              core::quoted(parsed.positional[0]));
    }
  });
  if (parsed.common.help) return kExitOk;

  const RunContext context = open_run(parsed, invocation, world);
  const auto& config = context.config.get<graph::IngestConfig>();
  core::comm::agree_on_setup(world, [&] { check_inputs(config); });
  const fs::path output = context.config.get<graph::GraphConfig>().resolve_path(context.run_dir);
  const fs::path report_path = context.run_dir / "ingest-report.json";
  const auto start = std::chrono::steady_clock::now();
  nlohmann::json report = {{"format_version", 1},
                           {"format", config.format},
                           {"inputs", config.inputs},
                           {"output", output.string()}};
  // Rank 0's report is written whether the job succeeds or not.
  const auto finish_report = [&](const std::string& error) {
    if (world.rank() != 0) return;
    report["status"] = error.empty() ? "ok" : "failed";
    if (!error.empty()) report["error"] = error;
    report["seconds"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    core::write_file_atomic(report_path, report.dump(2) + "\n");
  };
  const auto reporting = [&](const std::function<void()>& step) {
    return [&, step] {
      try {
        step();
      } catch (const std::exception& error) {
        finish_report(error.what());
        throw;
      }
    };
  };

  // Bad dump input fails the job, but what the good input gave is kept beside the graph's path
  // for inspection, so an hours-long read is not lost to one truncated file.
  const auto keep_partial = [&](graph::EdgeTable partial) {
    fs::path partial_path = output;
    partial_path.replace_extension(".partial.h5");
    try {
      nlohmann::json ignored;
      build_graph(std::move(partial), context, partial_path, ignored);
      report["partial_graph"] = partial_path.string();
      ZIPP_LOG_WARN("graph ingest: the input had errors; the graph of everything read is in ",
                    partial_path.string(), " (not written to ", output.string(), ")");
    } catch (const std::exception& error) {
      report["partial_graph_error"] = error.what();
      ZIPP_LOG_WARN("graph ingest: could not keep the partial graph: ", error.what());
    }
  };
  graph::EdgeTable table;
  core::comm::agree_on_setup(
      world, reporting([&] { table = read_source(world, config, report, keep_partial); }),
      "ingest");
  core::comm::agree_on_setup(world, reporting([&] {
                               if (world.rank() != 0) return;
                               build_graph(std::move(table), context, output, report);
                               finish_report("");
                             }),
                             "graph assembly");
  if (world.rank() == 0) {
    const auto& out = report["assembly"]["out"];
    ZIPP_LOG_INFO("graph ingest: wrote ", output.string(), " (", out["users"].get<std::int64_t>(),
                  " users, ", out["subreddits"].get<std::int64_t>(), " subreddits, ",
                  out["edges"].get<std::int64_t>(), " edges", config.validate ? ", validated" : "",
                  "); report ", report_path.string());
  }
  close_run(context);
  return kExitOk;
}

}  // namespace zipp::launch

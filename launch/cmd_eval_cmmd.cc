// `zipp eval cmmd A B`: the CMMD between two sets of image embeddings (HDF5 or .npy files;
// docs/evaluation.md, docs/formats.md "Evaluation inputs"). Prints the value and, with --output,
// writes it with its parts as JSON.
#include <cmath>
#include <filesystem>
#include <iostream>

#include <ATen/core/Tensor.h>
#include <nlohmann/json.hpp>

#include "core/check.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/log.h"
#include "core/str.h"
#include "eval/io/embedding_reader.h"
#include "eval/metrics/cmmd.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"

namespace zipp::launch {
namespace {

eval::GramPrecision parse_precision(const std::string& name) {
  if (name == "float32") return eval::GramPrecision::kFloat32;
  if (name == "float64") return eval::GramPrecision::kFloat64;
  throw core::ConfigError(core::str(
      "zipp eval cmmd: --precision must be float32 or float64, found ", core::quoted(name)));
}

// The reference implementation embeds with L2-normalized CLIP features; say so when a set is not.
at::Tensor prepare(at::Tensor set, const std::string& path, bool normalize) {
  const at::Tensor norms = set.to(at::kDouble).norm(2, 1);
  if (normalize) {
    ZIPP_CHECK_T(core::InputError, norms.min().item<double>() > 0.0, path,
                 ": a row of zeros cannot be L2-normalized");
    return set.to(at::kDouble).div(norms.unsqueeze(1));
  }
  const double worst = norms.sub(1.0).abs().max().item<double>();
  if (worst > 1e-3) {
    ZIPP_LOG_WARN(path, ": rows are not unit-norm (|norm - 1| up to ", worst,
                  "); CMMD is defined on L2-normalized embeddings: add --normalize if these are "
                  "raw CLIP features");
  }
  return set;
}

nlohmann::json set_json(const std::string& path, const std::string& dataset, const at::Tensor& t) {
  return {{"path", path}, {"dataset", dataset}, {"rows", t.size(0)}, {"dim", t.size(1)}};
}

}  // namespace

int run_eval_cmmd(const Invocation& invocation) {
  std::string dataset = eval::kDefaultEmbeddingDataset;
  std::string dataset_b;
  std::string precision = "float32";
  std::string output;
  eval::CmmdOptions options;
  bool normalize = false;
  po::options_description own("Options");
  own.add_options()("dataset", po::value(&dataset),
                    "HDF5 dataset holding the embeddings (default: embeddings)")(
      "dataset-b", po::value(&dataset_b), "dataset of the second file, when it differs")(
      "block", po::value(&options.block_rows),
      "rows per block of the kernel sums (default 2048; memory grows with its square)")(
      "precision", po::value(&precision),
      "dtype of the block matmuls: float32 (default, as the reference) or float64")(
      "normalize", po::bool_switch(&normalize), "L2-normalize every row before measuring")(
      "output,o", po::value(&output), "write the value and its parts to this JSON file");
  const auto parsed = parse_command_line(
      invocation, "eval cmmd",
      "A B [--dataset NAME] [--block N] [--precision float32|float64] [--normalize] [-o out.json]",
      own, AcceptsConfig::kNo);
  if (parsed.common.help) return kExitOk;
  if (parsed.positional.size() != 2) {
    throw core::ConfigError(
        core::str("zipp eval cmmd: give two embedding files (HDF5 or .npy), "
                  "found ",
                  parsed.positional.size(), " argument(s)"));
  }
  options.precision = parse_precision(precision);
  if (dataset_b.empty()) dataset_b = dataset;
  const std::string& path_a = parsed.positional[0];
  const std::string& path_b = parsed.positional[1];
  const at::Tensor x = prepare(eval::read_embeddings(path_a, dataset), path_a, normalize);
  const at::Tensor y = prepare(eval::read_embeddings(path_b, dataset_b), path_b, normalize);
  const auto result = eval::cmmd(x, y, options);

  std::cout << "CMMD " << core::fixed(result.value, 6) << " (lower is better)\n"
            << "X: " << path_a << " [" << x.size(0) << " x " << x.size(1) << "]\n"
            << "Y: " << path_b << " [" << y.size(0) << " x " << y.size(1) << "]\n"
            << "mean k(X,X) " << core::fixed(result.mean_xx, 12) << ", mean k(Y,Y) "
            << core::fixed(result.mean_yy, 12) << ", mean k(X,Y) "
            << core::fixed(result.mean_xy, 12) << "\n"
            << "sigma " << options.sigma << ", scale " << options.scale << ", " << precision
            << " blocks of " << options.block_rows << " rows, "
            << core::fixed(result.total_seconds, 3) << " s\n";
  if (!output.empty()) {
    const nlohmann::json json = {{"metric", "cmmd"},
                                 {"value", result.value},
                                 {"mean_xx", result.mean_xx},
                                 {"mean_yy", result.mean_yy},
                                 {"mean_xy", result.mean_xy},
                                 {"x", set_json(path_a, dataset, x)},
                                 {"y", set_json(path_b, dataset_b, y)},
                                 {"sigma", options.sigma},
                                 {"scale", options.scale},
                                 {"normalized", normalize},
                                 {"block_rows", options.block_rows},
                                 {"precision", precision},
                                 {"seconds", result.total_seconds}};
    core::write_file_atomic(output, json.dump(2) + "\n");
    std::cout << "wrote " << output << "\n";
  }
  return kExitOk;
}

}  // namespace zipp::launch

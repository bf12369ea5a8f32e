#include "generation/builtin/tiny_weights.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include <c10/util/Exception.h>
#include <nlohmann/json.hpp>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/random/hash.h"
#include "core/str.h"
#include "core/text/hex.h"
#include "generation/builtin/word_vocabulary.h"

namespace zipp::generation::builtin {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string digest_hex(std::string_view bytes) { return core::text::hex64(core::hash_text(bytes)); }

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw core::IoError(core::str("builtin tiny model: cannot read ", path.string(),
                                  " (missing or unreadable; train it with `zipp generation "
                                  "train-tiny`)"));
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

template <typename T>
T field(const json& object, const char* key, const fs::path& file) {
  if (!object.contains(key)) {
    throw core::InputError(core::str(file.string(), ": missing key \"", key, "\""));
  }
  try {
    return object.at(key).get<T>();
  } catch (const json::exception& e) {
    throw core::InputError(core::str(file.string(), ": key \"", key, "\" has the wrong type (",
                                     e.what(), "), found ", object.at(key).dump()));
  }
}

}  // namespace

std::string save_tiny_weights(const fs::path& directory, TinyWeightsMeta meta, TinyModel& model) {
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) {
    throw core::IoError(core::str("cannot create the weights directory ", directory.string(), ": ",
                                  error.message()));
  }
  std::ostringstream stream;
  {
    torch::serialize::OutputArchive archive;
    model->save(archive);
    archive.save_to(stream);
  }
  const std::string bytes = stream.str();
  meta.weights_digest = digest_hex(bytes);
  core::write_file_atomic(directory / kTinyWeightsFile, bytes);

  const auto& a = meta.architecture;
  const auto& s = meta.schedule;
  const auto& t = meta.training;
  const json document = {
      {"format", "zipp-builtin-tiny"},
      {"format_version", kTinyFormatVersion},
      {"weights", kTinyWeightsFile},
      {"weights_digest", meta.weights_digest},
      {"image_size", meta.image_size},
      {"architecture",
       {{"channels", std::vector<std::int64_t>(a.channels.begin(), a.channels.end())},
        {"groups", a.groups},
        {"embed_dim", a.embed_dim},
        {"cond_dim", a.cond_dim},
        {"max_tokens", a.max_tokens},
        {"vocabulary", a.vocabulary}}},
      {"noise_schedule",
       {{"beta_schedule", std::string(beta_schedule_name(s.beta_schedule))},
        {"beta_start", s.beta_start},
        {"beta_end", s.beta_end},
        {"train_timesteps", s.train_timesteps},
        {"prediction", std::string(prediction_name(s.prediction))}}},
      {"training",
       {{"command", t.command},
        {"steps", t.steps},
        {"batch", t.batch},
        {"lr", t.lr},
        {"seed", t.seed},
        {"final_loss", t.final_loss},
        {"seconds", t.seconds},
        {"images_per_s", t.images_per_s}}},
      {"vocabulary", meta.vocabulary}};
  core::write_file_atomic(directory / kTinyMetaFile, document.dump(1) + "\n");
  return meta.weights_digest;
}

LoadedTinyWeights load_tiny_weights(const fs::path& directory, c10::Device device) {
  const fs::path meta_path = directory / kTinyMetaFile;
  const fs::path weights_path = directory / kTinyWeightsFile;
  const std::string text = read_bytes(meta_path);
  json document;
  try {
    document = json::parse(text);
  } catch (const json::exception& e) {
    throw core::InputError(core::str(meta_path.string(), ": not valid JSON (", e.what(), ")"));
  }
  if (!document.is_object()) {
    throw core::InputError(core::str(meta_path.string(), ": expected a JSON object"));
  }
  const auto format = field<std::string>(document, "format", meta_path);
  if (format != "zipp-builtin-tiny") {
    throw core::InputError(
        core::str(meta_path.string(), ": format must be zipp-builtin-tiny, found ", format));
  }
  const auto version = field<int>(document, "format_version", meta_path);
  if (version != kTinyFormatVersion) {
    throw core::InputError(core::str(meta_path.string(), ": format_version ", version,
                                     " is not supported (this build reads ", kTinyFormatVersion,
                                     ")"));
  }
  LoadedTinyWeights loaded;
  TinyWeightsMeta& meta = loaded.meta;
  meta.image_size = field<std::int64_t>(document, "image_size", meta_path);
  const auto arch = field<json>(document, "architecture", meta_path);
  const auto channels = field<std::vector<std::int64_t>>(arch, "channels", meta_path);
  if (channels.size() != 3) {
    throw core::InputError(core::str(meta_path.string(),
                                     ": architecture.channels must hold 3 "
                                     "widths, found ",
                                     channels.size()));
  }
  auto& a = meta.architecture;
  a.channels = {channels[0], channels[1], channels[2]};
  a.groups = field<std::int64_t>(arch, "groups", meta_path);
  a.embed_dim = field<std::int64_t>(arch, "embed_dim", meta_path);
  a.cond_dim = field<std::int64_t>(arch, "cond_dim", meta_path);
  a.max_tokens = field<std::int64_t>(arch, "max_tokens", meta_path);
  a.vocabulary = field<std::int64_t>(arch, "vocabulary", meta_path);
  meta.vocabulary = field<std::vector<std::string>>(document, "vocabulary", meta_path);
  if (static_cast<std::int64_t>(meta.vocabulary.size()) != a.vocabulary) {
    throw core::InputError(core::str(meta_path.string(), ": architecture.vocabulary is ",
                                     a.vocabulary, " but the vocabulary lists ",
                                     meta.vocabulary.size(), " tokens"));
  }
  const auto schedule = field<json>(document, "noise_schedule", meta_path);
  const std::string key = meta_path.string() + ": noise_schedule";
  meta.schedule.beta_schedule =
      parse_beta_schedule(field<std::string>(schedule, "beta_schedule", meta_path), key);
  meta.schedule.beta_start = field<double>(schedule, "beta_start", meta_path);
  meta.schedule.beta_end = field<double>(schedule, "beta_end", meta_path);
  meta.schedule.train_timesteps = field<std::int64_t>(schedule, "train_timesteps", meta_path);
  meta.schedule.prediction =
      parse_prediction(field<std::string>(schedule, "prediction", meta_path), key);
  if (document.contains("training") && document.at("training").is_object()) {
    const auto& t = document.at("training");
    meta.training.command = t.value("command", std::string());
    meta.training.steps = t.value("steps", std::int64_t{0});
    meta.training.batch = t.value("batch", std::int64_t{0});
    meta.training.lr = t.value("lr", 0.0);
    meta.training.seed = t.value("seed", std::uint64_t{0});
    meta.training.final_loss = t.value("final_loss", 0.0);
    meta.training.seconds = t.value("seconds", 0.0);
    meta.training.images_per_s = t.value("images_per_s", 0.0);
  }
  const auto expected_digest = field<std::string>(document, "weights_digest", meta_path);

  const std::string bytes = read_bytes(weights_path);
  meta.weights_digest = digest_hex(bytes);
  if (meta.weights_digest != expected_digest) {
    throw core::InputError(core::str(weights_path.string(), ": digest ", meta.weights_digest,
                                     " does not match weights_digest ", expected_digest, " in ",
                                     meta_path.string(),
                                     " (a partial copy or another model's "
                                     "weights)"));
  }
  // The special tokens first and no word twice: the tokenizer's checks, naming this file.
  WordVocabulary::from_tokens(meta.vocabulary, meta_path.string());
  try {
    loaded.model = TinyModel(a);
  } catch (const core::InputError& e) {
    throw core::InputError(core::str(meta_path.string(), ": architecture: ", e.what()));
  }
  // InputArchive replaces each tensor whole, whatever its shape: compare against the
  // architecture's shapes afterwards.
  std::vector<std::pair<std::string, std::vector<std::int64_t>>> shapes;
  for (const auto& item : loaded.model->named_parameters()) {
    shapes.emplace_back(item.key(), item.value().sizes().vec());
  }
  try {
    torch::serialize::InputArchive archive;
    std::istringstream stream(bytes);
    archive.load_from(stream);
    loaded.model->load(archive);
    const auto parameters = loaded.model->named_parameters();
    for (const auto& [name, shape] : shapes) {
      const auto found = parameters[name].sizes().vec();
      if (found != shape) {
        throw core::InputError(core::str(weights_path.string(), ": parameter ", name, " has shape ",
                                         c10::IntArrayRef(found), " but the architecture in ",
                                         meta_path.string(), " needs ", c10::IntArrayRef(shape)));
      }
    }
  } catch (const c10::Error& e) {
    throw core::InputError(core::str(weights_path.string(), ": does not hold the architecture ",
                                     meta_path.string(),
                                     " describes: ", e.what_without_backtrace()));
  }
  loaded.model->to(device);
  loaded.model->eval();
  return loaded;
}

}  // namespace zipp::generation::builtin

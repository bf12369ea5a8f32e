#include "generation/torchscript/model_config.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/str.h"

namespace zipp::generation {
namespace {

using nlohmann::json;

// Checks the keys of one object: each of `required` present, nothing else but `optional`. `where`
// names the object in messages ("the top level", "noise_schedule").
void check_keys(const std::filesystem::path& path, const json& object, std::string_view where,
                std::initializer_list<std::string_view> required,
                std::initializer_list<std::string_view> optional = {}) {
  if (!object.is_object()) {
    throw core::InputError(
        core::str(path.string(), ": ", where, ": expected an object, found ", object.type_name()));
  }
  std::string known;
  for (std::string_view key : required) {
    known += known.empty() ? "" : ", ";
    known += key;
  }
  for (std::string_view key : optional) known += core::str(", ", key, " (optional)");
  for (std::string_view key : required) {
    if (!object.contains(key)) {
      throw core::InputError(core::str(path.string(), ": ", where, ": missing key ",
                                       core::quoted(key), " (expected keys: ", known, ")"));
    }
  }
  for (const auto& [key, value] : object.items()) {
    bool found = false;
    for (std::string_view k : required) found = found || k == key;
    for (std::string_view k : optional) found = found || k == key;
    if (!found) {
      throw core::InputError(core::str(path.string(), ": ", where, ": unknown key ",
                                       core::quoted(key), " (expected keys: ", known, ")"));
    }
  }
}

std::int64_t integer(const std::filesystem::path& path, const json& object, std::string_view key,
                     std::string_view where, std::int64_t minimum) {
  const json& v = object.at(key);
  if (!v.is_number_integer() || v.get<std::int64_t>() < minimum) {
    throw core::InputError(core::str(path.string(), ": ", where, key,
                                     ": expected an integer >= ", minimum, ", found ", v.dump()));
  }
  return v.get<std::int64_t>();
}

double positive(const std::filesystem::path& path, const json& object, std::string_view key,
                std::string_view where) {
  const json& v = object.at(key);
  if (!v.is_number() || !(v.get<double>() > 0.0)) {
    throw core::InputError(core::str(path.string(), ": ", where, key,
                                     ": expected a positive number, found ", v.dump()));
  }
  return v.get<double>();
}

std::string text(const std::filesystem::path& path, const json& object, std::string_view key,
                 std::string_view where) {
  const json& v = object.at(key);
  if (!v.is_string()) {
    throw core::InputError(
        core::str(path.string(), ": ", where, key, ": expected a string, found ", v.dump()));
  }
  return v.get<std::string>();
}

ModuleDtype parse_dtype(const std::filesystem::path& path, const std::string& value) {
  for (ModuleDtype d : {ModuleDtype::kFloat32, ModuleDtype::kFloat16, ModuleDtype::kBFloat16}) {
    if (value == module_dtype_name(d)) return d;
  }
  throw core::InputError(core::str(path.string(),
                                   ": dtype: expected float32, float16 or bfloat16, found ",
                                   core::quoted(value)));
}

TextEncoderOutput parse_text_encoder_output(const std::filesystem::path& path,
                                            const std::string& value) {
  TextEncoderOutput out;
  if (value == "tensor") return out;
  if (value.starts_with("tuple:") && value.size() > 6 &&
      value.find_first_not_of("0123456789", 6) == std::string::npos && value.size() < 10) {
    out.kind = TextEncoderOutput::Kind::kTuple;
    out.index = std::stoll(value.substr(6));
    return out;
  }
  throw core::InputError(core::str(path.string(),
                                   ": text_encoder_output: expected \"tensor\" or \"tuple:N\" "
                                   "(the hidden states are element N of a returned tuple), found ",
                                   core::quoted(value)));
}

}  // namespace

std::string_view module_dtype_name(ModuleDtype dtype) {
  switch (dtype) {
    case ModuleDtype::kFloat32:
      return "float32";
    case ModuleDtype::kFloat16:
      return "float16";
    case ModuleDtype::kBFloat16:
      return "bfloat16";
  }
  return "?";
}

LoadedModelConfig read_model_config(const std::filesystem::path& path) {
  LoadedModelConfig loaded;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      throw core::IoError(core::str(path.string(), ": cannot open the model description (",
                                    std::strerror(errno),
                                    "); a TorchScript model folder needs zipp_model.json "
                                    "(docs/formats.md)"));
    }
    std::ostringstream s;
    s << in.rdbuf();
    loaded.text = s.str();
  }
  json root;
  try {
    root = json::parse(loaded.text);
  } catch (const json::exception& e) {
    throw core::InputError(core::str(path.string(), ": not valid JSON (", e.what(), ")"));
  }
  check_keys(path, root, "the top level",
             {"format_version", "model", "dtype", "sample_size", "latent_channels",
              "vae_scale_factor", "image_size_multiple", "scaling_factor", "noise_schedule",
              "tokenizer", "text_encoder_output"},
             {"clip_sample_range"});
  const std::int64_t version = integer(path, root, "format_version", "", 1);
  if (version != TorchScriptModelConfig::kFormatVersion) {
    throw core::InputError(core::str(path.string(), ": format_version: expected ",
                                     TorchScriptModelConfig::kFormatVersion, ", found ", version,
                                     " (exported by a newer or older zipp?)"));
  }
  TorchScriptModelConfig& c = loaded.config;
  c.model = text(path, root, "model", "");
  c.dtype = parse_dtype(path, text(path, root, "dtype", ""));
  c.sample_size = integer(path, root, "sample_size", "", 1);
  c.latent_channels = integer(path, root, "latent_channels", "", 1);
  c.vae_scale_factor = integer(path, root, "vae_scale_factor", "", 1);
  c.image_size_multiple = integer(path, root, "image_size_multiple", "", 1);
  if (c.image_size_multiple % c.vae_scale_factor != 0) {
    throw core::InputError(core::str(path.string(), ": image_size_multiple ", c.image_size_multiple,
                                     " is not a multiple of vae_scale_factor ",
                                     c.vae_scale_factor));
  }
  if ((c.sample_size * c.vae_scale_factor) % c.image_size_multiple != 0) {
    throw core::InputError(core::str(path.string(),
                                     ": the default image size sample_size * "
                                     "vae_scale_factor = ",
                                     c.sample_size * c.vae_scale_factor,
                                     " is not a multiple of image_size_multiple ",
                                     c.image_size_multiple));
  }
  c.scaling_factor = positive(path, root, "scaling_factor", "");
  if (root.contains("clip_sample_range") && !root.at("clip_sample_range").is_null()) {
    c.clip_sample_range = positive(path, root, "clip_sample_range", "");
  }

  const json& schedule = root.at("noise_schedule");
  check_keys(path, schedule, "noise_schedule",
             {"beta_schedule", "beta_start", "beta_end", "num_train_timesteps", "prediction_type"});
  const std::string where = "noise_schedule.";
  const std::string prefix = core::str(path.string(), ": ", where);
  c.noise_schedule.beta_schedule =
      parse_beta_schedule(text(path, schedule, "beta_schedule", where), prefix + "beta_schedule");
  c.noise_schedule.beta_start = positive(path, schedule, "beta_start", where);
  c.noise_schedule.beta_end = positive(path, schedule, "beta_end", where);
  c.noise_schedule.train_timesteps = integer(path, schedule, "num_train_timesteps", where, 1);
  c.noise_schedule.prediction =
      parse_prediction(text(path, schedule, "prediction_type", where), prefix + "prediction_type");

  const json& tokenizer = root.at("tokenizer");
  check_keys(path, tokenizer, "tokenizer", {"max_length", "pad_token_id"});
  c.max_length = integer(path, tokenizer, "max_length", "tokenizer.", 2);
  c.pad_token_id = integer(path, tokenizer, "pad_token_id", "tokenizer.", 0);
  c.text_encoder_output =
      parse_text_encoder_output(path, text(path, root, "text_encoder_output", ""));
  return loaded;
}

}  // namespace zipp::generation

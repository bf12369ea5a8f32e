#include "training/checkpoint/checkpoint_state.h"

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/str.h"
#include "training/checkpoint/checkpoint_layout.h"

namespace zipp::training {
namespace {

using Json = nlohmann::json;

constexpr std::int64_t kStateFormatVersion = 1;

std::int64_t read_count(const Json& object, const char* key, std::int64_t minimum,
                        const std::filesystem::path& checkpoint) {
  const auto where = [&] {
    return core::str("checkpoint ", core::quoted(checkpoint.string()), ": ", kStateFile,
                     ": progress.", key);
  };
  if (!object.contains(key) || !object.at(key).is_number_integer()) {
    throw core::InputError(core::str(where(), ": expected an integer, found ",
                                     object.contains(key) ? object.at(key).dump() : "nothing"));
  }
  const auto value = object.at(key).get<std::int64_t>();
  if (value < minimum) {
    throw core::InputError(core::str(where(), ": expected at least ", minimum, ", found ", value));
  }
  return value;
}

}  // namespace

std::string encode_checkpoint_state(const TrainingProgress& progress,
                                    const std::string& extra_json) {
  Json extra = nullptr;
  if (!extra_json.empty()) {
    try {
      extra = Json::parse(extra_json);
    } catch (const Json::exception& error) {
      throw core::InternalError(
          core::str("checkpoint state: extra_json is not JSON: ", error.what()));
    }
  }
  const Json state{{"format_version", kStateFormatVersion},
                   {"progress",
                    {{"epoch", progress.epoch},
                     {"step", progress.step},
                     {"global_step", progress.global_step},
                     {"world_size", progress.world_size}}},
                   {"extra", extra}};
  return state.dump(2) + "\n";
}

LoadedCheckpoint read_checkpoint_state(const std::filesystem::path& checkpoint) {
  const std::string where = core::str("checkpoint ", core::quoted(checkpoint.string()), ": ");
  Json state;
  try {
    state = Json::parse(read_checkpoint_file(checkpoint, kStateFile));
  } catch (const Json::exception& error) {
    throw core::InputError(core::str(where, kStateFile, " is not JSON: ", error.what()));
  }
  if (!state.is_object() || !state.contains("format_version") ||
      state.at("format_version") != kStateFormatVersion) {
    throw core::InputError(core::str(
        where, kStateFile, ": expected format_version ", kStateFormatVersion, ", found ",
        state.is_object() && state.contains("format_version") ? state.at("format_version").dump()
                                                              : "none"));
  }
  if (!state.contains("progress") || !state.at("progress").is_object()) {
    throw core::InputError(core::str(where, kStateFile, ": expected a \"progress\" object"));
  }
  const Json& progress = state.at("progress");
  LoadedCheckpoint loaded;
  loaded.progress.epoch = read_count(progress, "epoch", 0, checkpoint);
  loaded.progress.step = read_count(progress, "step", 0, checkpoint);
  loaded.progress.global_step = read_count(progress, "global_step", 0, checkpoint);
  loaded.progress.world_size = read_count(progress, "world_size", 1, checkpoint);
  if (state.contains("extra") && !state.at("extra").is_null()) {
    loaded.extra_json = state.at("extra").dump();
  }
  loaded.config_yaml = read_checkpoint_file(checkpoint, kConfigFile);
  return loaded;
}

}  // namespace zipp::training

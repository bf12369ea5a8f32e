// Names inside a run's checkpoints directory (docs/formats.md "Checkpoint"): complete checkpoints
// are `step-<global step, 9 digits>` directories holding a manifest; a save in progress (or one
// that died) is a hidden `.step-<N>.tmp-<token>` directory that readers ignore.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace zipp::training {

inline constexpr std::string_view kManifestFile = "manifest.json";
inline constexpr std::string_view kModelFile = "model.pt";
inline constexpr std::string_view kOptimizerFile = "optimizer.pt";
inline constexpr std::string_view kStateFile = "state.json";
inline constexpr std::string_view kConfigFile = "config.yaml";

// `rng-rank<R>.pt`: rank R's generator states.
std::string rng_file_name(std::int64_t rank);

// `step-000001200` for global step 1200 (at least 9 digits, more past 999,999,999).
std::string checkpoint_name(std::int64_t global_step);

// The global step of a `step-<digits>` name; nullopt for any other name.
std::optional<std::int64_t> parse_checkpoint_name(std::string_view name);

// `.step-<N>.tmp-<token>`: where a save of global step N writes before it is renamed.
std::string temporary_checkpoint_name(std::int64_t global_step, std::string_view token);

// True for names temporary_checkpoint_name makes (left behind by a save that did not finish).
bool is_temporary_checkpoint_name(std::string_view name);

// A checkpoint is complete when its directory holds a manifest: the manifest is written last,
// before the rename that publishes the directory.
bool is_complete_checkpoint(const std::filesystem::path& directory);

// The bytes of file `name` in `checkpoint`; InputError naming both when it cannot be read (a
// checkpoint missing a file is a defective input).
std::string read_checkpoint_file(const std::filesystem::path& checkpoint, std::string_view name);

}  // namespace zipp::training

// The builtin tiny model's weights directory (docs/formats.md "Builtin tiny model weights"):
//   weights.pt  the parameters of TinyModel, a torch::serialize archive (no TorchScript);
//   tiny.json   format and format_version, the architecture, the vocabulary, the image size, the
//               noise schedule, the FNV-1a digest of weights.pt, and how it was trained (command,
//               steps, batch, lr, seed, final loss, seconds).
// Both are written atomically (weights.pt first, tiny.json last, so a directory with a tiny.json
// has its weights). Loading checks everything and names the file at fault.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <c10/core/Device.h>

#include "generation/builtin/tiny_architecture.h"
#include "generation/builtin/tiny_model.h"
#include "generation/schedule/noise_schedule.h"

namespace zipp::generation::builtin {

inline constexpr int kTinyFormatVersion = 1;
inline constexpr const char* kTinyMetaFile = "tiny.json";
inline constexpr const char* kTinyWeightsFile = "weights.pt";

struct TinyTrainingRecord {
  std::string command;
  std::int64_t steps = 0;
  std::int64_t batch = 0;
  double lr = 0;
  std::uint64_t seed = 0;
  double final_loss = 0;  // mean loss over the last log interval
  double seconds = 0;
  double images_per_s = 0;
};

struct TinyWeightsMeta {
  TinyArchitecture architecture;
  std::vector<std::string> vocabulary;
  std::int64_t image_size = 32;
  NoiseScheduleSpec schedule;
  TinyTrainingRecord training;
  std::string weights_digest;  // 16 hex digits; filled by save/load
};

// Writes weights.pt and tiny.json into `directory` (created if missing); returns the digest.
std::string save_tiny_weights(const std::filesystem::path& directory, TinyWeightsMeta meta,
                              TinyModel& model);

struct LoadedTinyWeights {
  TinyWeightsMeta meta;
  TinyModel model{nullptr};
};

// Reads tiny.json and weights.pt from `directory`, the model in eval mode on `device`. IoError
// when a file is missing or unreadable, InputError when its contents do not match (naming the
// file, the key, what was expected and what was found).
LoadedTinyWeights load_tiny_weights(const std::filesystem::path& directory, c10::Device device);

}  // namespace zipp::generation::builtin

// Where training resumes and what a checkpoint says about itself (`state.json`, `config.yaml`;
// docs/formats.md "Checkpoint"). Reading these needs no model or optimizer: `zipp embed` reads
// them to rebuild the model a checkpoint was trained with.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace zipp::training {

// Where training resumes: the sampler is a pure function of (epoch, step), the learning-rate
// schedule of global_step, so these four numbers and the RNG states restore the run.
struct TrainingProgress {
  std::int64_t epoch = 0;        // epoch of the next step to run
  std::int64_t step = 0;         // step within that epoch of the next step to run
  std::int64_t global_step = 0;  // optimizer steps done so far (drives the lr schedule)
  std::int64_t world_size = 1;   // ranks that wrote the checkpoint (RNG streams are per rank)
};

struct LoadedCheckpoint {
  TrainingProgress progress;
  std::string extra_json;  // the caller's JSON as save() got it (re-serialised); "" if none
  std::string config_yaml;
};

// state.json's text: the progress and the caller's `extra_json` (any JSON value; "" for none).
// InternalError when extra_json is not JSON (a bug of the caller).
std::string encode_checkpoint_state(const TrainingProgress& progress,
                                    const std::string& extra_json);

// Reads state.json and config.yaml of `checkpoint` (no checksum verification: see
// verify_checkpoint). InputError naming the checkpoint, file and key when one is missing or
// malformed.
LoadedCheckpoint read_checkpoint_state(const std::filesystem::path& checkpoint);

}  // namespace zipp::training

// Which checkpoint a training run starts from (`train.resume`; docs/training.md "Checkpoints and
// stopping"), with the reason to log.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace zipp::training {

struct ResumeDecision {
  std::optional<std::filesystem::path> checkpoint;  // nullopt: start fresh
  std::string reason;                               // one line for the log
};

// `setting` is:
//  * "auto": the newest complete checkpoint in `checkpoints_dir` that verifies; a corrupt one is
//    skipped with a warning (and named in the reason). No checkpoint: start fresh. Checkpoints
//    present but none verifies: InputError (starting over would mix a new run with them).
//  * "never": start fresh. ConfigError if `checkpoints_dir` already holds complete checkpoints:
//    a later "auto" would pick the old run's (remove them or use another run directory).
//  * a path to a checkpoint directory, which must verify (InputError otherwise). ConfigError if
//    `checkpoints_dir` holds a checkpoint of a later step than it (other than itself), for the
//    same reason as "never".
// Not collective: call it on one rank and broadcast the path (all ranks must load the same one).
ResumeDecision decide_resume(std::string_view setting,
                             const std::filesystem::path& checkpoints_dir);

}  // namespace zipp::training

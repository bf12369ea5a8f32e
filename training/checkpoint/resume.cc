#include "training/checkpoint/resume.h"

#include <system_error>
#include <vector>

#include "core/error.h"
#include "core/log.h"
#include "core/str.h"
#include "training/checkpoint/checkpoint_layout.h"
#include "training/checkpoint/checkpoint_manifest.h"
#include "training/checkpoint/checkpoint_state.h"
#include "training/checkpoint/checkpoint_store.h"

namespace zipp::training {
namespace {

namespace fs = std::filesystem;

std::string names_of(const std::vector<fs::path>& paths) {
  std::string names;
  for (const fs::path& path : paths) {
    names += core::str(names.empty() ? "" : ", ", path.filename().string());
  }
  return names;
}

ResumeDecision resume_auto(const fs::path& dir) {
  const std::vector<fs::path> checkpoints = list_checkpoints(dir);
  if (checkpoints.empty()) {
    return {std::nullopt,
            core::str("no checkpoint in ", core::quoted(dir.string()), ": starting fresh")};
  }
  std::vector<fs::path> skipped;
  std::string problems;
  for (const fs::path& checkpoint : checkpoints) {
    try {
      verify_checkpoint(checkpoint);
    } catch (const core::InputError& error) {
      ZIPP_LOG_WARN("skipping corrupt checkpoint: ", error.what());
      skipped.push_back(checkpoint);
      problems += core::str(problems.empty() ? "" : "; ", error.what());
      continue;
    }
    std::string reason = core::str("resuming from the newest complete checkpoint ",
                                   core::quoted(checkpoint.string()));
    if (!skipped.empty()) {
      reason += core::str(" (skipped ", skipped.size(), " newer corrupt checkpoint",
                          skipped.size() == 1 ? "" : "s", ": ", names_of(skipped), ")");
    }
    return {checkpoint, reason};
  }
  throw core::InputError(
      core::str("no checkpoint in ", core::quoted(dir.string()), " verifies (", problems,
                "); move them away to start fresh, or set resume to a checkpoint directory"));
}

// A run's checkpoints directory holds one line of training: a run that starts before the newest
// checkpoint there would later be mixed with (and lose to) the checkpoints of the old line.
void require_nothing_newer(const fs::path& dir, std::int64_t start_step,
                           const fs::path& start_checkpoint, std::string_view setting) {
  std::vector<fs::path> newer;
  std::error_code error;
  for (const fs::path& checkpoint : list_checkpoints(dir)) {
    const std::int64_t step = *parse_checkpoint_name(checkpoint.filename().string());
    const bool same =
        !start_checkpoint.empty() && fs::equivalent(checkpoint, start_checkpoint, error);
    if (step >= start_step && !same) newer.push_back(checkpoint);
  }
  if (newer.empty()) return;
  throw core::ConfigError(
      core::str("resume: ", setting, ": ", core::quoted(dir.string()), " already holds ",
                newer.size(), " checkpoint", newer.size() == 1 ? "" : "s", " at or after step ",
                start_step, " (", names_of(newer),
                ") that a later resume: auto would take; move them away, use another run "
                "directory, or resume: auto"));
}

}  // namespace

ResumeDecision decide_resume(std::string_view setting, const fs::path& checkpoints_dir) {
  if (setting == "auto") return resume_auto(checkpoints_dir);
  if (setting == "never") {
    require_nothing_newer(checkpoints_dir, 0, {}, setting);
    return {std::nullopt, "resume: never: starting fresh"};
  }
  if (setting.empty()) {
    throw core::ConfigError("resume: expected auto, never or a checkpoint directory, found ''");
  }
  const fs::path checkpoint(setting);
  std::error_code error;
  if (!fs::is_directory(checkpoint, error)) {
    throw core::InputError(core::str("resume: ", core::quoted(std::string(setting)),
                                     " is not a checkpoint directory (expected auto, never or the "
                                     "path of a step-<N> directory)"));
  }
  verify_checkpoint(checkpoint);
  const std::int64_t step = read_checkpoint_state(checkpoint).progress.global_step;
  require_nothing_newer(checkpoints_dir, step + 1, checkpoint, setting);
  return {checkpoint, core::str("resuming from ", core::quoted(checkpoint.string()),
                                " (global step ", step, ") as configured")};
}

}  // namespace zipp::training

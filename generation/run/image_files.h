// Where `zipp generate` puts each job's image and what its sidecar says (docs/formats.md
// "Images"): `<output>/<user>/p<prompt_index>-<method>.png` and `.json` beside it, the names
// escaped so no user or method name can leave the output directory. The sidecar is written after
// the PNG and marks the job complete; a rerun keeps an image only when its sidecar matches the
// job and the run's sampling settings and its PNG is whole (check_image).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "generation/image/png_file.h"
#include "generation/run/generation_jobs.h"

namespace zipp::generation {

inline constexpr int kImagesFormatVersion = 1;

// What decides an image besides its job: recorded in every sidecar, compared on a rerun.
struct ImageSettings {
  std::string model;  // Pipeline::name()
  std::string scheduler;
  std::int64_t steps = 0;
  double guidance = 0;
  double eta = 0;
  std::int64_t height = 0;  // resolved: never 0
  std::int64_t width = 0;
  std::string negative_prompt;
  std::string spacing = "leading";  // timestep spacing (generation/schedule/timestep_spacing.h)
  // The range the predicted x_0 was clamped to at each step; none: not clipped (the resolved
  // setting, generation/sample/clip_sample.h).
  std::optional<double> clip_sample_range;
};

// A name safe as one path component: bytes other than [A-Za-z0-9_-.] become %XX (upper-case
// hex), and so does a leading '.', so "..", "." and hidden names cannot occur; distinct inputs
// give distinct outputs. The empty string becomes "%".
std::string escape_path_component(std::string_view text);

struct JobFiles {
  std::string image;    // relative to the output directory: "<user>/p<index>-<method>.png"
  std::string sidecar;  // "<user>/p<index>-<method>.json"
  std::filesystem::path image_path;
  std::filesystem::path sidecar_path;
};

JobFiles job_files(const std::filesystem::path& output, const GenerationJob& job);

// The sidecar of a finished image (one JSON object and a newline).
std::string sidecar_json(const GenerationJob& job, const ImageSettings& settings,
                         const std::string& image, const FileDigest& png);

enum class ImageState {
  kDone,     // sidecar and PNG agree with the job and the settings: keep
  kMissing,  // no sidecar (never drawn, or stopped between the PNG and its sidecar)
  kStale,    // a whole image of another prompt, seed, model or sampling setting
  kCorrupt,  // an unreadable sidecar, or a PNG missing, changed or not whole
};

std::string_view image_state_name(ImageState state);

struct ImageCheck {
  ImageState state = ImageState::kMissing;
  std::string reason;  // why not kDone
  FileDigest png;      // kDone: the PNG's digest
};

ImageCheck check_image(const JobFiles& files, const GenerationJob& job,
                       const ImageSettings& settings);

}  // namespace zipp::generation

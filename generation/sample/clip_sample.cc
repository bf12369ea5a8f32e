#include "generation/sample/clip_sample.h"

#include <array>
#include <utility>

#include "core/error.h"
#include "core/str.h"

namespace zipp::generation {
namespace {

constexpr std::array<std::pair<std::string_view, ClipSample>, 3> kSettings = {{
    {"auto", ClipSample::kAuto},
    {"on", ClipSample::kOn},
    {"off", ClipSample::kOff},
}};

}  // namespace

ClipSample parse_clip_sample(std::string_view text, std::string_view key) {
  for (const auto& [name, setting] : kSettings) {
    if (name == text) return setting;
  }
  throw core::ConfigError(core::str(
      "key '", key, "': expected auto (the model's choice), on or off, found '", text, "'"));
}

std::string_view clip_sample_name(ClipSample setting) {
  for (const auto& [name, s] : kSettings) {
    if (s == setting) return name;
  }
  return "unknown";
}

std::optional<double> resolve_clip_sample_range(ClipSample setting,
                                                std::optional<double> pipeline_range) {
  switch (setting) {
    case ClipSample::kAuto:
      return pipeline_range;
    case ClipSample::kOn:
      return pipeline_range.value_or(kDefaultClipSampleRange);
    case ClipSample::kOff:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace zipp::generation

#include "generation/run/image_files.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/str.h"

namespace zipp::generation {
namespace {

using Json = nlohmann::json;

bool safe_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

// An optional number as JSON: the number, or null.
Json optional_number(std::optional<double> value) { return value ? Json(*value) : Json(nullptr); }

// The first key whose value differs, as "key: sidecar X, run Y"; "" when all agree.
template <class T>
std::string differs(const Json& sidecar, std::string_view key, const T& expected) {
  const auto it = sidecar.find(key);
  if (it == sidecar.end()) return core::str(key, " missing");
  try {
    if (it->get<T>() == expected) return {};
  } catch (const Json::exception&) {
  }
  return core::str(key, ": the sidecar has ", it->dump(), ", this run ", Json(expected).dump());
}

}  // namespace

std::string escape_path_component(std::string_view text) {
  if (text.empty()) return "%";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (safe_byte(c) && !(i == 0 && c == '.')) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

JobFiles job_files(const std::filesystem::path& output, const GenerationJob& job) {
  const std::string stem = core::str(escape_path_component(job.user), "/p", job.prompt_index, "-",
                                     escape_path_component(job.method));
  JobFiles files;
  files.image = stem + ".png";
  files.sidecar = stem + ".json";
  files.image_path = output / files.image;
  files.sidecar_path = output / files.sidecar;
  return files;
}

std::string sidecar_json(const GenerationJob& job, const ImageSettings& settings,
                         const std::string& image, const FileDigest& png) {
  Json out = Json::object();
  out["format_version"] = kImagesFormatVersion;
  out["job"] = job.id;
  out["user"] = job.user;
  out["user_id"] = job.user_id;
  out["method"] = job.method;
  out["prompt_index"] = job.prompt_index;
  out["base_prompt"] = job.base_prompt;
  out["prompt"] = job.prompt;
  out["negative_prompt"] = settings.negative_prompt;
  out["seed"] = job.seed;
  out["model"] = settings.model;
  out["scheduler"] = settings.scheduler;
  out["steps"] = settings.steps;
  out["guidance"] = settings.guidance;
  out["eta"] = settings.eta;
  out["spacing"] = settings.spacing;
  out["clip_sample_range"] = optional_number(settings.clip_sample_range);
  out["height"] = settings.height;
  out["width"] = settings.width;
  out["image"] = image;
  out["png_bytes"] = png.bytes;
  out["png_crc32"] = png.crc32;
  return out.dump() + "\n";
}

std::string_view image_state_name(ImageState state) {
  switch (state) {
    case ImageState::kDone:
      return "done";
    case ImageState::kMissing:
      return "missing";
    case ImageState::kStale:
      return "stale";
    case ImageState::kCorrupt:
      return "corrupt";
  }
  return "?";
}

ImageCheck check_image(const JobFiles& files, const GenerationJob& job,
                       const ImageSettings& settings) {
  std::error_code error;
  if (!std::filesystem::exists(files.sidecar_path, error)) {
    return {ImageState::kMissing, "no sidecar", {}};
  }
  Json sidecar;
  try {
    sidecar = Json::parse(read_file_bytes(files.sidecar_path));
  } catch (const std::exception& e) {
    return {ImageState::kCorrupt, core::str("unreadable sidecar: ", e.what()), {}};
  }
  if (!sidecar.is_object()) return {ImageState::kCorrupt, "the sidecar is not a JSON object", {}};
  if (auto d = differs(sidecar, "format_version", kImagesFormatVersion); !d.empty()) {
    return {ImageState::kCorrupt, d, {}};
  }
  for (const std::string& d : {
           differs(sidecar, "job", job.id),
           differs(sidecar, "prompt", job.prompt),
           differs(sidecar, "seed", job.seed),
           differs(sidecar, "negative_prompt", settings.negative_prompt),
           differs(sidecar, "model", settings.model),
           differs(sidecar, "scheduler", settings.scheduler),
           differs(sidecar, "steps", settings.steps),
           differs(sidecar, "guidance", settings.guidance),
           differs(sidecar, "eta", settings.eta),
           differs(sidecar, "spacing", settings.spacing),
           differs(sidecar, "clip_sample_range", optional_number(settings.clip_sample_range)),
           differs(sidecar, "height", settings.height),
           differs(sidecar, "width", settings.width),
       }) {
    if (!d.empty()) return {ImageState::kStale, d, {}};
  }
  FileDigest recorded;
  try {
    recorded.bytes = sidecar.at("png_bytes").get<std::int64_t>();
    recorded.crc32 = sidecar.at("png_crc32").get<std::uint32_t>();
  } catch (const Json::exception& e) {
    return {ImageState::kCorrupt, core::str("sidecar without the PNG's digest: ", e.what()), {}};
  }
  std::string bytes;
  try {
    bytes = read_file_bytes(files.image_path);
  } catch (const core::Error& e) {
    return {ImageState::kCorrupt, e.what(), {}};
  }
  const FileDigest found = digest_of(bytes);
  if (found != recorded) {
    return {ImageState::kCorrupt,
            core::str("the PNG has ", found.bytes, " bytes with CRC-32 ", found.crc32,
                      ", its sidecar says ", recorded.bytes, " bytes with CRC-32 ", recorded.crc32),
            {}};
  }
  try {
    const RgbImage image = decode_png(bytes, files.image_path.string());
    if (image.height != settings.height || image.width != settings.width) {
      return {ImageState::kCorrupt,
              core::str("the PNG is ", image.height, "x", image.width, ", expected ",
                        settings.height, "x", settings.width),
              {}};
    }
  } catch (const core::Error& e) {
    return {ImageState::kCorrupt, e.what(), {}};
  }
  return {ImageState::kDone, {}, found};
}

}  // namespace zipp::generation

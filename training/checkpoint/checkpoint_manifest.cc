#include "training/checkpoint/checkpoint_manifest.h"

#include <system_error>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/str.h"
#include "training/checkpoint/checkpoint_layout.h"
#include "training/checkpoint/file_checksum.h"

namespace zipp::training {
namespace {

using Json = nlohmann::json;

constexpr std::int64_t kManifestFormatVersion = 1;

// Names in a manifest are plain file names: a damaged or hand-edited manifest must not make the
// verifier read outside the checkpoint.
bool is_plain_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos;
}

Json read_manifest(const std::filesystem::path& checkpoint, const std::string& where) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(checkpoint / kManifestFile, error)) {
    throw core::InputError(core::str(where, "no ", kManifestFile,
                                     ": not a complete checkpoint (a save that did not finish, or "
                                     "not a checkpoint directory)"));
  }
  Json manifest;
  try {
    manifest = Json::parse(read_checkpoint_file(checkpoint, kManifestFile));
  } catch (const Json::exception& parse_error) {
    throw core::InputError(core::str(where, kManifestFile, " is not JSON: ", parse_error.what()));
  }
  const auto field = [&](const char* key) -> const Json& {
    if (!manifest.is_object() || !manifest.contains(key)) {
      throw core::InputError(core::str(where, kManifestFile, ": no \"", key, "\""));
    }
    return manifest.at(key);
  };
  if (field("format_version") != kManifestFormatVersion) {
    throw core::InputError(core::str(where, kManifestFile, ": expected format_version ",
                                     kManifestFormatVersion, ", found ",
                                     field("format_version").dump()));
  }
  if (field("checksum") != kChecksumAlgorithm) {
    throw core::InputError(core::str(where, kManifestFile, ": expected checksum \"",
                                     kChecksumAlgorithm, "\", found ", field("checksum").dump()));
  }
  if (!field("world_size").is_number_integer() || field("world_size").get<std::int64_t>() < 1) {
    throw core::InputError(core::str(where, kManifestFile, ": expected world_size >= 1, found ",
                                     field("world_size").dump()));
  }
  if (!field("files").is_object()) {
    throw core::InputError(core::str(where, kManifestFile, ": \"files\" is not an object"));
  }
  return manifest;
}

void verify_file(const std::filesystem::path& checkpoint, const std::string& name,
                 const Json& entry, const std::string& where) {
  const std::string file = core::str(where, "file ", name);
  if (!is_plain_name(name)) throw core::InputError(core::str(file, ": not a plain file name"));
  if (!entry.is_object() || !entry.contains("size") || !entry.at("size").is_number_unsigned() ||
      !entry.contains("checksum") || !entry.at("checksum").is_string()) {
    throw core::InputError(core::str(file, ": the manifest entry ", entry.dump(),
                                     " lacks an unsigned size or a checksum string"));
  }
  std::error_code error;
  if (!std::filesystem::is_regular_file(checkpoint / name, error)) {
    throw core::InputError(core::str(file, " is missing"));
  }
  const FileDigest digest = digest_file(checkpoint / name);
  const auto size = entry.at("size").get<std::uint64_t>();
  if (digest.size != size) {
    throw core::InputError(
        core::str(file, ": expected ", size, " bytes (manifest), found ", digest.size));
  }
  const auto checksum = entry.at("checksum").get<std::string>();
  if (checksum_hex(digest.checksum) != checksum) {
    throw core::InputError(core::str(file, ": expected ", kChecksumAlgorithm, " checksum ",
                                     checksum, " (manifest), found ",
                                     checksum_hex(digest.checksum)));
  }
}

}  // namespace

std::vector<std::string> checkpoint_files(std::int64_t world_size) {
  std::vector<std::string> files{std::string(kConfigFile), std::string(kModelFile),
                                 std::string(kOptimizerFile), std::string(kStateFile)};
  for (std::int64_t rank = 0; rank < world_size; ++rank) files.push_back(rng_file_name(rank));
  return files;
}

void write_manifest(const std::filesystem::path& checkpoint, const std::vector<std::string>& files,
                    std::int64_t global_step, std::int64_t world_size) {
  Json entries = Json::object();
  for (const std::string& name : files) {
    const FileDigest digest = digest_file(checkpoint / name);
    entries[name] = {{"size", digest.size}, {"checksum", checksum_hex(digest.checksum)}};
  }
  const Json manifest{{"format_version", kManifestFormatVersion},
                      {"checksum", kChecksumAlgorithm},
                      {"global_step", global_step},
                      {"world_size", world_size},
                      {"files", entries}};
  core::write_file_atomic(checkpoint / kManifestFile, manifest.dump(2) + "\n");
}

void verify_checkpoint(const std::filesystem::path& checkpoint) {
  const std::string where = core::str("checkpoint ", core::quoted(checkpoint.string()), ": ");
  const Json manifest = read_manifest(checkpoint, where);
  const Json& files = manifest.at("files");
  for (const std::string& name : checkpoint_files(manifest.at("world_size").get<std::int64_t>())) {
    if (!files.contains(name)) {
      throw core::InputError(core::str(where, "file ", name, " is not in the manifest"));
    }
  }
  for (const auto& [name, entry] : files.items()) verify_file(checkpoint, name, entry, where);
}

}  // namespace zipp::training

// A checkpoint's manifest (`manifest.json`, docs/formats.md "Checkpoint"): every file's size and
// checksum. It is written last, so its presence marks a complete checkpoint, and it lets a resume
// refuse a checkpoint damaged after it was written.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace zipp::training {

// Digests `files` (names inside `checkpoint`) and writes manifest.json there, durably. IoError
// naming the file when one cannot be read.
void write_manifest(const std::filesystem::path& checkpoint, const std::vector<std::string>& files,
                    std::int64_t global_step, std::int64_t world_size);

// The files a complete checkpoint written by `world_size` ranks holds (manifest excluded).
std::vector<std::string> checkpoint_files(std::int64_t world_size);

// Checks the manifest and every file it lists: present, the recorded size, the recorded checksum;
// and that it lists every file checkpoint_files names. InputError naming the checkpoint and the
// file (expected and found) at the first difference.
void verify_checkpoint(const std::filesystem::path& checkpoint);

}  // namespace zipp::training

// The inputs of `zipp rewrite` besides personas: the base prompts (a text file, one per line;
// blank lines and lines starting with '#' skipped) and the users' example prompts for k-shot
// (JSONL, {"user": "<name>", "prompt": "<text>"} per line, each user's in file order).
#pragma once

#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

namespace zipp::verbalize {

// IoError when unreadable; InputError when it holds no prompt.
std::vector<std::string> read_base_prompts(const std::filesystem::path& path);

// InputError naming the file and line for a malformed line.
std::unordered_map<std::string, std::vector<std::string>> read_example_prompts(
    const std::filesystem::path& path);

}  // namespace zipp::verbalize

#include "verbalize/run/rewrite_inputs.h"

#include <cstdint>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/str.h"

namespace zipp::verbalize {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::ifstream open(const std::filesystem::path& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::IoError(core::str("cannot open the ", what, " file ", path.string()));
  return in;
}

}  // namespace

std::vector<std::string> read_base_prompts(const std::filesystem::path& path) {
  std::ifstream in = open(path, "base prompts");
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line);
    if (!line.empty() && line.front() != '#') out.push_back(line);
  }
  if (out.empty()) {
    throw core::InputError(core::str(path.string(),
                                     ": expected at least one base prompt (one per "
                                     "line), found none"));
  }
  return out;
}

std::unordered_map<std::string, std::vector<std::string>> read_example_prompts(
    const std::filesystem::path& path) {
  std::ifstream in = open(path, "example prompts");
  std::unordered_map<std::string, std::vector<std::string>> out;
  std::string line;
  std::int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (trim(line).empty()) continue;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    const bool ok = !j.is_discarded() && j.is_object() && j.size() == 2 && j.contains("user") &&
                    j["user"].is_string() && j.contains("prompt") && j["prompt"].is_string() &&
                    !j["user"].get_ref<const std::string&>().empty() &&
                    !trim(j["prompt"].get<std::string>()).empty();
    if (!ok) {
      throw core::InputError(core::str(path.string(), ":", number,
                                       ": expected {\"user\": \"<name>\", \"prompt\": \"<text>\"} "
                                       "with non-empty strings and no other key, found ",
                                       line.substr(0, 120)));
    }
    out[j["user"].get<std::string>()].push_back(trim(j["prompt"].get<std::string>()));
  }
  return out;
}

}  // namespace zipp::verbalize

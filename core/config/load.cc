#include "core/config/load.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "core/config/yaml_reader.h"
#include "core/error.h"
#include "core/str.h"

namespace zipp::core::config {

// Builds a Config source by source, collecting problems instead of stopping at the first.
class ConfigBuilder {
 public:
  explicit ConfigBuilder(const Schema& schema) : config_(schema) {}

  void read_file(const std::filesystem::path& path) {
    const std::string name = path.string();
    const std::optional<std::string> text = file_text(path);
    if (!text) return;
    std::vector<Assignment> assignments;
    std::vector<Problem> problems;
    read_yaml(*text, YamlSource{name, "", SourceLines::kFromYaml}, config_.schema(), assignments,
              problems);
    std::map<std::string, Location> first_seen;
    for (const auto& assignment : assignments) {
      const auto [it, fresh] = first_seen.emplace(assignment.key, assignment.value.where);
      if (!fresh) {
        problems.push_back(
            Problem(assignment.value.where,
                    str("key ", core::quoted(assignment.key),
                        " is set twice in this file (first at ", it->second.text(), ")")));
      }
    }
    apply(assignments, problems);
    // In file order, so the list reads top to bottom alongside the file.
    std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
      return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
    });
    problems_.insert(problems_.end(), problems.begin(), problems.end());
  }

  void read_override(const std::string& text) {
    const Location where{str("command-line override ", core::quoted(text)), 0, 0};
    const std::size_t equals = text.find('=');
    if (equals == std::string::npos) {
      problems_.push_back(Problem(where, "expected the form key=value, e.g. run.seed=7"));
      return;
    }
    const std::string key = trimmed(text.substr(0, equals));
    if (key.empty()) {
      problems_.push_back(Problem(where, "the key before '=' is empty"));
      return;
    }
    std::vector<Assignment> assignments;
    read_yaml(text.substr(equals + 1), YamlSource{where.source, key, SourceLines::kNone},
              config_.schema(), assignments, problems_);
    apply(assignments, problems_);
  }

  // Field checks on the resolved values, then whole-section rules for sections without problems.
  void run_checks() {
    const auto& sections = config_.schema().sections();
    for (std::size_t s = 0; s < sections.size(); ++s) {
      bool section_failed = failed_sections_.contains(s);
      for (const auto& field : sections[s].fields) {
        const std::string key = sections[s].name + "." + field.key;
        if (failed_keys_.contains(key)) continue;
        for (const auto& check : field.checks) {
          const std::string problem = check(config_.sections_[s]);
          if (problem.empty()) continue;
          section_failed = true;
          const std::string origin = config_.origin(key);
          if (origin == "default") {
            problems_.push_back(Problem(str("key ", core::quoted(key), " (default): ", problem)));
          } else {
            problems_.push_back(
                Problem(Location{origin, 0, 0}, str("key ", core::quoted(key), ": ", problem)));
          }
        }
      }
      if (section_failed) continue;
      for (const auto& rule : sections[s].rules) {
        if (std::string problem = rule(config_.sections_[s]); !problem.empty()) {
          problems_.push_back(
              Problem(str("section ", core::quoted(sections[s].name), ": ", problem)));
        }
      }
    }
  }

  Config finish() && {
    if (problems_.empty()) return std::move(config_);
    if (problems_.size() == 1) {
      throw ConfigError(str("invalid configuration: ", problems_.front().text()));
    }
    std::string message = str("invalid configuration, ", problems_.size(), " problems:");
    for (const auto& problem : problems_) message += "\n  " + problem.text();
    throw ConfigError(message);
  }

 private:
  static std::string trimmed(const std::string& text) {
    const std::size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) return {};
    return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
  }

  std::optional<std::string> file_text(const std::filesystem::path& path) {
    const std::string name = core::quoted(path.string());
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      problems_.push_back(Problem(str("config file ", name, " does not exist")));
      return std::nullopt;
    }
    if (std::filesystem::is_directory(path, ec)) {
      problems_.push_back(Problem(str("config file ", name, " is a directory, not a file")));
      return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      problems_.push_back(
          Problem(str("config file ", name, " cannot be opened: ", std::strerror(errno))));
      return std::nullopt;
    }
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) {
      problems_.push_back(Problem(str("config file ", name, " could not be read")));
      return std::nullopt;
    }
    return text;
  }

  void apply(const std::vector<Assignment>& assignments, std::vector<Problem>& problems) {
    const Schema& schema = config_.schema();
    for (const auto& assignment : assignments) {
      const auto ref = schema.find_key(assignment.key);
      if (!ref) continue;  // the reader only yields known keys
      const std::string problem =
          schema.field(*ref).assign(config_.sections_[ref->section], assignment.value);
      if (problem.empty()) {
        config_.origins_[assignment.key] = assignment.value.where.text();
        failed_keys_.erase(assignment.key);
      } else {
        problems.push_back(Problem(assignment.value.where,
                                   str("key ", core::quoted(assignment.key), ": ", problem)));
        failed_keys_.insert(assignment.key);
        failed_sections_.insert(ref->section);
      }
    }
  }

  Config config_;
  std::vector<Problem> problems_;
  std::set<std::string> failed_keys_;
  std::set<std::size_t> failed_sections_;
};

Config load_config(const Schema& schema, const std::optional<std::filesystem::path>& file,
                   const std::vector<std::string>& overrides) {
  ConfigBuilder builder(schema);
  if (file) builder.read_file(*file);
  for (const auto& override_text : overrides) builder.read_override(override_text);
  builder.run_checks();
  return std::move(builder).finish();
}

}  // namespace zipp::core::config

// Loading a run's configuration: section defaults, then the YAML file, then `a.b.c=value`
// overrides in order (later wins). The file syntax, override syntax and error messages are
// documented in docs/configuration.md.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/config/schema.h"

namespace zipp::core::config {

// Throws ConfigError listing every problem found, one per line, each naming the key, where it was
// written (file:line:column or the override), what was expected and what was found.
Config load_config(const Schema& schema, const std::optional<std::filesystem::path>& file,
                   const std::vector<std::string>& overrides);

}  // namespace zipp::core::config

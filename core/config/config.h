// The resolved configuration of one run: one typed struct per section, each key's value coming
// from the section's default, the YAML file or a command-line override (later wins), and a record
// of which, for `zipp config print --origins`. Build one with load_config() (core/config/load.h).
#pragma once

#include <any>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <typeindex>
#include <typeinfo>
#include <vector>

#include "core/config/schema.h"

namespace zipp::core::config {

enum class OriginComments { kHide, kShow };

class Config {
 public:
  // No sections; get() throws. Useful only as a placeholder before load_config().
  Config() = default;

  // The section S; throws InternalError when S was not added to the schema.
  template <class S>
  const S& get() const {
    return *std::any_cast<S>(&section(typeid(S), S::kName));
  }

  // Every key with its resolved value, nested by section and dotted key, in schema order. Loading
  // the text again gives the same values. kShow adds a comment after each value saying where it
  // came from.
  std::string to_yaml(OriginComments origins = OriginComments::kHide) const;

  // Where the key's value came from: "default", "run.yaml:3:9", or "command-line override
  // 'run.seed=7'". Throws ConfigError for an unknown key.
  std::string origin(std::string_view key) const;
  // The key's value on one line, as in `zipp config keys` ("25.0", "\"auto\"", "[10, 5]").
  std::string value_text(std::string_view key) const;

  // The key's value as a script wants it: a scalar's text without quotes (runs/quickstart, 25.0,
  // true), a list as in value_text.
  std::string plain_text(std::string_view key) const;

  const Schema& schema() const;

 private:
  friend class ConfigBuilder;

  explicit Config(const Schema& schema);
  const std::any& section(std::type_index type, std::string_view name) const;
  Schema::KeyRef key_ref(std::string_view key) const;

  std::shared_ptr<const Schema> schema_;
  std::vector<std::any> sections_;                           // schema order
  std::map<std::string, std::string, std::less<>> origins_;  // only keys not at their default
};

}  // namespace zipp::core::config

// A test section using every supported member type, nested keys, a choice, a field check and a
// section rule; and a fixture that writes YAML files into a fresh temporary directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/config/core_sections.h"
#include "core/config/load.h"
#include "core/config/schema.h"
#include "core/error.h"
#include "core/str.h"

namespace zipp::core::config::tests {

struct TrainSection {
  static constexpr std::string_view kName = "train";
  double learning_rate = 0.01;
  std::int32_t epochs = 3;
  std::int64_t hidden = 64;
  std::int64_t steps = 100;
  std::int32_t layers = 2;
  bool shuffle = true;
  std::string name = "baseline";
  std::vector<std::string> tags{"a", "b"};
  std::vector<std::int64_t> fanouts{10, 5};
  std::vector<double> dropout{};
  std::string optimizer = "adam";
  std::int64_t warmup = 0;

  static void describe(SectionSpec<TrainSection>& spec) {
    spec.field("learning_rate", &TrainSection::learning_rate, "step size");
    spec.field("epochs", &TrainSection::epochs, "passes over the data");
    // Declared apart on purpose: to_yaml must still write one `model:` mapping.
    spec.field("model.hidden", &TrainSection::hidden, "hidden width");
    spec.field("steps", &TrainSection::steps, "optimizer steps");
    spec.field("model.layers", &TrainSection::layers, "GATv2 layers");
    spec.field("shuffle", &TrainSection::shuffle, "shuffle each epoch");
    spec.field("name", &TrainSection::name, "experiment name");
    spec.field("tags", &TrainSection::tags, "free-form tags");
    spec.field("fanouts", &TrainSection::fanouts, "neighbours sampled per hop");
    spec.field("dropout", &TrainSection::dropout, "dropout per layer");
    spec.choice("optimizer", &TrainSection::optimizer, {"adam", "sgd"}, "optimizer");
    spec.field("warmup", &TrainSection::warmup, "warm-up steps")
        .check([](std::int64_t w) { return w >= 0; }, "must not be negative");
    spec.validate([](const TrainSection& t) {
      return t.warmup <= t.steps
                 ? std::string()
                 : str("warmup (", t.warmup, ") must not exceed steps (", t.steps, ")");
    });
  }
};

inline Schema test_schema() {
  Schema schema;
  add_core_sections(schema);
  schema.add<TrainSection>();
  return schema;
}

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           str("zipp_config_", getpid(), "_", info->test_suite_name(), "_", info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }

  Config load(const std::optional<std::filesystem::path>& file,
              const std::vector<std::string>& overrides = {}) const {
    return load_config(schema_, file, overrides);
  }

  // The ConfigError message load() throws, or a marker the assertions will not match.
  std::string error_of(const std::optional<std::filesystem::path>& file,
                       const std::vector<std::string>& overrides = {}) const {
    try {
      load(file, overrides);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "<no ConfigError>";
  }

  std::filesystem::path dir_;
  Schema schema_ = test_schema();
};

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace zipp::core::config::tests

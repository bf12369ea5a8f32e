// Loading values: defaults, files, nested keys, overrides, strict scalars, to_yaml round trip.
#include <cmath>
#include <limits>

#include "tests/core/config/test_sections.h"

namespace zipp::core::config::tests {
namespace {

TEST_F(ConfigTest, DefaultsComeFromTheSectionStructs) {
  const Config config = load(std::nullopt);
  EXPECT_EQ(config.get<RunConfig>().dir, "runs/quickstart");
  EXPECT_EQ(config.get<RunConfig>().seed, 0U);
  EXPECT_EQ(config.get<CommConfig>().backend, "auto");
  EXPECT_DOUBLE_EQ(config.get<CommConfig>().bucket_mb, 25.0);
  EXPECT_FALSE(config.get<TraceConfig>().enabled);
  EXPECT_EQ(config.get<TrainSection>().fanouts, (std::vector<std::int64_t>{10, 5}));
  EXPECT_EQ(config.origin("run.seed"), "default");
}

TEST_F(ConfigTest, FileValuesIncludingNestedKeys) {
  const auto file = write("run.yaml",
                          "run:\n"
                          "  seed: 42\n"
                          "train:\n"
                          "  model:\n"
                          "    hidden: 512\n"
                          "  tags: [x, 'y z']\n"
                          "  dropout: [0.5, 0.25]\n"
                          "  learning_rate: 3e-4\n"
                          "trace:\n"
                          "  enabled: Yes\n");
  const Config config = load(file);
  EXPECT_EQ(config.get<RunConfig>().seed, 42U);
  EXPECT_EQ(config.get<RunConfig>().dir, "runs/quickstart");  // untouched keys keep defaults
  const auto& train = config.get<TrainSection>();
  EXPECT_EQ(train.hidden, 512);
  EXPECT_EQ(train.layers, 2);
  EXPECT_EQ(train.tags, (std::vector<std::string>{"x", "y z"}));
  EXPECT_EQ(train.dropout, (std::vector<double>{0.5, 0.25}));
  EXPECT_DOUBLE_EQ(train.learning_rate, 3e-4);
  EXPECT_TRUE(config.get<TraceConfig>().enabled);
  EXPECT_EQ(config.origin("train.model.hidden"), file.string() + ":5:5");
  EXPECT_EQ(config.origin("run.seed"), file.string() + ":2:3");
}

TEST_F(ConfigTest, DottedKeysMayBeWrittenInTheFile) {
  const auto file = write("dotted.yaml",
                          "train.model.hidden: 7\n"
                          "train:\n"
                          "  model.layers: 4\n");
  const Config config = load(file);
  EXPECT_EQ(config.get<TrainSection>().hidden, 7);
  EXPECT_EQ(config.get<TrainSection>().layers, 4);
}

TEST_F(ConfigTest, EmptyFileAndEmptySectionKeepDefaults) {
  EXPECT_EQ(load(write("empty.yaml", "")).get<RunConfig>().seed, 0U);
  EXPECT_EQ(load(write("comments.yaml", "# nothing\ntrace:\n")).get<TraceConfig>().enabled, false);
}

TEST_F(ConfigTest, OverridesBeatTheFileAndLaterOverridesWin) {
  const auto file = write("run.yaml", "run:\n  seed: 3\n");
  const Config config = load(file, {"run.seed=5", "run.seed=6"});
  EXPECT_EQ(config.get<RunConfig>().seed, 6U);
  EXPECT_EQ(config.origin("run.seed"), "command-line override 'run.seed=6'");
}

TEST_F(ConfigTest, OverridesSetListsAndKeysAbsentFromTheFile) {
  const auto file = write("run.yaml", "run:\n  seed: 3\n");
  const Config config = load(file, {"train.fanouts=[25, 10, 5]", "train.dropout=[0.1,0.2]",
                                    "train.tags=[]", "comm.backend=mpi", " run.dir = out/x"});
  const auto& train = config.get<TrainSection>();
  EXPECT_EQ(train.fanouts, (std::vector<std::int64_t>{25, 10, 5}));
  EXPECT_EQ(train.dropout, (std::vector<double>{0.1, 0.2}));
  EXPECT_TRUE(train.tags.empty());
  EXPECT_EQ(config.get<CommConfig>().backend, "mpi");
  EXPECT_EQ(config.get<RunConfig>().dir, "out/x");
  EXPECT_EQ(config.get<RunConfig>().seed, 3U);
}

TEST_F(ConfigTest, OverrideOfAGroupTakesAMapping) {
  const Config config = load(std::nullopt, {"train.model={hidden: 9, layers: 1}"});
  EXPECT_EQ(config.get<TrainSection>().hidden, 9);
  EXPECT_EQ(config.get<TrainSection>().layers, 1);
}

TEST_F(ConfigTest, EmptyValueIsTheEmptyStringForStrings) {
  EXPECT_EQ(load(std::nullopt, {"train.name="}).get<TrainSection>().name, "");
  EXPECT_EQ(load(write("n.yaml", "train:\n  name:\n")).get<TrainSection>().name, "");
}

TEST_F(ConfigTest, ScalarsAcceptTheirWholeRange) {
  const Config config =
      load(std::nullopt, {"train.epochs=-2147483648", "train.steps=+9223372036854775807",
                          "run.seed=18446744073709551615", "train.learning_rate=-.inf",
                          "train.shuffle=OFF", "train.dropout=[.nan, 1e-300, 5]"});
  const auto& train = config.get<TrainSection>();
  EXPECT_EQ(train.epochs, std::numeric_limits<std::int32_t>::min());
  EXPECT_EQ(train.steps, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(config.get<RunConfig>().seed, std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(train.learning_rate, -std::numeric_limits<double>::infinity());
  EXPECT_FALSE(train.shuffle);
  ASSERT_EQ(train.dropout.size(), 3U);
  EXPECT_TRUE(std::isnan(train.dropout[0]));
  EXPECT_EQ(train.dropout[1], 1e-300);
  EXPECT_EQ(train.dropout[2], 5.0);
}

TEST_F(ConfigTest, BooleansAcceptTheUsualWordsInAnyCase) {
  for (const std::string word : {"true", "TRUE", "yes", "On"}) {
    EXPECT_TRUE(load(std::nullopt, {"trace.enabled=" + word}).get<TraceConfig>().enabled) << word;
  }
  for (const std::string word : {"false", "No", "off", "OFF"}) {
    EXPECT_FALSE(load(std::nullopt, {"train.shuffle=" + word}).get<TrainSection>().shuffle) << word;
  }
}

TEST_F(ConfigTest, ToYamlRoundTripsEveryValue) {
  // Strings that YAML would read as something else must come back as the same strings.
  const Config original =
      load(std::nullopt,
           {"run.seed=12345678901234567890", "run.dir='yes'", "train.name=''",
            "train.tags=['123', '~', 'a: b', 'it''s', 'null', 'true']", "train.learning_rate=0.1",
            "train.dropout=[1e-300, -0.0, .inf]", "train.model.hidden=1", "train.epochs=-7",
            "train.shuffle=no", "comm.backend=nccl", "comm.bucket_mb=1.5", "trace.enabled=on",
            "train.fanouts=[]", "train.optimizer=sgd"});
  const std::string yaml = original.to_yaml();
  const Config reloaded = load(write("printed.yaml", yaml));
  EXPECT_EQ(reloaded.to_yaml(), yaml);
  const auto& train = reloaded.get<TrainSection>();
  EXPECT_EQ(reloaded.get<RunConfig>().seed, 12345678901234567890ULL);
  EXPECT_EQ(reloaded.get<RunConfig>().dir, "yes");
  EXPECT_EQ(train.name, "");
  EXPECT_EQ(train.tags, (std::vector<std::string>{"123", "~", "a: b", "it's", "null", "true"}));
  EXPECT_EQ(train.learning_rate, 0.1);
  EXPECT_EQ(train.dropout[0], 1e-300);
  EXPECT_TRUE(std::signbit(train.dropout[1]));
  EXPECT_TRUE(std::isinf(train.dropout[2]));
  EXPECT_EQ(train.epochs, -7);
  EXPECT_FALSE(train.shuffle);
  EXPECT_EQ(reloaded.get<CommConfig>().backend, "nccl");
  EXPECT_TRUE(train.fanouts.empty());
  // Nested keys declared apart are written under one mapping.
  EXPECT_NE(yaml.find("  model:\n    hidden: 1\n    layers: 2\n"), std::string::npos) << yaml;
}

TEST_F(ConfigTest, ToYamlCanSayWhereEachValueCameFrom) {
  const auto file = write("run.yaml", "run:\n  seed: 3\n");
  const std::string yaml = load(file, {"trace.enabled=true"}).to_yaml(OriginComments::kShow);
  EXPECT_TRUE(contains(yaml, "seed: 3  # " + file.string() + ":2:3")) << yaml;
  EXPECT_TRUE(contains(yaml, "enabled: true  # command-line override 'trace.enabled=true'"))
      << yaml;
  EXPECT_TRUE(contains(yaml, "dir: runs/quickstart  # default")) << yaml;
}

TEST_F(ConfigTest, ValueTextAndOriginOfUnknownKeys) {
  const Config config = load(std::nullopt, {"train.fanouts=[1, 2]"});
  EXPECT_EQ(config.value_text("train.fanouts"), "[1, 2]");
  EXPECT_EQ(config.value_text("comm.backend"), "\"auto\"");
  try {
    config.origin("run.sed");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_TRUE(contains(e.what(), "did you mean 'run.seed'?")) << e.what();
  }
}

TEST(ConfigSchema, DescribeKeysListsEveryKeyOnceInOrder) {
  const auto rows = test_schema().describe_keys();
  ASSERT_GE(rows.size(), 5U);
  EXPECT_EQ(rows[0].key, "run.dir");
  EXPECT_EQ(rows[0].type, "string");
  EXPECT_EQ(rows[0].default_text, "\"runs/quickstart\"");
  EXPECT_EQ(rows[1].key, "run.seed");
  EXPECT_EQ(rows[1].type, "uint64");
  EXPECT_EQ(rows[2].key, "comm.backend");
  EXPECT_EQ(rows[2].type, "choice");
  EXPECT_EQ(rows[2].choices, (std::vector<std::string>{"auto", "mpi", "nccl"}));
  EXPECT_EQ(rows[3].default_text, "25.0");
  EXPECT_FALSE(rows[3].help.empty());
  EXPECT_EQ(rows[4].key, "trace.enabled");
  EXPECT_EQ(rows[4].default_text, "false");
  const auto fanouts = std::find_if(rows.begin(), rows.end(),
                                    [](const KeyInfo& row) { return row.key == "train.fanouts"; });
  ASSERT_NE(fanouts, rows.end());
  EXPECT_EQ(fanouts->type, "list<int64>");
  EXPECT_EQ(fanouts->default_text, "[10, 5]");
}

struct UnregisteredSection {
  static constexpr std::string_view kName = "nowhere";
  int value = 0;
};

struct BadChoiceSection {
  static constexpr std::string_view kName = "bad";
  std::string mode = "fast";
  static void describe(SectionSpec<BadChoiceSection>& spec) {
    spec.choice("mode", &BadChoiceSection::mode, {"slow"}, "mode");
  }
};

TEST(ConfigSchema, ProgrammingMistakesAreInternalErrors) {
  const Config config = load_config(test_schema(), std::nullopt, {});
  EXPECT_THROW(config.get<UnregisteredSection>(), InternalError);
  Schema twice;
  add_core_sections(twice);
  EXPECT_THROW(twice.add<RunConfig>(), InternalError);
  Schema bad_choice;
  EXPECT_THROW(bad_choice.add<BadChoiceSection>(), InternalError);
}

}  // namespace
}  // namespace zipp::core::config::tests

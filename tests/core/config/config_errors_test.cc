// Configuration errors: each names the key, where it was written, what was expected and what was
// found, suggests the nearest known name, and every problem is reported in one error.
#include <algorithm>

#include "tests/core/config/test_sections.h"

namespace zipp::core::config::tests {
namespace {

#define EXPECT_CONTAINS(text, part) EXPECT_TRUE(contains(text, part)) << (text)

TEST_F(ConfigTest, UnknownKeySuggestsTheNearestKeyWithFileAndLine) {
  const auto file = write("typo.yaml", "run:\n  seed: 1\ntrain:\n  learnng_rate: 0.1\n");
  const std::string message = error_of(file);
  EXPECT_CONTAINS(message, file.string() + ":4:3");
  EXPECT_CONTAINS(message, "unknown key 'train.learnng_rate'");
  EXPECT_CONTAINS(message, "did you mean 'train.learning_rate'?");
}

TEST_F(ConfigTest, UnknownSectionSuggestsTheNearestSection) {
  const auto file = write("typo.yaml", "trian:\n  epochs: 2\n");
  const std::string message = error_of(file);
  EXPECT_CONTAINS(message, file.string() + ":1:1");
  EXPECT_CONTAINS(message, "unknown section 'trian'; did you mean 'train'?");
  EXPECT_CONTAINS(error_of(std::nullopt, {"trian.epochs=2"}), "did you mean 'train.epochs'?");
  EXPECT_CONTAINS(error_of(write("far.yaml", "zzzzzz: 1\n")),
                  "known sections: run, comm, trace, train");
}

TEST_F(ConfigTest, MisplacedKeysSuggestWhereTheyBelong) {
  EXPECT_CONTAINS(error_of(write("a.yaml", "run:\n  backend: mpi\n")),
                  "unknown key 'run.backend'; did you mean 'comm.backend'?");
  EXPECT_CONTAINS(error_of(write("b.yaml", "seed: 3\n")), "did you mean 'run.seed'?");
  EXPECT_CONTAINS(error_of(write("c.yaml", "run:\n  qqqqqqqq: 3\n")),
                  "keys in section 'run': run.dir, run.seed");
}

TEST_F(ConfigTest, UnknownKeyInAnOverrideNamesTheOverride) {
  const std::string message = error_of(std::nullopt, {"run.sed=3"});
  EXPECT_CONTAINS(message, "command-line override 'run.sed=3'");
  EXPECT_CONTAINS(message, "did you mean 'run.seed'?");
}

TEST_F(ConfigTest, WrongScalarTypesSayWhatWasExpectedAndFound) {
  const auto file = write("types.yaml",
                          "train:\n"
                          "  epochs: 1.5\n"
                          "  learning_rate: abc\n"
                          "  steps: 99999999999999999999\n"
                          "  shuffle: maybe\n"
                          "run:\n"
                          "  seed: -1\n");
  const std::string message = error_of(file);
  EXPECT_CONTAINS(message, file.string() +
                               ":2:3: key 'train.epochs': expected an integer "
                               "(int32), found '1.5'");
  EXPECT_CONTAINS(message,
                  ":3:3: key 'train.learning_rate': expected a number (double), found "
                  "'abc'");
  EXPECT_CONTAINS(message,
                  ":4:3: key 'train.steps': expected an integer (int64), found "
                  "'99999999999999999999' (out of range");
  EXPECT_CONTAINS(message, ":5:3: key 'train.shuffle': expected a boolean");
  EXPECT_CONTAINS(message,
                  ":7:3: key 'run.seed': expected a non-negative integer (uint64), "
                  "found '-1' (negative)");
  EXPECT_CONTAINS(error_of(std::nullopt, {"train.epochs=3000000000"}), "(out of range");
  EXPECT_CONTAINS(error_of(std::nullopt, {"train.learning_rate=1e999"}), "out of range");
  EXPECT_CONTAINS(error_of(std::nullopt, {"train.steps=0x10"}), "found '0x10'");
}

TEST_F(ConfigTest, ShapeMismatchesAreErrors) {
  const auto file = write("shapes.yaml",
                          "run:\n"
                          "  seed: {a: 1}\n"
                          "train:\n"
                          "  fanouts: 5\n"
                          "  tags: [a, [b]]\n"
                          "  name: [x]\n"
                          "  model: 5\n");
  const std::string message = error_of(file);
  EXPECT_CONTAINS(message,
                  ":2:3: key 'run.seed': expected a single value (uint64), found a "
                  "mapping");
  EXPECT_CONTAINS(message,
                  ":4:3: key 'train.fanouts': expected a list of integers (int64), "
                  "found '5' (write [5] for one item)");
  EXPECT_CONTAINS(message,
                  ":5:3: key 'train.tags': item 2 of the list: expected a single "
                  "value, found a list");
  EXPECT_CONTAINS(message, ":6:3: key 'train.name': expected a string, found a list");
  EXPECT_CONTAINS(message,
                  ":7:3: key 'train.model': expected a mapping of keys "
                  "(hidden, layers), found the value '5'");
  // Listed in file order, whichever stage found them.
  EXPECT_LT(message.find(":2:3:"), message.find(":4:3:"));
  EXPECT_LT(message.find(":4:3:"), message.find(":5:3:"));
  EXPECT_LT(message.find(":5:3:"), message.find(":6:3:"));
  EXPECT_CONTAINS(error_of(std::nullopt, {"train.fanouts=[1, x]"}),
                  "item 2 of the list: expected an integer (int64), found 'x'");
  EXPECT_CONTAINS(error_of(write("top.yaml", "- a\n- b\n")),
                  "expected a mapping of sections (run, comm, trace, train) at the top level");
}

TEST_F(ConfigTest, NullIsAnErrorForNonStringTypes) {
  const auto file = write("null.yaml", "run:\n  seed:\ntrain:\n  fanouts: ~\n");
  const std::string message = error_of(file);
  EXPECT_CONTAINS(message,
                  ":2:3: key 'run.seed': expected a non-negative integer (uint64), "
                  "found nothing");
  EXPECT_CONTAINS(message, ":4:3: key 'train.fanouts'");
  EXPECT_CONTAINS(message, "write [] for an empty list");
}

TEST_F(ConfigTest, ChoiceOutsideTheListNamesTheChoices) {
  const std::string message = error_of(std::nullopt, {"comm.backend=ncl"});
  EXPECT_CONTAINS(message,
                  "command-line override 'comm.backend=ncl': key 'comm.backend': "
                  "expected one of 'auto', 'mpi', 'nccl', found 'ncl'; did you mean "
                  "'nccl'?");
}

TEST_F(ConfigTest, MalformedOverrides) {
  EXPECT_CONTAINS(error_of(std::nullopt, {"run.seed"}),
                  "command-line override 'run.seed': expected the form key=value");
  EXPECT_CONTAINS(error_of(std::nullopt, {"=5"}), "the key before '=' is empty");
  EXPECT_CONTAINS(error_of(std::nullopt, {"train.fanouts=[1, 2"}),
                  "command-line override 'train.fanouts=[1, 2': YAML syntax error");
}

TEST_F(ConfigTest, MissingUnreadableAndMalformedFiles) {
  const auto missing = dir_ / "missing.yaml";
  EXPECT_CONTAINS(error_of(missing), "config file '" + missing.string() + "' does not exist");
  EXPECT_CONTAINS(error_of(dir_), "config file '" + dir_.string() + "' is a directory");
  const auto broken = write("broken.yaml", "run:\n  seed: 1\n dir: x\n");
  EXPECT_CONTAINS(error_of(broken), broken.string() + ":3:2: YAML syntax error: ");
}

TEST_F(ConfigTest, KeySetTwiceInOneFile) {
  const auto file = write("twice.yaml", "run:\n  seed: 1\nrun.seed: 2\n");
  EXPECT_CONTAINS(error_of(file), file.string() +
                                      ":3:1: key 'run.seed' is set twice in this "
                                      "file (first at " +
                                      file.string() + ":2:3)");
}

TEST_F(ConfigTest, ChecksNameTheKeyAndWhereTheValueCameFrom) {
  const auto file = write("bucket.yaml", "comm:\n  bucket_mb: -2\n");
  EXPECT_CONTAINS(error_of(file),
                  file.string() + ":2:3: key 'comm.bucket_mb': must be positive, found -2.0");
  EXPECT_CONTAINS(error_of(std::nullopt, {"comm.bucket_mb=0"}),
                  "command-line override 'comm.bucket_mb=0': key 'comm.bucket_mb': must be "
                  "positive, found 0.0");
  // A value that did not parse is reported once, not also as failing its check.
  const std::string unparsed = error_of(std::nullopt, {"comm.bucket_mb=abc"});
  EXPECT_CONTAINS(unparsed, "invalid configuration: ");
  EXPECT_FALSE(contains(unparsed, "must be positive")) << unparsed;
}

TEST_F(ConfigTest, SectionRulesRunOnTheResolvedValues) {
  const std::string message = error_of(std::nullopt, {"train.warmup=50", "train.steps=10"});
  EXPECT_CONTAINS(message, "section 'train': warmup (50) must not exceed steps (10)");
  EXPECT_NO_THROW(load(std::nullopt, {"train.warmup=50", "train.steps=60"}));
}

TEST_F(ConfigTest, EveryProblemIsReportedInOneError) {
  const auto file = write("many.yaml",
                          "run:\n"
                          "  sed: 1\n"
                          "comm:\n"
                          "  backend: gloo\n"
                          "train:\n"
                          "  epochs: x\n");
  const std::string message = error_of(file, {"trace.enabled=perhaps", "nope"});
  EXPECT_CONTAINS(message, "invalid configuration, 5 problems:");
  EXPECT_CONTAINS(message, "\n  " + file.string() + ":2:3: unknown key 'run.sed'");
  EXPECT_CONTAINS(message, "\n  " + file.string() + ":4:3: key 'comm.backend'");
  EXPECT_CONTAINS(message, "\n  " + file.string() + ":6:3: key 'train.epochs'");
  EXPECT_CONTAINS(message,
                  "\n  command-line override 'trace.enabled=perhaps': key "
                  "'trace.enabled'");
  EXPECT_CONTAINS(message, "\n  command-line override 'nope': expected the form key=value");
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 5) << message;
}

}  // namespace
}  // namespace zipp::core::config::tests

#include "core/text/shell_quote.h"

#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace zipp::core::text {
namespace {

TEST(ShellQuote, PlainWordsStayAsTheyAre) {
  EXPECT_EQ(shell_quote("runs/quick-start_1.yaml"), "runs/quick-start_1.yaml");
  EXPECT_EQ(shell_quote("train.lr=5e-4"), "train.lr=5e-4");
}

TEST(ShellQuote, EverythingElseIsSingleQuoted) {
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("a b"), "'a b'");
  EXPECT_EQ(shell_quote("$(rm -rf /)"), "'$(rm -rf /)'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
}

// The quoted form, read back by a real shell, is the original bytes.
TEST(ShellQuote, RoundTripsThroughARealShell) {
  const std::vector<std::string> values = {"plain", "two words",  "it's",        "`id`",  "$HOME",
                                           "a\nb",  "semi;colon", "back\\slash", "\"dq\""};
  for (const auto& value : values) {
    const std::string command = "printf '%s' " + shell_quote(value);
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string output;
    char buffer[256];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
    ASSERT_EQ(pclose(pipe), 0);
    EXPECT_EQ(output, value) << shell_quote(value);
  }
}

TEST(ShellJoin, QuotesEachArgument) {
  const std::vector<std::string> args = {"zipp", "config", "print", "run.dir=my runs"};
  EXPECT_EQ(shell_join(args), "zipp config print 'run.dir=my runs'");
}

}  // namespace
}  // namespace zipp::core::text

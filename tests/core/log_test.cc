#include "core/log.h"

#include <cstdlib>

#include <gtest/gtest.h>

#include "core/error.h"

namespace zipp::core {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void TearDown() override {
    set_log_level(LogLevel::kInfo);
    set_log_rank(0);
    set_log_all_ranks(false);
    unsetenv("ZIPP_LOG_LEVEL");
    unsetenv("ZIPP_LOG_RANKS");
  }
};

TEST_F(LogTest, ParsesEveryLevelName) {
  EXPECT_EQ(parse_log_level("trace"), LogLevel::kTrace);
  EXPECT_EQ(parse_log_level("warning"), LogLevel::kWarn);
  EXPECT_EQ(parse_log_level("off"), LogLevel::kOff);
  EXPECT_THROW(parse_log_level("loud"), ConfigError);
}

TEST_F(LogTest, OnlyRankZeroWritesByDefault) {
  set_log_level(LogLevel::kInfo);
  set_log_rank(1);
  EXPECT_FALSE(log_enabled(LogLevel::kInfo));
  EXPECT_TRUE(log_enabled(LogLevel::kError, /*any_rank=*/true));
  set_log_all_ranks(true);
  EXPECT_TRUE(log_enabled(LogLevel::kInfo));
  set_log_rank(0);
  EXPECT_FALSE(log_enabled(LogLevel::kDebug));
}

TEST_F(LogTest, EnvironmentSetsLevelAndRanks) {
  setenv("ZIPP_LOG_LEVEL", "debug", 1);
  setenv("ZIPP_LOG_RANKS", "all", 1);
  configure_log_from_env();
  EXPECT_EQ(log_level(), LogLevel::kDebug);
  set_log_rank(3);
  EXPECT_TRUE(log_enabled(LogLevel::kDebug));
}

TEST_F(LogTest, BadEnvironmentValueNamesTheVariable) {
  setenv("ZIPP_LOG_LEVEL", "chatty", 1);
  try {
    configure_log_from_env();
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("ZIPP_LOG_LEVEL"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'chatty'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace zipp::core

// The stop handlers record SIGUSR1 and SIGTERM instead of ending the process.
#include "core/comm/stop_request.h"

#include <csignal>

#include <gtest/gtest.h>

namespace zipp::core::comm {
namespace {

class StopRequest : public testing::Test {
 protected:
  void SetUp() override {
    install_stop_handlers();
    clear_stop_request();
  }
  void TearDown() override { clear_stop_request(); }
};

TEST_F(StopRequest, NoSignalMeansNoRequest) { EXPECT_EQ(stop_signal(), 0); }

TEST_F(StopRequest, Sigusr1IsRecordedAndTheProcessGoesOn) {
  ASSERT_EQ(std::raise(SIGUSR1), 0);
  EXPECT_EQ(stop_signal(), SIGUSR1);
  clear_stop_request();
  EXPECT_EQ(stop_signal(), 0);
}

TEST_F(StopRequest, SigtermIsRecordedAndTheProcessGoesOn) {
  ASSERT_EQ(std::raise(SIGTERM), 0);
  EXPECT_EQ(stop_signal(), SIGTERM);
}

TEST_F(StopRequest, InstallingAgainKeepsTheHandlers) {
  install_stop_handlers();
  ASSERT_EQ(std::raise(SIGUSR1), 0);
  EXPECT_EQ(stop_signal(), SIGUSR1);
  struct sigaction current {};
  ASSERT_EQ(sigaction(SIGTERM, nullptr, &current), 0);
  EXPECT_NE(current.sa_handler, SIG_DFL);
  EXPECT_NE(current.sa_handler, SIG_IGN);
}

TEST_F(StopRequest, TheLatestSignalIsTheOneReported) {
  ASSERT_EQ(std::raise(SIGUSR1), 0);
  ASSERT_EQ(std::raise(SIGTERM), 0);
  EXPECT_EQ(stop_signal(), SIGTERM);
}

}  // namespace
}  // namespace zipp::core::comm

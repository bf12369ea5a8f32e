// MPI for a single-process unit test binary: evaluate_posting and the baselines take a
// communicator, which here is MPI_COMM_WORLD of a one-rank singleton job.
#pragma once

#include <memory>

#include <gtest/gtest.h>

#include "core/comm/environment.h"

namespace zipp::training::testing {

class MpiEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    int argc = 0;
    char** argv = nullptr;
    environment_ = std::make_unique<core::comm::Environment>(argc, argv);
  }
  void TearDown() override { environment_.reset(); }

 private:
  std::unique_ptr<core::comm::Environment> environment_;
};

}  // namespace zipp::training::testing

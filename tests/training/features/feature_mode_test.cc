// The `train.features` values: names round-trip, anything else is a ConfigError listing both.
#include <string>

#include <gtest/gtest.h>

#include "core/error.h"
#include "training/features/feature_store.h"

namespace zipp::training {
namespace {

TEST(FeatureMode, NamesRoundTrip) {
  for (const FeatureMode mode : {FeatureMode::kReplicate, FeatureMode::kFetch}) {
    EXPECT_EQ(parse_feature_mode(feature_mode_name(mode)), mode);
  }
  EXPECT_EQ(parse_feature_mode("replicate"), FeatureMode::kReplicate);
  EXPECT_EQ(parse_feature_mode("fetch"), FeatureMode::kFetch);
  EXPECT_NE(feature_mode_name(FeatureMode::kReplicate), feature_mode_name(FeatureMode::kFetch));
}

TEST(FeatureMode, UnknownNameListsBoth) {
  for (const char* name : {"", "Fetch", "replicated", "cache", "fetch "}) {
    try {
      parse_feature_mode(name);
      ADD_FAILURE() << "accepted " << name;
    } catch (const core::ConfigError& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find("replicate, fetch"), std::string::npos) << message;
      EXPECT_NE(message.find(std::string("'") + name + "'"), std::string::npos) << message;
    }
  }
}

}  // namespace
}  // namespace zipp::training

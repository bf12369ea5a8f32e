#include "core/text/edit_distance.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace zipp::core::text {
namespace {

TEST(EditDistance, KnownValues) {
  EXPECT_EQ(edit_distance("", ""), 0U);
  EXPECT_EQ(edit_distance("abc", ""), 3U);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
  EXPECT_EQ(edit_distance("learning_rate", "lerning_rate"), 1U);
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2U);
}

TEST(Nearest, SuggestsAPlausibleTypoOnly) {
  const std::vector<std::string> names = {"train.learning_rate", "train.batch_size", "run.seed"};
  EXPECT_EQ(nearest("train.lerning_rate", names), "train.learning_rate");
  EXPECT_EQ(nearest("run.sed", names), "run.seed");
  EXPECT_EQ(nearest("completely.different", names), std::nullopt);
  EXPECT_EQ(nearest("x", std::vector<std::string>{}), std::nullopt);
}

}  // namespace
}  // namespace zipp::core::text

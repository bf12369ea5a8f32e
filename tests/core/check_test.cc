#include "core/check.h"

#include <functional>
#include <iomanip>
#include <string>

#include <gtest/gtest.h>

namespace zipp::core {
namespace {

std::string message_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "no exception";
}

TEST(Check, ComparisonShowsExpectedAndFound) {
  const int rows = 3;
  const std::string message = message_of([&] { ZIPP_CHECK_EQ(rows, 5, "rows of 'x.h5:/edges'"); });
  EXPECT_NE(message.find("rows of 'x.h5:/edges'"), std::string::npos) << message;
  EXPECT_NE(message.find("expected rows == 5"), std::string::npos) << message;
  EXPECT_NE(message.find("found rows = 3"), std::string::npos) << message;
}

TEST(Check, NamedRightHandSideShowsItsValue) {
  const int rows = 3;
  const int wanted = 7;
  const std::string message = message_of([&] { ZIPP_CHECK_LE(wanted, rows); });
  EXPECT_NE(message.find("expected wanted <= rows (rows = 3)"), std::string::npos) << message;
  EXPECT_NE(message.find("found wanted = 7"), std::string::npos) << message;
}

TEST(Check, TypedCheckThrowsTheChosenType) {
  EXPECT_THROW(ZIPP_CHECK_T(InputError, 1 + 1 == 3, "arithmetic"), InputError);
  EXPECT_THROW(ZIPP_ASSERT(false, "bug"), InternalError);
  EXPECT_NO_THROW(ZIPP_CHECK(true, "fine"));
}

TEST(Check, MpiErrorNamesTheOperation) {
  const MpiError error("MPI_Allreduce", 15, "MPI_ERR_TRUNCATE: message truncated");
  EXPECT_EQ(error.op(), "MPI_Allreduce");
  EXPECT_EQ(error.code(), 15);
  EXPECT_NE(std::string(error.what()).find("MPI_Allreduce failed with MPI error 15"),
            std::string::npos);
}

// Unqualified quoted() on a std::string must not pick std::quoted through argument-dependent
// lookup (<iomanip> is included above).
TEST(Quoted, UsesSingleQuotesForEveryArgumentType) {
  const std::string name = "x.h5";
  EXPECT_EQ(quoted(name), "'x.h5'");
  EXPECT_EQ(quoted(std::string("y")), "'y'");
  EXPECT_EQ(quoted("z"), "'z'");
  EXPECT_EQ(quoted(std::string_view("w")), "'w'");
}

}  // namespace
}  // namespace zipp::core

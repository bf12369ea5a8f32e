// The 32-bit METIS index limit is checked from the graph's counts before METIS runs (no giant
// graph needed), and METIS status codes become typed errors.
#include "partition/metis_limits.h"

#include <cstdint>
#include <string>

#include <gtest/gtest.h>
#include <metis.h>

#include "core/error.h"

namespace zipp::partition {
namespace {

constexpr std::int64_t k2p31 = std::int64_t{1} << 31;

TEST(MetisIndexLimit, AdjacencyMustStayBelowTwoToThe31) {
  // 2 x edges = 2^31 - 2: the largest graph that fits.
  EXPECT_NO_THROW(check_metis_index_limit(23'040'000, k2p31 / 2 - 1, 32, "g"));
  EXPECT_THROW(check_metis_index_limit(23'040'000, k2p31 / 2, 32, "g"), core::ConfigError);
  EXPECT_THROW(check_metis_index_limit(23'040'000, 700'000'000'000, 32, "g"), core::ConfigError);
}

TEST(MetisIndexLimit, VerticesMustFitToo) {
  EXPECT_NO_THROW(check_metis_index_limit(k2p31 - 1, 10, 32, "g"));
  EXPECT_THROW(check_metis_index_limit(k2p31, 10, 32, "g"), core::ConfigError);
}

TEST(MetisIndexLimit, SixtyFourBitMetisTakesAnySize) {
  EXPECT_NO_THROW(check_metis_index_limit(k2p31 * 4, k2p31 * 8, 64, "g"));
}

TEST(MetisIndexLimit, MessageNamesTheGraphTheCountsAndWhatToDo) {
  try {
    check_metis_index_limit(24'000'000, 1'500'000'000, 32, "the bipartite graph of big.h5");
    FAIL() << "no error";
  } catch (const core::ConfigError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("big.h5"), std::string::npos) << message;
    EXPECT_NE(message.find("1500000000 edges"), std::string::npos) << message;
    EXPECT_NE(message.find("partition.method=stream"), std::string::npos) << message;
    EXPECT_NE(message.find("IDXTYPEWIDTH=64"), std::string::npos) << message;
  }
}

TEST(MetisIndexLimit, TheLinkedMetisWidthIsKnown) { EXPECT_EQ(metis_index_bits(), IDXTYPEWIDTH); }

TEST(MetisStatus, CodesBecomeTypedErrors) {
  EXPECT_NO_THROW(check_metis_status(METIS_OK, "METIS_PartGraphKway", "g"));
  EXPECT_THROW(check_metis_status(METIS_ERROR_INPUT, "METIS_PartGraphKway", "g"), core::InputError);
  try {
    check_metis_status(METIS_ERROR_MEMORY, "METIS_PartGraphKway", "g");
    FAIL() << "no error";
  } catch (const MetisError& error) {
    EXPECT_EQ(error.status(), METIS_ERROR_MEMORY);
    EXPECT_NE(std::string(error.what()).find("METIS_ERROR_MEMORY"), std::string::npos);
  }
  EXPECT_THROW(check_metis_status(METIS_ERROR, "METIS_PartGraphKway", "g"), MetisError);
  EXPECT_THROW(check_metis_status(12345, "METIS_PartGraphKway", "g"), MetisError);
}

}  // namespace
}  // namespace zipp::partition

namespace zipp::partition {
namespace {

TEST(MetisMemory, EstimateGrowsWithTheGraphAndIsCheckedAgainstWhatIsAvailable) {
  const std::int64_t two_million = estimate_metis_bytes(2'040'000, 20'000'000);
  EXPECT_GT(two_million, std::int64_t{2} << 30);  // measured 2.7 GB
  EXPECT_LT(two_million, std::int64_t{4} << 30);
  EXPECT_GT(estimate_metis_bytes(23'040'000, 230'000'000), 10 * two_million);
  EXPECT_NO_THROW(check_metis_memory(two_million, std::int64_t{24} << 30, "g"));
  EXPECT_NO_THROW(check_metis_memory(two_million, 0, "g"));  // unknown: not checked
  try {
    check_metis_memory(std::int64_t{30} << 30, std::int64_t{20} << 30, "the graph of big.h5");
    FAIL() << "no error";
  } catch (const core::ConfigError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("big.h5"), std::string::npos) << message;
    EXPECT_NE(message.find("30 GiB"), std::string::npos) << message;
    EXPECT_NE(message.find("partition.method=stream"), std::string::npos) << message;
  }
  EXPECT_GT(available_memory_bytes(), 0);  // Linux has /proc/meminfo
}

}  // namespace
}  // namespace zipp::partition

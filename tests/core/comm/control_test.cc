// Byte exchanges and integer reductions of core/comm/control.h across real MPI ranks.
#include "core/comm/control.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.h"

namespace zipp::core::comm {
namespace {

// What rank `from` sends to rank `to`: a length and contents that differ per pair, with
// embedded zero bytes, and an empty buffer for some pairs.
std::string message(int from, int to) {
  if ((from + to) % 3 == 2) return {};
  std::string text(static_cast<std::size_t>(1 + 7 * from + 13 * to), '\0');
  for (std::size_t i = 0; i < text.size(); ++i) {
    text[i] = static_cast<char>((from * 31 + to * 17 + static_cast<int>(i)) % 256);
  }
  return text;
}

TEST(AlltoallvBytes, EveryRankReceivesWhatEachRankSentIt) {
  const Communicator world = Communicator::world();
  std::vector<std::string> send;
  for (int to = 0; to < world.size(); ++to) send.push_back(message(world.rank(), to));
  const std::vector<std::string> received = alltoallv_bytes(world, send);
  ASSERT_EQ(received.size(), static_cast<std::size_t>(world.size()));
  for (int from = 0; from < world.size(); ++from) {
    EXPECT_EQ(received[from], message(from, world.rank())) << "from rank " << from;
  }
}

TEST(AlltoallvBytes, AllEmptyBuffersGiveEmptyResults) {
  const Communicator world = Communicator::world();
  const std::vector<std::string> received =
      alltoallv_bytes(world, std::vector<std::string>(world.size()));
  for (const std::string& buffer : received) EXPECT_TRUE(buffer.empty());
}

TEST(AlltoallvBytes, WrongNumberOfBuffersIsRejected) {
  const Communicator world = Communicator::world();
  EXPECT_THROW(alltoallv_bytes(world, std::vector<std::string>(world.size() + 1)), Error);
}

TEST(AllreduceSumInts, SumsElementwise) {
  const Communicator world = Communicator::world();
  const int64_t r = world.rank();
  const std::vector<int64_t> sums = allreduce_sum_ints(world, {1, r, -2 * r, int64_t{1} << 40});
  const int64_t n = world.size();
  EXPECT_EQ(sums, (std::vector<int64_t>{n, n * (n - 1) / 2, -n * (n - 1), n << 40}));
}

}  // namespace
}  // namespace zipp::core::comm

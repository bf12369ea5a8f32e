#include "core/io/rank_parts.h"

#include <fstream>
#include <iomanip>
#include <sstream>

#include "core/check.h"
#include "core/error.h"
#include "core/io/atomic_file.h"

namespace zipp::core {

std::filesystem::path rank_part_path(const std::filesystem::path& output, int rank) {
  std::ostringstream name;
  name << output.filename().string() << ".part-" << std::setw(5) << std::setfill('0') << rank;
  return output.parent_path() / name.str();
}

void join_rank_parts(const std::filesystem::path& output, int ranks) {
  AtomicFile file(output);
  for (int r = 0; r < ranks; ++r) {
    std::ifstream in(rank_part_path(output, r), std::ios::binary);
    ZIPP_CHECK_T(IoError, in.good(), "cannot read ", rank_part_path(output, r).string());
    file.out() << in.rdbuf();
  }
  file.commit();
  for (int r = 0; r < ranks; ++r) std::filesystem::remove(rank_part_path(output, r));
}

}  // namespace zipp::core

#include "verbalize/run/prompt_history.h"

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/check.h"
#include "core/io/atomic_file.h"
#include "graph/graph_reader.h"
#include "graph/synth/posted_titles.h"

namespace zipp::verbalize {

PromptHistorySummary write_prompt_history(const std::filesystem::path& graph,
                                          const std::filesystem::path& output,
                                          std::int64_t block_users) {
  ZIPP_ASSERT(block_users > 0, "block_users must be positive, got ", block_users);
  const auto reader = graph::GraphReader::open(graph);
  const std::vector<std::string> bank = graph::synth::read_title_bank(reader.file());
  PromptHistorySummary summary;
  summary.users = reader.meta().num_users;
  if (output.has_parent_path()) std::filesystem::create_directories(output.parent_path());
  core::AtomicFile out(output);
  std::string lines;
  for (std::int64_t begin = 0; begin < summary.users; begin += block_users) {
    const std::int64_t end = std::min(summary.users, begin + block_users);
    const auto posted = graph::synth::read_posted_titles(reader.file(), begin, end);
    const std::vector<std::string> names = reader.user_names(begin, end);
    lines.clear();
    for (std::int64_t i = 0; i < end - begin; ++i) {
      std::vector<std::int64_t> seen;
      for (std::int64_t t = posted.indptr[i]; t < posted.indptr[i + 1]; ++t) {
        const std::int64_t title = posted.titles[t];
        ZIPP_CHECK_T(core::InputError, title >= 0 && title < static_cast<std::int64_t>(bank.size()),
                     graph.string(), ": user ", begin + i, " posted title ", title,
                     " outside the bank of ", bank.size());
        if (std::find(seen.begin(), seen.end(), title) != seen.end()) continue;
        seen.push_back(title);
        lines += nlohmann::ordered_json{{"user", names[i]}, {"prompt", bank[title]}}.dump();
        lines += '\n';
        ++summary.prompts;
      }
      summary.with_history += seen.empty() ? 0 : 1;
    }
    out.write(lines);
  }
  out.commit();
  return summary;
}

}  // namespace zipp::verbalize

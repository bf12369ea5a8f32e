#include "generation/run/generation_jobs.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <tuple>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/check.h"
#include "core/error.h"
#include "core/random/hash.h"
#include "core/str.h"

namespace zipp::generation {
namespace {

using Json = nlohmann::json;

constexpr std::uint64_t kMaxSeed = std::uint64_t{1} << 53;
// Keeps the job hash apart from other uses of hash_text on the same strings.
constexpr std::uint64_t kShardSalt = 0x67656e6572617465ULL;  // "generate"

class LineReader {
 public:
  LineReader(const std::filesystem::path& path, std::int64_t line, const Json& object)
      : path_(path), line_(line), object_(object) {}

  core::InputError error(std::string_view key, std::string_view problem) const {
    return core::InputError(
        core::str(path_.string(), ":", line_, ": key ", core::quoted(key), ": ", problem));
  }

  const Json* find(std::string_view key) const {
    const auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  const Json& need(std::string_view key) const {
    const Json* value = find(key);
    if (value == nullptr) throw error(key, "missing");
    return *value;
  }

  std::string text(std::string_view key, bool required_non_empty) const {
    const Json& value = need(key);
    if (!value.is_string()) throw error(key, core::str("expected a string, found ", value.dump()));
    auto out = value.get<std::string>();
    if (required_non_empty && out.empty()) throw error(key, "expected a non-empty string");
    return out;
  }

  std::int64_t integer(std::string_view key) const {
    const Json& value = need(key);
    if (!value.is_number_integer()) {
      throw error(key, core::str("expected an integer, found ", value.dump()));
    }
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > kMaxSeed) {
      throw error(key, core::str("expected an integer below 2^53, found ", value.dump()));
    }
    return value.get<std::int64_t>();
  }

 private:
  const std::filesystem::path& path_;
  std::int64_t line_;
  const Json& object_;
};

GenerationJob parse_job(const std::filesystem::path& path, std::int64_t line_number,
                        const std::string& line) {
  Json object;
  try {
    object = Json::parse(line);
  } catch (const Json::parse_error& e) {
    throw core::InputError(
        core::str(path.string(), ":", line_number, ": not a JSON object: ", e.what()));
  }
  if (!object.is_object()) {
    throw core::InputError(core::str(path.string(), ":", line_number,
                                     ": expected a JSON object, found ", object.type_name()));
  }
  const LineReader r(path, line_number, object);
  const std::int64_t version = r.integer("format_version");
  if (version != kJobsFormatVersion) {
    throw r.error("format_version", core::str("expected ", kJobsFormatVersion, ", found ", version,
                                              " (written by another version of zipp rewrite?)"));
  }
  GenerationJob job;
  job.line = line_number;
  job.id = r.text("job", true);
  job.user = r.text("user", true);
  job.method = r.text("method", true);
  job.prompt = r.text("prompt", true);
  job.prompt_index = r.integer("prompt_index");
  if (job.prompt_index < 0) {
    throw r.error("prompt_index", core::str("expected an integer >= 0, found ", job.prompt_index));
  }
  const std::int64_t seed = r.integer("seed");
  if (seed < 0 || static_cast<std::uint64_t>(seed) >= kMaxSeed) {
    throw r.error("seed", core::str("expected an integer in [0, 2^53), found ", seed));
  }
  job.seed = static_cast<std::uint64_t>(seed);
  if (r.find("user_id") != nullptr) job.user_id = r.integer("user_id");
  if (r.find("base_prompt") != nullptr) job.base_prompt = r.text("base_prompt", false);
  return job;
}

}  // namespace

std::vector<GenerationJob> read_generation_jobs(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  ZIPP_CHECK_T(core::IoError, in.is_open(), "cannot read the generation jobs ",
               core::quoted(path.string()), " (written by zipp rewrite; generation.jobs)");
  std::vector<GenerationJob> jobs;
  std::unordered_map<std::string, std::int64_t> line_of_id;
  std::map<std::tuple<std::string, std::int64_t, std::string>, std::int64_t> line_of_image;
  std::string line;
  for (std::int64_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    GenerationJob job = parse_job(path, number, line);
    if (const auto [it, added] = line_of_id.emplace(job.id, number); !added) {
      throw core::InputError(core::str(path.string(), ":", number, ": key 'job': ",
                                       core::quoted(job.id), " already on line ", it->second));
    }
    if (const auto [it, added] =
            line_of_image.emplace(std::tuple(job.user, job.prompt_index, job.method), number);
        !added) {
      throw core::InputError(core::str(path.string(), ":", number, ": user ",
                                       core::quoted(job.user), ", prompt_index ", job.prompt_index,
                                       ", method ", core::quoted(job.method), " already on line ",
                                       it->second, " (one image per user, prompt and method)"));
    }
    jobs.push_back(std::move(job));
  }
  ZIPP_CHECK_T(core::IoError, !in.bad(), "cannot read ", core::quoted(path.string()));
  return jobs;
}

std::vector<GenerationJob> select_jobs(std::vector<GenerationJob> jobs,
                                       const std::vector<std::string>& methods,
                                       std::int64_t max_jobs) {
  if (!methods.empty()) {
    std::erase_if(jobs, [&](const GenerationJob& job) {
      return std::find(methods.begin(), methods.end(), job.method) == methods.end();
    });
  }
  if (max_jobs > 0 && static_cast<std::int64_t>(jobs.size()) > max_jobs) {
    jobs.resize(static_cast<std::size_t>(max_jobs));
  }
  return jobs;
}

std::uint64_t job_hash(std::string_view job_id) { return core::hash_text(job_id, kShardSalt); }

std::vector<std::int64_t> shard_jobs(const std::vector<GenerationJob>& jobs,
                                     std::vector<std::int64_t> candidates, int rank, int ranks) {
  ZIPP_ASSERT(ranks >= 1 && rank >= 0 && rank < ranks, "shard_jobs: rank ", rank, " of ", ranks);
  const auto id = [&](std::int64_t i) -> const std::string& {
    return jobs[static_cast<std::size_t>(i)].id;
  };
  std::vector<std::pair<std::uint64_t, std::int64_t>> order;
  order.reserve(candidates.size());
  for (const std::int64_t i : candidates) order.emplace_back(job_hash(id(i)), i);
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : id(a.second) < id(b.second);
  });
  std::vector<std::int64_t> mine;
  for (std::size_t p = static_cast<std::size_t>(rank); p < order.size();
       p += static_cast<std::size_t>(ranks)) {
    mine.push_back(order[p].second);
  }
  std::sort(mine.begin(), mine.end());
  return mine;
}

}  // namespace zipp::generation

// The jobs `zipp generate` draws: jobs.jsonl as `zipp rewrite` writes it (docs/formats.md
// "Generation jobs"), read and checked, and the rank that draws each job.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace zipp::generation {

inline constexpr int kJobsFormatVersion = 1;

struct GenerationJob {
  std::string id;  // "<user>/p<prompt_index>/<method>"
  std::string user;
  std::int64_t user_id = -1;
  std::string method;
  std::int64_t prompt_index = 0;
  std::string base_prompt;
  std::string prompt;
  std::uint64_t seed = 0;  // in [0, 2^53)
  std::int64_t line = 0;   // in jobs.jsonl, from 1
};

// Every job of a jobs.jsonl, in file order. Blank lines are skipped. InputError naming the file,
// the line and the key for a line that is not a JSON object, a format_version other than 1, a
// missing key or one of the wrong type (job, user, method, prompt: non-empty strings;
// prompt_index: an integer >= 0; seed: an integer in [0, 2^53); user_id, base_prompt optional),
// and a job id, or a (user, prompt_index, method), that an earlier line already has.
std::vector<GenerationJob> read_generation_jobs(const std::filesystem::path& path);

// The jobs of the given methods (all when `methods` is empty), then the first `max_jobs` of them
// (all when 0), in file order.
std::vector<GenerationJob> select_jobs(std::vector<GenerationJob> jobs,
                                       const std::vector<std::string>& methods,
                                       std::int64_t max_jobs);

// A job's place in the sharding order: the stable 64-bit hash of its id (core/random/hash.h
// hash_text, salted), the same on every machine and run.
std::uint64_t job_hash(std::string_view job_id);

// This rank's share of `candidates` (indices into `jobs`): the candidates sorted by (job_hash,
// id) and dealt round-robin, position p to rank p mod ranks; returned in file order. Which rank
// gets a job depends on the ids of the candidates and the rank count, never on the file's order,
// and the shares differ by at most one job (a plain hash modulo the rank count leaves them
// uneven by about the square root of the count, which caps the scaling of small runs).
std::vector<std::int64_t> shard_jobs(const std::vector<GenerationJob>& jobs,
                                     std::vector<std::int64_t> candidates, int rank, int ranks);

}  // namespace zipp::generation

#include "verbalize/run/rewrite_jobs.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/check.h"
#include "core/random/hash.h"
#include "core/str.h"
#include "verbalize/prompts/rewrite_prompt.h"
#include "verbalize/run/cached_requests.h"

namespace zipp::verbalize {
namespace {

// The first non-empty line, without surrounding spaces and quotes.
std::string first_line(const std::string& content) {
  std::size_t pos = 0;
  while (pos <= content.size()) {
    const auto nl = content.find('\n', pos);
    std::string line = content.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    const auto b = line.find_first_not_of(" \t\r\"'`");
    if (b != std::string::npos) {
      const auto e = line.find_last_not_of(" \t\r\"'`");
      return line.substr(b, e - b + 1);
    }
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return {};
}

}  // namespace

std::int64_t job_seed(const std::string& user, std::int64_t prompt_index) {
  return static_cast<std::int64_t>(core::hash_text(core::str(user, "/p", prompt_index)) >> 11);
}

std::vector<Job> make_jobs(
    const std::vector<Persona>& personas, const std::vector<std::string>& base_prompts,
    const std::vector<std::string>& methods,
    const std::unordered_map<std::string, std::vector<std::string>>& examples, std::int64_t k) {
  std::vector<Job> jobs;
  for (const Persona& p : personas) {
    for (std::size_t i = 0; i < base_prompts.size(); ++i) {
      for (const auto& method : methods) {
        Job job;
        job.id = core::str(p.user, "/p", i, "/", method);
        job.user = p.user;
        job.user_id = p.user_id;
        job.method = method;
        job.prompt_index = static_cast<std::int64_t>(i);
        job.base_prompt = base_prompts[i];
        job.seed = job_seed(p.user, job.prompt_index);
        if (method == "zipp-kshot") {
          if (auto it = examples.find(p.user); it != examples.end()) {
            const auto n = std::min<std::size_t>(it->second.size(), static_cast<std::size_t>(k));
            job.examples.assign(it->second.begin(), it->second.begin() + n);
          }
        }
        jobs.push_back(std::move(job));
      }
    }
  }
  return jobs;
}

RewrittenBatch rewrite_jobs(std::vector<Job>& jobs,
                            const std::unordered_map<std::string, const Persona*>& personas,
                            const RewriteTemplates& templates, const LlmConfig& llm,
                            LlmClient& client, RequestCache& cache,
                            const std::function<void(const ChatOutcome&)>& done) {
  std::vector<ChatRequest> requests;
  requests.reserve(jobs.size());
  for (const Job& job : jobs) {
    std::vector<ChatMessage> messages;
    if (job.method == "no-persona") {
      messages = plain_rewrite_messages(*templates.plain, job.base_prompt);
    } else {
      auto it = personas.find(job.user);
      ZIPP_ASSERT(it != personas.end(), "a persona for the job's user ", job.user);
      messages = rewrite_messages(*templates.roleplay, *it->second, job.examples, job.base_prompt);
    }
    requests.push_back(make_chat_request(llm, job.id, std::move(messages), ResponseFormat::kText));
  }
  auto check = [](const ChatOutcome& o) -> std::string {
    return first_line(o.content).empty() ? "the reply holds no prompt" : "";
  };
  CachedBatch batch = complete_cached(client, cache, requests, check, done);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (batch.outcomes[i].succeeded) jobs[i].prompt = first_line(batch.outcomes[i].content);
  }
  return {std::move(batch.outcomes), batch.cached};
}

std::string job_json(const Job& job) {
  return nlohmann::json{{"format_version", kJobsFormatVersion},
                        {"job", job.id},
                        {"user", job.user},
                        {"user_id", job.user_id},
                        {"method", job.method},
                        {"prompt_index", job.prompt_index},
                        {"base_prompt", job.base_prompt},
                        {"examples", job.examples.size()},
                        {"prompt", job.prompt},
                        {"seed", job.seed}}
      .dump();
}

}  // namespace zipp::verbalize

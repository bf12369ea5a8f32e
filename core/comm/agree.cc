#include "core/comm/agree.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/comm/control.h"
#include "core/comm/mpi_handle.h"
#include "core/error.h"
#include "core/log.h"
#include "core/str.h"

namespace zipp::core::comm {

namespace {

// "rank 3", "ranks 0-2", "ranks 0, 2, 5-7".
std::string rank_list(const std::vector<int>& ranks) {
  std::string out = ranks.size() == 1 ? "rank " : "ranks ";
  for (std::size_t i = 0; i < ranks.size();) {
    std::size_t j = i;
    while (j + 1 < ranks.size() && ranks[j + 1] == ranks[j] + 1) ++j;
    out += str(i == 0 ? "" : ", ", ranks[i]);
    if (j > i) out += str("-", ranks[j]);
    i = j + 1;
  }
  return out;
}

// Ranks that failed with the same message are listed together, so a failure every rank shares
// reads as one line however many ranks there are.
std::string describe_failures(const std::vector<std::string>& problems, int& failures) {
  constexpr std::size_t kMaxMessages = 8;
  std::vector<std::string> messages;
  std::vector<std::vector<int>> ranks_of;
  failures = 0;
  for (int r = 0; r < static_cast<int>(problems.size()); ++r) {
    if (problems[r].empty()) continue;
    ++failures;
    std::size_t m = 0;
    while (m < messages.size() && messages[m] != problems[r]) ++m;
    if (m == messages.size()) {
      messages.push_back(problems[r]);
      ranks_of.emplace_back();
    }
    ranks_of[m].push_back(r);
  }
  std::string details;
  for (std::size_t m = 0; m < messages.size() && m < kMaxMessages; ++m) {
    details += str(m == 0 ? "" : "; ", rank_list(ranks_of[m]), ": ", messages[m]);
  }
  if (messages.size() > kMaxMessages) {
    details += str("; and ", messages.size() - kMaxMessages, " more different messages");
  }
  return details;
}

}  // namespace

void agree_on_setup(const Communicator& comm, const std::function<void()>& step,
                    std::string_view what) {
  std::string problem;
  ErrorCause cause = ErrorCause::kFailure;
  try {
    step();
  } catch (const std::exception& error) {
    problem = error.what();
    if (problem.empty()) problem = "an exception with an empty message";
    cause = cause_of(error);
  } catch (...) {
    problem = "an exception of unknown type";
  }
  agree_on_problem(comm, problem, what, cause);
}

namespace {

// The failure flag exchanged by agree_on_problem: 0 when fine, else a severity whose maximum over
// ranks picks the agreed cause.
int64_t failure_flag(bool failed, ErrorCause cause) {
  if (!failed) return 0;
  switch (cause) {
    case ErrorCause::kInput:
      return 3;
    case ErrorCause::kConfig:
      return 2;
    case ErrorCause::kFailure:
      return 1;
  }
  return 1;
}

ErrorCause cause_of_flag(int64_t flag) {
  if (flag == 3) return ErrorCause::kInput;
  if (flag == 2) return ErrorCause::kConfig;
  return ErrorCause::kFailure;
}

}  // namespace

void agree_on_problem(const Communicator& comm, const std::string& local_problem,
                      std::string_view what, ErrorCause local_cause) {
  const int64_t flag =
      allreduce_max_ints(comm, {failure_flag(!local_problem.empty(), local_cause)})[0];
  if (flag == 0) return;

  // The rare path: one more exchange so every rank can name who failed and why (an empty
  // problem means that rank was fine).
  int failures = 0;
  const std::string details = describe_failures(allgather_strings(comm, local_problem), failures);
  throw CollectiveError(
      str(what, " failed on ", failures, " of ", comm.size(), " ranks: ", details),
      cause_of_flag(flag));
}

void abort_job(const std::string& reason, int exit_code) {
  ZIPP_LOG_ONE(kError, "aborting the job: ", reason);
  std::fflush(stderr);
  if (mpi_is_running()) MPI_Abort(MPI_COMM_WORLD, exit_code);
  // Not under MPI, or MPI_Abort returned (it should not): end this process at least.
  std::_Exit(exit_code);
}

}  // namespace zipp::core::comm

// Two failure policies (GROMACS's agreed setup errors; LAMMPS's Error::all vs Error::one):
//
// * Setup (opening files, reading configs, building models): an error on any rank is agreed on
//   by all ranks. agree_on_setup runs a step on every rank, exchanges who failed and why, and if
//   anyone failed EVERY rank throws the same core::CollectiveError. Because every rank holds the
//   same message, callers report it once: log CollectiveError on rank 0 only (ZIPP_LOG_ERROR
//   does that by default) and exit; no rank is left waiting.
// * Inside a loop of collectives (training steps), agreeing costs a collective per step and a
//   failing rank may never reach it. run_or_abort turns an exception into abort_job, which logs
//   this rank's own view and ends the whole job with MPI_Abort.
#pragma once

#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "core/comm/communicator.h"
#include "core/error.h"

namespace zipp::core::comm {

// Runs `step` on this rank, then agrees with every rank of `comm`. If one or more ranks threw,
// every rank throws core::CollectiveError: "setup failed on 1 of 4 ranks: rank 2: cannot open
// 'x.h5'" (`what` names the step; ranks with the same message are listed together: "ranks 0-3:
// ..."). Collective.
void agree_on_setup(const Communicator& comm, const std::function<void()>& step,
                    std::string_view what = "setup");

// The same agreement for a problem this rank already found: an empty `local_problem` means this
// rank is fine. `what` names the activity in the message ("setup", "allreduce"). The agreed
// CollectiveError carries a cause (core/error.h): kInput if any rank's was, else kConfig if any
// rank's was, else kFailure. Collective.
void agree_on_problem(const Communicator& comm, const std::string& local_problem,
                      std::string_view what, ErrorCause local_cause = ErrorCause::kFailure);

// Logs `reason` from this rank (ZIPP_LOG_ONE: only this rank may know it) and ends every rank of
// the job with MPI_Abort(MPI_COMM_WORLD, exit_code). Without running MPI it exits the process.
[[noreturn]] void abort_job(const std::string& reason, int exit_code = 1);

// Runs `body`; an exception escaping it aborts the job (abort_job) instead of leaving the other
// ranks waiting in their next collective.
template <class F>
decltype(auto) run_or_abort(F&& body, int exit_code = 1) {
  try {
    return std::forward<F>(body)();
  } catch (const std::exception& error) {
    abort_job(error.what(), exit_code);
  } catch (...) {
    abort_job("an exception of unknown type", exit_code);
  }
}

}  // namespace zipp::core::comm

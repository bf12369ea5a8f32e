// A request to stop training cleanly (docs/training.md "Checkpoints and stopping"): SIGUSR1 or
// SIGTERM (Slurm's warning before a time limit or preemption) only records the signal; the step
// loop polls it at a step boundary, and agree_on_stop makes a signal that reached any one rank
// stop every rank at the same step, so all of them can write one checkpoint and exit.
#pragma once

#include "core/comm/communicator.h"

namespace zipp::core::comm {

// Installs the handlers for SIGUSR1 and SIGTERM (sigaction, SA_RESTART). The handler is
// async-signal-safe: it stores the signal number in a lock-free atomic and does nothing else.
// Calling it again does nothing. Throws core::Error when the system refuses a handler.
void install_stop_handlers();

// The last stop signal received by this process (SIGUSR1 or SIGTERM), 0 if none.
int stop_signal();

// Forgets a received signal (for tests, and for a process that handled one and goes on).
void clear_stop_request();

// Collective: the largest stop_signal() over the ranks of `comm`, 0 if no rank received one.
// Every rank gets the same answer, so all ranks stop after the same step.
int agree_on_stop(const Communicator& comm);

}  // namespace zipp::core::comm

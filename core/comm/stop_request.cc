#include "core/comm/stop_request.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "core/comm/control.h"
#include "core/error.h"
#include "core/str.h"

namespace zipp::core::comm {
namespace {

// A signal handler may only touch lock-free atomics (or volatile sig_atomic_t).
static_assert(std::atomic<int>::is_always_lock_free);
std::atomic<int> g_stop_signal{0};
std::atomic<bool> g_installed{false};

extern "C" void record_stop_signal(int signal_number) {
  g_stop_signal.store(signal_number, std::memory_order_relaxed);
}

void install_handler(int signal_number, const char* name) {
  struct sigaction action {};
  action.sa_handler = record_stop_signal;
  sigemptyset(&action.sa_mask);
  // Restart interrupted system calls: a signal must not turn a pending read or MPI wait into an
  // error; the loop sees the request at its next step boundary.
  action.sa_flags = SA_RESTART;
  if (sigaction(signal_number, &action, nullptr) != 0) {
    throw Error(str("cannot install the ", name, " handler: ", std::strerror(errno)));
  }
}

}  // namespace

void install_stop_handlers() {
  if (g_installed.exchange(true)) return;
  try {
    install_handler(SIGUSR1, "SIGUSR1");
    install_handler(SIGTERM, "SIGTERM");
  } catch (...) {
    g_installed.store(false);
    throw;
  }
}

int stop_signal() { return g_stop_signal.load(std::memory_order_relaxed); }

void clear_stop_request() { g_stop_signal.store(0, std::memory_order_relaxed); }

int agree_on_stop(const Communicator& comm) {
  return static_cast<int>(allreduce_max_ints(comm, {stop_signal()})[0]);
}

}  // namespace zipp::core::comm

// Run by abort_test.cc under mpiexec: every rank loops over barriers and allreduces, and rank 1
// throws at step 3. run_or_abort must end the whole job (the other ranks are blocked in the next
// barrier) with exit code 3 and rank 1's message in the output.
#include <ATen/ops/ones.h>

#include "core/comm/agree.h"
#include "core/comm/collectives.h"
#include "core/comm/environment.h"
#include "core/error.h"
#include "core/log.h"

int main(int argc, char** argv) {
  namespace comm = zipp::core::comm;
  comm::Environment environment(argc, argv);
  const comm::Communicator world = comm::Communicator::world();
  zipp::core::set_log_rank(world.rank());
  comm::Collectives collectives(world);
  comm::run_or_abort(
      [&] {
        for (int step = 0; step < 1000; ++step) {
          collectives.barrier();
          at::Tensor tensor = at::ones({4});
          collectives.allreduce(tensor);
          if (world.rank() == 1 && step == 3) {
            throw zipp::core::InputError("abort_helper: rank 1 failed at step 3 on purpose");
          }
        }
      },
      /*exit_code=*/3);
  return 0;
}

// The text of the sbatch script `zipp slurm render` writes (docs/operations.md "Slurm jobs").
// render_sbatch_script (launch/slurm/sbatch_script.h) replaces each {{NAME}} with text it has
// validated and quoted; everything else is copied as it is.
//
// Why the stage runs in the background: with --signal=B:USR1@N Slurm signals only the batch
// shell, and bash runs a trap only between commands, so a stage in the foreground would keep the
// trap from running until it ended. `wait` instead returns as soon as a trapped signal arrives;
// the trap forwards SIGUSR1 to srun, which passes it on to every task of the step (srun(1),
// "SIGNALS"), or to mpirun, which passes it on to every rank. The ranks stop at the next step
// boundary, write one checkpoint and exit 4 (launch/exit_codes.h), and the script requeues the
// job, which starts the same script again and resumes from that checkpoint.
#pragma once

#include <string_view>

namespace zipp::launch {

inline constexpr std::string_view kSbatchTemplate = R"sbatch(#!/bin/bash
# Written by `zipp slurm render` (docs/operations.md "Slurm jobs"); submit it with
#   sbatch {{SCRIPT}}
# The job runs exactly the configuration resolved at render time:
#   {{CONFIG}}
{{SBATCH_LINES}}
set -u

echo "zipp-slurm: start job=${SLURM_JOB_ID:-none} restart=${SLURM_RESTART_COUNT:-0}" \
  "host=$(hostname) at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
{{SETUP}}
step=({{STEP}})
requeue={{REQUEUE}}

step_pid=0
stop_requested=0
forward_stop() {
  stop_requested=1
  if [ "$step_pid" -ne 0 ]; then
    echo "zipp-slurm: SIGUSR1 received; forwarding it to the job step (pid $step_pid)"
    kill -USR1 "$step_pid" 2>/dev/null || true
  fi
}
trap forward_stop USR1

if [ "$stop_requested" -eq 1 ]; then
  echo "zipp-slurm: SIGUSR1 arrived before the step started; not starting it"
  status=4
else
  echo "zipp-slurm: running ${step[*]}"
  "${step[@]}" &
  step_pid=$!
  # wait returns above 128 when the trap interrupted it; wait again for the step's own status.
  while :; do
    stop_requested=0
    wait "$step_pid"
    status=$?
    if [ "$stop_requested" -eq 0 ] || [ "$status" -le 128 ]; then break; fi
  done
fi

echo "zipp-slurm: the step exited with status $status"
if [ "$status" -eq 4 ] && [ "$requeue" -eq 1 ]; then
  if [ -z "${SLURM_JOB_ID:-}" ]; then
    echo "zipp-slurm: stopped after a checkpoint outside a Slurm job; run this again to resume"
  else
    echo "zipp-slurm: stopped after a checkpoint; requeueing job $SLURM_JOB_ID to resume from it"
    scontrol requeue "$SLURM_JOB_ID" ||
      echo "zipp-slurm: scontrol requeue failed; submit this script again to resume"
  fi
fi
exit "$status"
)sbatch";

}  // namespace zipp::launch

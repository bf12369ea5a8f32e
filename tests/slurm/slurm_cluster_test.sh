#!/usr/bin/env bash
# The `slurm` test suite: a real single-node Slurm cluster on localhost runs a `zipp slurm render`
# training job that is warned with SIGUSR1, checkpoints, is requeued, resumes from its checkpoint
# and finishes (docs/operations.md "Slurm jobs").
#
#   slurm_cluster_test.sh ZIPP_EXECUTABLE SOURCE_DIR
#
# It starts munged (as user munge), slurmctld and slurmd (as root) with a generated slurm.conf
# and everything else under one temporary directory, and stops them on every exit path. It exits
# 77 (ctest's SKIP_RETURN_CODE) with the reason when the daemons are missing or the cluster cannot
# start here (e.g. not root). ZIPP_SLURM_TEST_KEEP=1 keeps the temporary directory;
# ZIPP_SLURM_TEST_LAUNCHER=mpirun runs the training job through mpirun instead of srun.
set -uo pipefail

readonly SKIP=77
zipp=${1:?usage: slurm_cluster_test.sh ZIPP_EXECUTABLE SOURCE_DIR}
source_dir=${2:?usage: slurm_cluster_test.sh ZIPP_EXECUTABLE SOURCE_DIR}

say() { echo "slurm-test: $*"; }
skip() {
  say "SKIP: $*"
  exit "$SKIP"
}
fail() {
  say "FAIL: $*"
  exit 1
}

for tool in munged slurmctld slurmd sbatch scontrol scancel sinfo runuser; do
  command -v "$tool" >/dev/null 2>&1 ||
    skip "$tool is not installed (scripts/bootstrap installs munge and Slurm)"
done
[ "$(id -u)" -eq 0 ] || skip "a Slurm cluster needs root to start slurmd and munged as munge"
id munge >/dev/null 2>&1 || skip "there is no user munge (the munge package creates it)"
[ -x "$zipp" ] || fail "the zipp executable $zipp is missing"

tmp=$(mktemp -d /tmp/zipp-slurm-test.XXXXXX) || fail "cannot create a temporary directory"
chmod 755 "$tmp"
pids=()
cleanup() {
  local status=$?
  trap - INT TERM
  # Cancel what is still queued or running while slurmctld can, and give the steps time to end.
  if [ "${#pids[@]}" -gt 0 ]; then
    local left
    left=$(squeue -h -o %i 2>/dev/null)
    if [ -n "$left" ]; then
      # shellcheck disable=SC2086
      scancel $left >/dev/null 2>&1
      for _ in $(seq 40); do
        [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
        sleep 0.5
      done
    fi
  fi
  # Stop the daemons this script started, newest first, by their process ids.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null
  done
  # Job steps outlive slurmd (slurmstepd and the ranks detach from it); everything this cluster
  # started carries its private SLURM_CONF in its environment, so stop exactly those.
  if [ -n "${SLURM_CONF:-}" ]; then
    for dir in /proc/[0-9]*; do
      local pid=${dir#/proc/}
      [ "$pid" = $$ ] && continue
      if tr '\0' '\n' <"$dir/environ" 2>/dev/null | grep -qxF "SLURM_CONF=$SLURM_CONF"; then
        kill -9 "$pid" 2>/dev/null
      fi
    done
  fi
  if [ -f "$tmp/munged.pid" ]; then kill "$(cat "$tmp/munged.pid")" 2>/dev/null; fi
  if [ "$status" -ne 0 ] && [ "$status" -ne "$SKIP" ]; then
    if [ -n "${job_id:-}" ]; then scontrol show job "$job_id" 2>&1; fi
    for log in "$tmp"/slurmctld.log "$tmp"/slurmd.log "$tmp"/run/slurm-*.out; do
      [ -f "$log" ] || continue
      say "---- last lines of $log"
      tail -n 40 "$log"
    done
  fi
  if [ "${ZIPP_SLURM_TEST_KEEP:-0}" = 1 ]; then
    say "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Waits until `condition` (a command) succeeds, checking every half second for `seconds`.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
  say "$what after $((SECONDS - deadline + seconds)) s"
}

# A TCP port nothing listens on, so this cluster does not collide with another on the machine.
free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# ---- munge: a private key, socket and log, the daemon running as user munge.
mkdir -p "$tmp/munge"
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chown -R munge: "$tmp/munge"
chmod 700 "$tmp/munge"
chmod 400 "$tmp/munge/munge.key"
socket="$tmp/munge/munge.socket.2"
runuser -u munge -- munged --force --socket="$socket" --key-file="$tmp/munge/munge.key" \
  --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munge/munged.log" \
  --seed-file="$tmp/munge/munged.seed" >"$tmp/munged.out" 2>&1 ||
  skip "munged did not start: $(tail -n 3 "$tmp/munged.out" "$tmp/munge/munged.log" 2>/dev/null)"
wait_for 10 "munged is up" test -S "$socket" || skip "munged made no socket at $socket"
cp "$tmp/munge/munged.pid" "$tmp/munged.pid"

# ---- slurm.conf for this one node.
host=$(hostname -s)
node_line=$(slurmd -C 2>/dev/null | head -n 1)
[[ $node_line == NodeName=* ]] || skip "slurmd -C cannot describe this machine: $node_line"
cpus=$(sed -n 's/.* CPUs=\([0-9]*\).*/\1/p' <<<"$node_line")
memory=$(sed -n 's/.* RealMemory=\([0-9]*\).*/\1/p' <<<"$node_line")
# Two ranks need two CPUs; on a one-core machine they share it (config_overrides).
[ "$cpus" -ge 2 ] || cpus=2
if ! ctld_port=$(free_port) || ! slurmd_port=$(free_port); then
  skip "no free TCP port for the daemons"
fi
[ "$ctld_port" != "$slurmd_port" ] || slurmd_port=$((ctld_port + 1))
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/run"
export SLURM_CONF="$tmp/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=zipptest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# A requeued job waits cred_expire + 1 seconds (default 120) before it may start again, and the
# main scheduling loop runs every sched_interval seconds (default 60): shortened for the test.
AuthInfo=socket=$socket,cred_expire=10
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
SlurmdParameters=config_overrides
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
SchedulerParameters=sched_interval=2
MpiDefault=none
JobRequeue=1
ReturnToService=2
KillWait=30
InactiveLimit=0
MinJobAge=600
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=zipp Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

# ---- slurmctld and slurmd, in the foreground of background jobs so their pids are ours.
slurmctld -D -i -f "$SLURM_CONF" >"$tmp/slurmctld.out" 2>&1 &
pids+=($!)
ctld_up() { scontrol ping 2>/dev/null | grep -q 'is UP'; }
wait_for 30 "slurmctld is up" ctld_up ||
  skip "slurmctld did not start: $(tail -n 5 "$tmp/slurmctld.log" "$tmp/slurmctld.out" 2>/dev/null)"
slurmd -D -N "$host" -f "$SLURM_CONF" >"$tmp/slurmd.out" 2>&1 &
pids+=($!)
node_idle() { [ "$(sinfo -h -N -n "$host" -o %t 2>/dev/null)" = idle ]; }
wait_for 60 "node $host is idle" node_idle ||
  skip "the node did not become idle: $(sinfo -N 2>&1; tail -n 5 "$tmp/slurmd.log" 2>/dev/null)"

# ---- a tiny world: 2000 users, two parts.
config="$source_dir/configs/quickstart.yaml"
world=("--config" "$config" "run.dir=$tmp/run" "synth.users=2000" "synth.subreddits=120"
  "graph.feature_dim=16" "trace.enabled=false")
cd "$tmp" || fail "cannot enter $tmp"
"$zipp" graph synth "${world[@]}" >"$tmp/synth.log" 2>&1 || {
  cat "$tmp/synth.log"
  fail "zipp graph synth failed"
}
"$zipp" partition "${world[@]}" --parts 2 >"$tmp/partition.log" 2>&1 || {
  cat "$tmp/partition.log"
  fail "zipp partition failed"
}

# ---- the job: train on 2 ranks, long enough to be warned part-way.
script="$tmp/train.sbatch"
"$zipp" slurm render "${world[@]}" -o "$script" \
  model.hidden=16 model.heads=2 model.feature_dim=16 model.alignment_dim=16 \
  train.batch_size=64 train.fanout=8 train.epochs=20 train.log_interval=2 train.eval_users=20 \
  train.final_eval_users=100 train.eval_align_users=20 train.checkpoint_interval=0 \
  train.threads=1 partition.parts=2 \
  slurm.job_name=zipp-slurm-test slurm.tasks_per_node=2 slurm.time=10 slurm.signal_seconds=60 \
  "slurm.launcher=${ZIPP_SLURM_TEST_LAUNCHER:-srun}" \
  "slurm.extra_env=[OMPI_MCA_btl_vader_single_copy_mechanism=none, ZIPP_LOG_LEVEL=info, \
    OMPI_ALLOW_RUN_AS_ROOT=1, OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1]" \
  >"$tmp/render.log" 2>&1 || {
  cat "$tmp/render.log"
  fail "zipp slurm render failed"
}
grep -q -- '--signal=B:USR1@60' "$script" || fail "the script has no --signal=B:USR1@60 line"
job_id=$(sbatch --parsable "$script") || fail "sbatch refused $script"
job_id=${job_id%%;*}
[[ $job_id =~ ^[0-9]+$ ]] || fail "sbatch --parsable printed '$job_id', not a job id"
say "submitted job $job_id"
log="$tmp/run/slurm-$job_id.out"
metrics="$tmp/run/metrics.jsonl"

job_field() { scontrol show job "$job_id" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1; }
training_started() {
  [ -f "$metrics" ] && [ "$(grep -c '"event":"interval"' "$metrics")" -ge 2 ]
}
wait_for 120 "the job is training" training_started ||
  fail "no training progress in $metrics (job state $(job_field JobState))"

# The same signal path as --signal=B:USR1@N: SIGUSR1 to the batch shell alone.
scancel --signal=USR1 --batch "$job_id" || fail "scancel --signal=USR1 --batch $job_id failed"
say "sent SIGUSR1 to the batch shell of job $job_id"

job_done() {
  local state
  state=$(job_field JobState)
  [ "$(job_field Restarts)" = 1 ] && case "$state" in
    COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY) return 0 ;;
    *) return 1 ;;
  esac
}
wait_for 150 "the job ended after its restart" job_done ||
  fail "the job did not finish after a restart: JobState=$(job_field JobState) Restarts=$(job_field Restarts)"

# ---- what must have happened.
checks=0
check() {
  local what=$1
  shift
  if "$@"; then
    say "ok: $what"
  else
    say "not ok: $what"
    checks=$((checks + 1))
  fi
}
state=$(job_field JobState)
exit_code=$(job_field ExitCode)
check "the job completed (JobState=$state ExitCode=$exit_code)" \
  test "$state" = COMPLETED -a "$exit_code" = 0:0
check "Slurm restarted it once (Restarts=$(job_field Restarts))" test "$(job_field Restarts)" = 1
check "the log shows the first start" grep -q 'zipp-slurm: start job=.* restart=0' "$log"
check "the log shows the requeued start" grep -q 'zipp-slurm: start job=.* restart=1' "$log"
check "the batch shell forwarded SIGUSR1 to the step" grep -q 'forwarding it to the job step' "$log"
check "the step exited 4 and the script requeued the job" grep -q 'requeueing job' "$log"
stopped=$(grep '"event":"stopped"' "$metrics" | head -n 1)
check "the ranks stopped on the signal" grep -q '"reason":"signal"' <<<"$stopped"
stop_checkpoint=$(sed -n 's/.*"checkpoint":"\([^"]*\)".*/\1/p' <<<"$stopped")
check "the stop wrote checkpoint ${stop_checkpoint:-?}" test -n "$stop_checkpoint" -a -d "$stop_checkpoint"
check "the requeued run resumed from it" grep -q "resumed from $stop_checkpoint" "$log"
check "the run finished (a final metrics line)" grep -q '"event":"final"' "$metrics"
last=$(find "$tmp/run/checkpoints" -maxdepth 1 -name 'step-*' | sort | tail -n 1)
check "the final checkpoint ${last##*/} is later than ${stop_checkpoint##*/}" \
  test "${last##*/}" \> "${stop_checkpoint##*/}"

# ---- zipp slurm submit: a second job, `zipp env` on the same 2 ranks.
job_id=$("$zipp" slurm submit "${world[@]}" -o "$tmp/env.sbatch" slurm.job_name=zipp-env \
  slurm.tasks_per_node=2 slurm.time=5 slurm.signal_seconds=0 slurm.stage=env \
  2>"$tmp/submit.log") || {
  cat "$tmp/submit.log"
  fail "zipp slurm submit failed"
}
check "zipp slurm submit printed the job id '$job_id'" grep -Eq '^[0-9]+$' <<<"$job_id"
env_done() { case "$(job_field JobState)" in COMPLETED | FAILED | CANCELLED | TIMEOUT) return 0 ;; *) return 1 ;; esac; }
if wait_for 60 "the env job ended" env_done; then
  check "the env job completed (JobState=$(job_field JobState) ExitCode=$(job_field ExitCode))" \
    test "$(job_field JobState)" = COMPLETED -a "$(job_field ExitCode)" = 0:0
  check "zipp env ran on 2 ranks under the job's srun step" \
    grep -q "SLURM_JOB_ID=$job_id" "$tmp/run/slurm-$job_id.out"
  check "MPI and Slurm agree on every rank" \
    grep -q 'launcher cross-check: every rank agrees with MPI' "$tmp/run/slurm-$job_id.out"
else
  check "the env job ended within a minute (JobState=$(job_field JobState))" false
fi
[ "$checks" -eq 0 ] || fail "$checks checks failed (job log: $log)"
say "PASS in $SECONDS s"

#!/usr/bin/env bash
# Scaling of `zipp train` from 1 to N ranks on one machine (docs/benchmarks.md "Training"): the
# same synthetic world, one LibTorch thread per rank. Strong scaling (the default) splits the same
# global batch over the ranks; weak scaling (--weak) gives every rank the batch --batch. Throughput is the trainer's own seeds/s from metrics.jsonl (training steps only:
# evaluation and checkpoints are outside the meter), the first interval dropped as warm-up.
# Prints one line per rank count:
#   bench=train_scaling mode=strong|weak ranks=R global_batch=B steps=S seeds_per_s=X efficiency=E
#       sample_ms=.. gather_ms=.. forward_ms=.. backward_ms=.. allreduce_ms=.. optimizer_ms=..
# Usage: bench/train_scaling.sh [--ranks "1 2"] [--users 20000] [--subreddits 400]
#            [--batch 1024] [--steps 60] [--weak] [--work DIR] [--zipp build/zipp]
set -euo pipefail
cd "$(dirname "$0")/.."

ranks_list="1 2"
users=20000
subreddits=400
global_batch=1024
steps=60
mode=strong
work=${TMPDIR:-/tmp}/zipp-bench-train-scaling
zipp=build/zipp
while [ $# -gt 0 ]; do
  case "$1" in
    --ranks) ranks_list=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --subreddits) subreddits=$2; shift 2 ;;
    --batch) global_batch=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --weak) mode=weak; shift ;;
    --work) work=$2; shift 2 ;;
    --zipp) zipp=$2; shift 2 ;;
    *) echo "train_scaling: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ -x "$zipp" ] || { echo "train_scaling: $zipp is missing; run ./scripts/build first" >&2; exit 1; }
command -v python3 >/dev/null || { echo "train_scaling: python3 is needed to read metrics.jsonl" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1 ZIPP_LOG_LEVEL=${ZIPP_LOG_LEVEL:-warn}

mkdir -p "$work"
world=(--config configs/quickstart.yaml "synth.users=$users" "synth.subreddits=$subreddits"
       "graph.path=$work/graph.h5" trace.enabled=false)
if [ ! -f "$work/graph.h5" ]; then
  "$zipp" graph synth "${world[@]}" "run.dir=$work/synth" >/dev/null
fi

interval=$((steps / 6 > 0 ? steps / 6 : 1))
baseline=""
for ranks in $ranks_list; do
  if [ "$mode" = weak ]; then
    per_rank=$global_batch
  elif [ $((global_batch % ranks)) -ne 0 ]; then
    echo "train_scaling: global batch $global_batch does not split over $ranks ranks" >&2; exit 2
  else
    per_rank=$((global_batch / ranks))
  fi
  parts="$work/parts-$ranks"
  [ -f "$parts/book.h5" ] || "$zipp" partition "${world[@]}" "partition.parts=$ranks" \
    "partition.output=$parts" "run.dir=$work/partition-$ranks" >/dev/null
  run="$work/run-$ranks"
  rm -rf "$run"
  mpiexec -n "$ranks" "$zipp" train "${world[@]}" "partition.output=$parts" "run.dir=$run" \
    "train.batch_size=$per_rank" "train.max_steps=$steps" "train.threads=1" \
    "train.log_interval=$interval" train.eval_users=0 train.final_eval_users=1 \
    train.eval_align_users=0 train.checkpoint_interval=0 train.prefetch.threads=1 >/dev/null
  line=$(python3 - "$run/metrics.jsonl" "$ranks" "$((per_rank * ranks))" "$baseline" "$mode" <<'EOF'
import json, sys
path, ranks, batch, baseline, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
lines = [json.loads(l) for l in open(path)]
intervals = [l for l in lines if l.get("event") == "interval"][1:]  # the first is warm-up
if not intervals:
    sys.exit(f"train_scaling: {path} has fewer than 2 interval lines; raise --steps")
steps = sum(l["steps"] for l in intervals)
wall = sum(l["wall_s"] for l in intervals)
seeds_per_s = sum(l["seeds_per_s"] * l["wall_s"] for l in intervals) / wall
phases = ["sample", "gather", "forward", "backward", "allreduce", "optimizer"]
ms = {p: sum(l["time_ms"][p] * l["steps"] for l in intervals) / steps for p in phases}
eff = seeds_per_s / (ranks * float(baseline)) if baseline else 1.0
print(f"bench=train_scaling mode={mode} ranks={ranks} global_batch={batch} steps={steps} "
      f"seeds_per_s={seeds_per_s:.1f} efficiency={eff:.3f} "
      + " ".join(f"{p}_ms={ms[p]:.1f}" for p in phases))
EOF
)
  echo "$line"
  if [ -z "$baseline" ]; then
    baseline=$(echo "$line" | sed -E 's/.*seeds_per_s=([0-9.]+).*/\1/')
    baseline=$(python3 -c "print($baseline / $ranks)")
  fi
done

#!/usr/bin/env bash
# Throughput of `zipp generate` with the builtin tiny model on the CPU (docs/benchmarks.md
# "Generation"): images/s per core (1 rank, 1 LibTorch thread) and the scaling from 1 to 2 ranks
# (1 thread each) on the same jobs. Each run draws every job into a fresh directory; the figures
# are the command's own throughput lines (the drawing loop: model loading and file checks outside).
# Prints:
#   bench=generate ranks=R threads=1 images=N steps=S seconds=T images_per_s=X images_per_s_per_core=Y
#       rank_images=a,b busy_images_per_s=p,q
#   bench=generate scaling_1_to_2=E busy_scaling_1_to_2=F
# scaling_1_to_2 = images/s on 2 ranks / (2 x images/s on 1 rank) (wall time, so it includes the
# hash sharding's imbalance); busy_scaling_1_to_2 compares the ranks' mean busy throughput instead.
# Usage: flock /tmp/zipp-bigrun.lock bench/bench_generate.sh [--jobs 128] [--steps 25]
#            [--batch 8] [--work DIR] [--zipp build/zipp] [--weights generation/builtin/weights]
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=128
steps=25
batch=8
work=${TMPDIR:-/tmp}/zipp-bench-generate
zipp=build/zipp
weights=generation/builtin/weights
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) jobs=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --zipp) zipp=$2; shift 2 ;;
    --weights) weights=$2; shift 2 ;;
    *) echo "bench_generate: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ -x "$zipp" ] || { echo "bench_generate: $zipp is missing; run ./scripts/build first" >&2; exit 1; }
[ -f "$weights/tiny.json" ] || { echo "bench_generate: no builtin weights in $weights" >&2; exit 1; }
if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1

rm -rf "$work"
mkdir -p "$work"
# Jobs as zipp rewrite writes them: users x prompts x methods, distinct prompts and seeds.
subjects=("a red fox" "a lighthouse" "a bowl of fruit" "a mountain lake" "a city street" "a cat")
styles=("" ", watercolor" ", neon")
methods=("no-persona" "zipp-0shot" "zipp-kshot")
n=0
: >"$work/jobs.jsonl"
for ((u = 0; n < jobs; u++)); do
  for ((p = 0; p < 4 && n < jobs; p++)); do
    for ((m = 0; m < 3 && n < jobs; m++)); do
      base=${subjects[$(((u + p) % 6))]}
      printf '{"format_version": 1, "job": "user_%d/p%d/%s", "user": "user_%d", "user_id": %d, "method": "%s", "prompt_index": %d, "base_prompt": "%s", "examples": 0, "prompt": "%s%s", "seed": %d}\n' \
        "$u" "$p" "${methods[$m]}" "$u" "$u" "${methods[$m]}" "$p" "$base" "$base" "${styles[$m]}" \
        $((u * 1000 + p)) >>"$work/jobs.jsonl"
      n=$((n + 1))
    done
  done
done

declare -A rate
run() {  # run RANKS
  local ranks=$1 log="$work/run-$1.log"
  local launcher=()
  [ "$ranks" -gt 1 ] && launcher=(mpiexec -n "$ranks")
  "${launcher[@]}" "$zipp" generate --log-level info run.dir="$work/run-$ranks" \
    generation.jobs="$work/jobs.jsonl" generation.builtin_weights="$weights" \
    generation.steps="$steps" generation.batch="$batch" generation.threads=1 \
    trace.enabled=false 2>"$log"
  local total ranks_images busy
  total=$(grep -o 'generate total .*' "$log")
  ranks_images=$(grep -o 'generate rank=[0-9]* images=[0-9]*' "$log" | sed 's/.*images=//' | paste -sd, -)
  busy=$(grep -o 'generate rank=.*images_per_s=[0-9.]*' "$log" | sed 's/.*images_per_s=//' | paste -sd, -)
  local images seconds ips
  images=$(sed 's/.* images=\([0-9]*\).*/\1/' <<<"$total")
  seconds=$(sed 's/.* seconds=\([0-9.]*\).*/\1/' <<<"$total")
  ips=$(sed 's/.* images_per_s=\([0-9.]*\).*/\1/' <<<"$total")
  rate[$ranks]=$ips
  rate[busy$ranks]=$(tr , '\n' <<<"$busy" | awk '{s += $1} END {printf "%.4f", s / NR}')
  echo "bench=generate ranks=$ranks threads=1 images=$images steps=$steps batch=$batch" \
    "seconds=$seconds images_per_s=$ips" \
    "images_per_s_per_core=$(awk -v x="$ips" -v r="$ranks" 'BEGIN {printf "%.4f", x / r}')" \
    "rank_images=$ranks_images busy_images_per_s=$busy"
}

run 1
run 2
echo "bench=generate scaling_1_to_2=$(awk -v a="${rate[1]}" -v b="${rate[2]}" 'BEGIN {printf "%.3f", b / (2 * a)}')" \
  "busy_scaling_1_to_2=$(awk -v a="${rate[busy1]}" -v b="${rate[busy2]}" 'BEGIN {printf "%.3f", b / a}')"

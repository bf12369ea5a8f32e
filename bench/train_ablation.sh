#!/usr/bin/env bash
# The encoder ablation over several seeds (docs/training.md "Trainer", measured ablation): GAT +
# ImageAlign (gat-ia), GAT alone (gat), GraphSAGE alone (sage) and GraphSAGE + ImageAlign
# (sage-ia) trained with `zipp train` on 2 ranks, posting accuracy from each run's final metrics
# line and archetype NMI from `zipp embed`; then, over every run found in the work folder (so
# methods or seeds can be added later), per method the mean and standard deviation over seeds and,
# against GAT + ImageAlign, the mean paired difference with a paired t statistic. Prints one line
# per run and per method:
#   bench=train_ablation seed=S method=M acc_at_1=.. acc_at_10=.. mrr=.. nmi=..
#   bench=train_ablation_summary method=M seeds=N mrr_mean=.. mrr_sd=.. nmi_mean=.. nmi_sd=..
#       gat_ia_mrr_lead=.. gat_ia_mrr_lead_t=.. gat_ia_nmi_lead=.. gat_ia_nmi_lead_t=..
# Usage: bench/train_ablation.sh [--seeds "1 2 3"] [--methods "gat-ia gat sage sage-ia"]
#            [--users 5000] [--subreddits 200]
#            [--epochs 20] [--work DIR] [--zipp build/zipp] [extra key=value overrides...]
set -euo pipefail
cd "$(dirname "$0")/.."

seeds="1 2 3 4 5 6"
methods="gat-ia gat sage sage-ia"
users=5000
subreddits=200
epochs=20
work=${TMPDIR:-/tmp}/zipp-bench-train-ablation
zipp=build/zipp
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds=$2; shift 2 ;;
    --methods) methods=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --subreddits) subreddits=$2; shift 2 ;;
    --epochs) epochs=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --zipp) zipp=$2; shift 2 ;;
    *=*) extra+=("$1"); shift ;;
    *) echo "train_ablation: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ -x "$zipp" ] || { echo "train_ablation: $zipp is missing; run ./scripts/build first" >&2; exit 1; }
command -v python3 >/dev/null || { echo "train_ablation: python3 is needed" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1

mkdir -p "$work"
# The settings of tests/training/trainer/quality_test.cc.
common=(--config configs/quickstart.yaml "synth.users=$users" "synth.subreddits=$subreddits"
        "graph.path=$work/graph.h5" "partition.output=$work/parts" trace.enabled=false
        model.hidden=32 model.heads=2)
[ -f "$work/graph.h5" ] || ZIPP_LOG_LEVEL=warn "$zipp" graph synth "${common[@]}" "run.dir=$work/synth"
[ -f "$work/parts/book.h5" ] || ZIPP_LOG_LEVEL=warn "$zipp" partition "${common[@]}" \
  partition.parts=2 "run.dir=$work/partition"

for seed in $seeds; do
  for method in $methods; do
    case "$method" in
      gat-ia) settings=() ;;
      gat) settings=(train.align_weight=0) ;;
      sage) settings=(model.aggregator=mean train.align_weight=0) ;;
      sage-ia) settings=(model.aggregator=mean) ;;
      *) echo "train_ablation: unknown method '$method' (gat-ia, gat, sage, sage-ia)" >&2; exit 2 ;;
    esac
    run="$work/run-$seed-$method"
    rm -rf "$run"
    ZIPP_LOG_LEVEL=warn mpiexec -n 2 "$zipp" train "${common[@]}" "run.dir=$run" "run.seed=$seed" \
      train.batch_size=128 train.fanout=15 "train.epochs=$epochs" train.lr=0.005 \
      train.log_interval=1000 train.eval_users=0 train.final_eval_users=500 \
      train.eval_align_users=200 train.checkpoint_interval=0 train.threads=1 \
      ${settings[@]+"${settings[@]}"} ${extra[@]+"${extra[@]}"}
    nmi=$(mpiexec -n 2 "$zipp" embed "${common[@]}" "run.dir=$run" "run.seed=$seed" \
      embed.threads=1 embed.top_k=5 --log-level info 2>&1 | sed -n -E 's/.*k-means NMI ([0-9.]+).*/\1/p')
    python3 - "$run/metrics.jsonl" "$seed" "$method" "${nmi:-nan}" "$run/result.tsv" <<'EOF'
import json, sys
path, seed, method, nmi, result = sys.argv[1:]
final = [json.loads(l) for l in open(path)][-1]["posting"]
row = [seed, method, final["acc_at_1"], final["acc_at_10"], final["mrr"], float(nmi)]
open(result, "w").write("\t".join(map(str, row)) + "\n")
print(f"bench=train_ablation seed={seed} method={method} acc_at_1={row[2]:.4f} "
      f"acc_at_10={row[3]:.4f} mrr={row[4]:.4f} nmi={row[5]:.4f}")
EOF
  done
done

python3 - "$work" <<'EOF'
import glob, math, os, sys
rows = [open(f).read().split("\t") for f in sorted(glob.glob(os.path.join(sys.argv[1], "run-*", "result.tsv")))]
by = {}
for seed, method, a1, a10, mrr, nmi in rows:
    by.setdefault(method, {})[seed] = (float(mrr), float(nmi))
def mean_sd(xs):
    m = sum(xs) / len(xs)
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1)) if len(xs) > 1 else float("nan")
    return m, sd
ref = by["gat-ia"]
for method, runs in by.items():
    seeds = sorted(runs)
    mrr_m, mrr_sd = mean_sd([runs[s][0] for s in seeds])
    nmi_m, nmi_sd = mean_sd([runs[s][1] for s in seeds])
    line = (f"bench=train_ablation_summary method={method} seeds={len(seeds)} "
            f"mrr_mean={mrr_m:.4f} mrr_sd={mrr_sd:.4f} nmi_mean={nmi_m:.4f} nmi_sd={nmi_sd:.4f}")
    if method != "gat-ia":
        for k, name in ((0, "mrr"), (1, "nmi")):
            d = [ref[s][k] - runs[s][k] for s in seeds if s in ref]
            dm, dsd = mean_sd(d)
            t = dm / (dsd / math.sqrt(len(d))) if len(d) > 1 and dsd > 0 else float("nan")
            line += f" gat_ia_{name}_lead={dm:.4f} gat_ia_{name}_lead_t={t:.2f}"
    print(line)
EOF

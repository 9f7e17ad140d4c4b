#!/usr/bin/env bash
# Measures candidate default settings for every model kind (issue: defaults that work).
# Usage: scripts/measure_defaults.sh BBG_BINARY OUT_DIR
# Each candidate trains with the default budget (train.steps and train.batch left at
# their defaults) on: 8x8 free field (kappa 0.2, lambda 0; exact ln Z), phi^4 8x8 at
# kappa 0.2 and 0.3 (lambda 0.022), and Ising 8x8 at beta_c (Kaufman ln Z); one thread,
# seed 17. Prints one TSV line per run: kind, candidate, target, ESS/N, NMCMC acceptance,
# w_bar +- error, NIS ln Z +- error, exact ln Z, training seconds.
set -euo pipefail
bbg=${1:?bbg binary}; out=${2:?output directory}
mkdir -p "$out"
field() {  # name kappa lambda
  cat <<T
seed = 17
threads = 1
[target]
kind = "phi4"
shape = [8, 8]
kappa = $2
lambda = $3
[hmc]
chains = 32
warmup = 300
samples = 400
[free_energy]
enabled = false
[sample]
samples = 50000
T
}
ising() {
  cat <<T
seed = 17
threads = 1
[target]
kind = "ising"
shape = [8, 8]
beta = 0.44068679350977147
[mcmc]
algorithm = "wolff"
chains = 8
warmup = 300
samples = 2000
[sample]
samples = 50000
T
}
field free 0.2 0.0 > "$out/free.toml"
field k02 0.2 0.022 > "$out/k02.toml"
field k03 0.3 0.022 > "$out/k03.toml"
ising > "$out/ising.toml"

# candidate name | --set overrides (model.* and train.*)
flow_candidates=(
  "conv-total|model.net=\"conv\" model.layers=8 model.hidden=[16,16] model.base=\"normal\" model.z2=true train.objective=\"reverse_kl\" train.learning_rate=1e-3"
  "conv-path|model.net=\"conv\" model.layers=8 model.hidden=[16,16] model.base=\"learnable_normal\" model.z2=true train.objective=\"reverse_kl_path\" train.learning_rate=5e-3"
  "mlp-path|model.net=\"mlp\" model.layers=6 model.hidden=[64] model.base=\"learnable_normal\" model.z2=true train.objective=\"reverse_kl_path\" train.learning_rate=5e-3"
)
made_candidates=(
  "h64-lr1e-3|model.hidden=[64] model.z2=true train.learning_rate=1e-3"
  "h64-lr5e-3-clip|model.hidden=[64] model.z2=true train.learning_rate=5e-3 train.clip=10.0"
  "h128-lr5e-3-clip|model.hidden=[128] model.z2=true train.learning_rate=5e-3 train.clip=10.0"
)
pixelcnn_candidates=(
  "w16l3-lr1e-3|model.width=16 model.layers=3 model.z2=true train.learning_rate=1e-3"
  "w16l3-lr5e-3-clip|model.width=16 model.layers=3 model.z2=true train.learning_rate=5e-3 train.clip=10.0"
  "w32l4res-lr5e-3-clip|model.width=32 model.layers=4 model.residual=true model.z2=true train.learning_rate=5e-3 train.clip=10.0"
  "w16l3k7-lr5e-3-clip|model.width=16 model.layers=3 model.kernel=7 model.z2=true train.learning_rate=5e-3 train.clip=10.0"
)
report() {  # kind candidate target dir
  python3 - "$@" <<'P'
import json, sys
kind, cand, target, d = sys.argv[1:5]
s = json.load(open(d + "/summary.json"))
g = lambda o, k: (o or {}).get(k)
nis = s.get("nis", {}); md = s.get("mode_dropping", {})
lz = nis.get("log_z", {}); ex = s.get("exact", {}).get("log_z")
fmt = lambda v: "nan" if v is None else "%.5g" % v
print("\t".join([kind, cand, target, fmt(nis.get("ess_per_sample")), fmt(g(s.get("nmcmc"), "acceptance")),
                 fmt(md.get("value")) + " +- " + fmt(md.get("error")), fmt(lz.get("value")) + " +- " + fmt(lz.get("error")),
                 fmt(ex), fmt(s["train"]["seconds"])]), flush=True)
P
}
run_one() {  # kind candidate overrides target
  local kind=$1 cand=$2 sets=$3 target=$4 dir="$out/$1-$2-$4"
  # ONLY (an extended regex on kind-candidate-target) restricts the runs, e.g. to finish a sweep
  if [[ -n "${ONLY:-}" && ! "$kind-$cand-$target" =~ $ONLY ]]; then return; fi
  local args=(--set "model.kind=\"$kind\"")
  for kv in $sets; do args+=(--set "$kv"); done
  "$bbg" run "$out/$target.toml" "${args[@]}" --out "$dir" --force --no-plots > "$dir.log" 2>&1 || { echo "$kind $cand $target FAILED"; return; }
  report "$kind" "$cand" "$target" "$dir"
}
flow_kind() {  # kind candidate-index
  local c=${flow_candidates[$2]}
  for t in free k02 k03; do run_one "$1" "${c%%|*}" "${c#*|}" "$t"; done
}
# cheapest first, so that an interrupted measurement still has the likely winners
flow_kind affine_flow 2
for c in "${made_candidates[@]}"; do run_one made "${c%%|*}" "${c#*|}" ising; done
for c in "${pixelcnn_candidates[@]}"; do run_one pixelcnn "${c%%|*}" "${c#*|}" ising; done
flow_kind affine_flow 1
flow_kind additive_flow 2
flow_kind additive_flow 1
flow_kind affine_flow 0
flow_kind additive_flow 0

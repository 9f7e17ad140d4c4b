#!/usr/bin/env bash
# 16x16 Ising VAN sweep (docs/autoregressive.md): for beta = 0.1 .. 1.0 trains the
# configs/ising_van.toml model with `bbg train` (no Wolff reference) and tabulates the
# relative error of F per site against Kaufman's exact value, for the variational
# estimate F_q and for NIS, with NIS's standard error, ESS/N and NMCMC acceptance.
#
#   scripts/van_sweep.sh [BBG] [OUT_DIR] [JOBS] [extra --set arguments ...]
#
# Defaults: build/bbg, runs/van_sweep, 2 betas at a time (one thread each).
set -euo pipefail
bbg=${1:-build/bbg}
out=${2:-runs/van_sweep}
jobs=${3:-2}
shift $(( $# < 3 ? $# : 3 ))
mkdir -p "$out"
betas="0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 1.0"
one() {
  local beta=$1; shift
  "$bbg" train configs/ising_van.toml --json --no-plots --threads 1 --force --out "$out/beta_$beta" \
    --set target.shape=[16,16] --set target.beta="$beta" \
    --set train.steps=3000 --set train.anneal_beta_start=0.2 --set train.anneal_steps=2000 --set train.log_every=500 \
    --set sample.samples=100000 "$@" > "$out/beta_$beta.json" 2> "$out/beta_$beta.log"
}
export -f one
export bbg out
printf '%s\n' $betas | xargs -P "$jobs" -I{} bash -c 'one {} "$@"' _ "$@"
/usr/bin/python3 - "$out" $betas <<'PY'
import json, sys
out, betas = sys.argv[1], sys.argv[2:]
print("| beta | F/V exact (Kaufman) | rel. err. variational F_q/V | rel. err. NIS F/V (+- 1 s.e.) | ESS/N | NMCMC acc. | train s |")
print("|---|---|---|---|---|---|---|")
for b in betas:
    j = json.load(open(f"{out}/beta_{b}.json"))
    f = j["exact"]["f_per_site"]
    var = j["variational"]["f_per_site"]["value"]
    nis = j["nis"]["f_per_site"]
    print(f"| {b} | {f:.8f} | {(var - f) / abs(f):.2e} | {(nis['value'] - f) / abs(f):+.1e} +- {nis['error'] / abs(f):.1e} "
          f"| {j['nis']['ess_per_sample']:.3f} | {j['nmcmc']['acceptance']:.3f} | {j['train']['seconds']:.0f} |")
PY

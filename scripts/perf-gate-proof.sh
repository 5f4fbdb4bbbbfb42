#!/usr/bin/env bash
# The gate's proof benchmark (not part of CI): N gate runs on the unchanged build and N with B's request path
# made ~20% slower on purpose (degrade.extra-latency-ms=40 on the 200 ms critical path), alternated so machine
# load drifts over both alike. Prints one line per run (exit code, duration, load average, failed rules) and
# the pass/fail counts; the unchanged runs should all exit 0, the degraded ones 1.
#
#   scripts/perf-gate-proof.sh [N] [more ./lab gate options]     e.g. scripts/perf-gate-proof.sh 5
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
n=${1:-5}
shift || true
out="results/proof/$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
echo "gate proof: $n unchanged + $n degraded runs, $(nproc) cores; logs in $out" | tee "$out/proof.txt"

for i in $(seq 1 "$n"); do
  for kind in unchanged degraded; do
    extra=()
    [ "$kind" = degraded ] && extra=(--service-config degrade.extra-latency-ms=40)
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date +%s)
    ./lab gate --results "$out/results" --name "$kind-$i" "${extra[@]}" "$@" >"$out/$kind-$i.log" 2>&1
    rc=$?
    seconds=$(( $(date +%s) - start ))
    load_after=$(cut -d' ' -f1 /proc/loadavg)
    verdict=$(grep '^gate: ' "$out/$kind-$i.log" | tail -1)
    printf '%-9s %d  exit %d  %3ds  load %s -> %s  %s\n' "$kind" "$i" "$rc" "$seconds" "$load_before" \
      "$load_after" "${verdict:-"(no verdict: see $out/$kind-$i.log)"}" | tee -a "$out/proof.txt"
  done
done

for kind in unchanged degraded; do
  lines=$(grep "^$kind " "$out/proof.txt")
  printf '%s: %d passed (exit 0), %d failed (exit 1), %d not measured (exit 2)\n' "$kind" \
    "$(grep -c ' exit 0 ' <<<"$lines")" "$(grep -c ' exit 1 ' <<<"$lines")" "$(grep -c ' exit 2 ' <<<"$lines")" \
    | tee -a "$out/proof.txt"
done

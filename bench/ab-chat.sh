#!/usr/bin/env bash
# The chat load of two checkouts, interleaved (A B B A …) on one machine, so a noisy neighbour hits both alike:
#   bash bench/ab-chat.sh /path/to/before /path/to/after [rounds=3] [households=10000]
# Each side runs its own `bench/run.ts --chat-only` (a checkout without that option gets this one's run.ts copied in
# first). Prints one line per run and the load average; the ratio is after ÷ before of the per-side medians.
set -euo pipefail
before=$1 after=$2 rounds=${3:-3} households=${4:-10000}
for dir in "$before" "$after"; do
  grep -q "'chat-only'" "$dir/bench/run.ts" || cp "$(dirname "$0")/run.ts" "$dir/bench/run.ts"
done
run() {
  local label=$1 dir=$2 line
  line=$(cd "$dir" && npx tsx bench/run.ts --chat-only --scales "$households" --seconds 10 2>/dev/null | grep 'households:')
  echo "$label $line | load $(cut -d' ' -f1-3 /proc/loadavg)"
}
out=$(mktemp)
for ((i = 1; i <= rounds; i++)); do
  if ((i % 2)); then order=(before after); else order=(after before); fi
  for side in "${order[@]}"; do
    if [[ $side == before ]]; then run before "$before"; else run after "$after"; fi | tee -a "$out"
  done
done
median() { grep "^$1 " "$out" | sed -E 's/.*: ([0-9]+) msg\/s.*/\1/' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
b=$(median before) a=$(median after)
echo "median msg/s: before $b, after $a, ratio $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a / b}')"
rm -f "$out"

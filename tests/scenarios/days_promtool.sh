#!/usr/bin/env bash
# The days-long scenarios leave data directories Prometheus's own tools
# read: `promtool tsdb list` lists exactly the blocks the run ended with
# (the count tsdbsim printed), each with the level meta.json gives it, and
# none older than retention allows.
#
# usage: days_promtool.sh TSDBSIM PROMTOOL SCENARIO...
set -euo pipefail
tsdbsim=$1 promtool=$2
shift 2
[ -x "$promtool" ] || { echo "days_promtool: $promtool is missing: install Debian's prometheus package" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for scenario in "$@"; do
  name=$(basename "$scenario" .tsdbsim)
  out=$("$tsdbsim" run "$scenario" --data-dir "$work/$name")
  blocks=$(printf '%s\n' "$out" | sed -n 's/^head series: [0-9]*, blocks: \([0-9]*\)$/\1/p')
  [ -n "$blocks" ] || { echo "days_promtool: $name: no block count in:" >&2; printf '%s\n' "$out" >&2; exit 1; }
  # promtool's read-only open may write chunks_head files: a copy.
  cp -r "$work/$name" "$work/$name.copy"
  list=$("$promtool" tsdb list "$work/$name.copy")
  rows=$(printf '%s\n' "$list" | tail -n +2 | grep -c . || true)
  echo "$name: tsdbsim ended with $blocks blocks, promtool lists $rows"
  printf '%s\n' "$list"
  [ "$rows" -eq "$blocks" ] || { echo "days_promtool: $name: promtool lists $rows blocks, not $blocks" >&2; exit 1; }
  [ "$blocks" -le 25 ] || { echo "days_promtool: $name: $blocks blocks is more than 2.42 keeps" >&2; exit 1; }
  levels=$(cat "$work/$name"/*/meta.json | tr -d ' \t\n' | grep -o '"level":[0-9]*' | cut -d: -f2 | sort -u | tr '\n' ' ')
  echo "$name: levels $levels"
  case "$levels" in *3*) ;; *) echo "days_promtool: $name: no level-3 block" >&2; exit 1 ;; esac
done

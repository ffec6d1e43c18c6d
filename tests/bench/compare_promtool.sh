#!/usr/bin/env bash
# Side-by-side with Prometheus 2.42, in one run on this machine:
#   1. `promtool tsdb bench write` and `tsdbsim bench write` on the same
#      label sets (samples/s from their output, peak RSS from GNU time);
#   2. Prometheus restarting on the directory promtool wrote (its logged
#      total_replay_duration) and `tsdbsim replay` of the same directory.
# Speed is a benchmark, not a test: this prints figures and exits 0 unless a
# step fails. Run on an otherwise idle machine.
#
# usage: tests/bench/compare_promtool.sh [METRICS] [SCRAPES] [LABELS_FILE]
set -euo pipefail
cd "$(dirname "$0")/../.."
metrics=${1:-8000}
scrapes=${2:-2000}
labels=${3:-../shared/fixtures/bench/labelsets-8440.json}
tsdbsim=${TSDBSIM:-build/default/sim/tsdbsim}
for tool in promtool prometheus /usr/bin/time "$tsdbsim"; do
  command -v "$tool" >/dev/null || { echo "compare_promtool: missing $tool (scripts/setup, scripts/build)" >&2; exit 2; }
done
work=$(mktemp -d /tmp/tsdbsim-compare-XXXXXX)
prom_pid=
cleanup() {
  [ -n "$prom_pid" ] && kill -TERM "$prom_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# $1 name, rest: command. Prints "samples/s peak_rss_kb".
bench() {
  local name=$1; shift
  /usr/bin/time -f "%M" -o "$work/$name.rss" "$@" >"$work/$name.out" 2>&1
  local rate
  rate=$(grep -o 'samples/sec: [0-9.e+]*' "$work/$name.out" | awk '{print $2}')
  echo "$rate $(cat "$work/$name.rss")"
}

echo "== bench write: $metrics metrics x $scrapes scrapes ($labels)"
read -r p_rate p_rss < <(bench promtool promtool tsdb bench write --out="$work/promtool" \
  --metrics="$metrics" --scrapes="$scrapes" "$labels")
read -r t_rate t_rss < <(bench tsdbsim "$tsdbsim" bench write --out "$work/tsdbsim" \
  --metrics "$metrics" --scrapes "$scrapes" "$labels")
# Rates come as Go prints floats (e.g. 1.1079451e+07): awk reads those, bc does not.
awk -v pr="$p_rate" -v pm="$p_rss" -v tr="$t_rate" -v tm="$t_rss" 'BEGIN {
  printf "%-10s %16s %14s\n", "tool", "samples/s", "peak_RSS_MB"
  printf "%-10s %16.0f %14.1f\n", "promtool", pr, pm / 1024
  printf "%-10s %16.0f %14.1f\n", "tsdbsim", tr, tm / 1024
  printf "speed ratio tsdbsim/promtool: %.2f   RSS ratio: %.2f\n", tr / pr, tm / pm
}'

echo "== restart of the directory promtool wrote"
cp -r "$work/promtool/storage" "$work/prom-copy"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'global: {}\nscrape_configs: []\n' >"$work/prometheus.yml"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prom-copy" \
  --web.listen-address="127.0.0.1:$port" --storage.tsdb.retention.time=100y \
  >"$work/prometheus.log" 2>&1 &
prom_pid=$!
for _ in $(seq 1 120); do
  grep -q 'WAL replay completed' "$work/prometheus.log" && break
  sleep 0.5
done
kill -TERM "$prom_pid"; wait "$prom_pid" 2>/dev/null || true; prom_pid=
prom_line=$(grep 'WAL replay completed' "$work/prometheus.log" || true)
[ -n "$prom_line" ] || { echo "prometheus did not finish replay:"; tail -5 "$work/prometheus.log"; exit 1; }
echo "prometheus: ${prom_line#*msg=}"
ours=$("$tsdbsim" replay "$work/promtool/storage" --work-dir "$work/replay" | grep 'WAL replay completed')
echo "tsdbsim:    ${ours#*msg=}"

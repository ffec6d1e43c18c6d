#!/usr/bin/env bash
# tsdbsim snapshot and fork end to end, with the real binary: worlds as JSON
# lines in the order asked (a seek back gives the world of going there
# directly), exit status 2 naming the flag or FILE:LINE:COL on bad input,
# and a fork file that `tsdbsim run` reproduces hash for hash.
#
# usage: step_verbs.sh TSDBSIM
set -euo pipefail
tsdbsim=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "step_verbs: $*" >&2
  exit 1
}

# expect_exit CODE NAME ARGS...: runs tsdbsim, keeps its output in $tmp/NAME.{out,err}.
expect_exit() {
  local want=$1 name=$2
  shift 2
  local got=0
  "$tsdbsim" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || got=$?
  [ "$got" -eq "$want" ] || { cat "$tmp/$name.err" >&2; fail "$name: exit $got, want $want"; }
}

expect_line() {
  grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1: no line with \"$2\""; }
}

cat >"$tmp/s.tsdbsim" <<'EOF'
seed 5
config chunk_range=10m scrape_interval=15s wal_segment_size=64KiB
target n series=10
run 30m
crash power_loss
restart
run 10m
EOF

# Two times, the second behind the first: two JSON lines in that order.
expect_exit 0 back snapshot "$tmp/s.tsdbsim" --at 25m,12m --json
expect_exit 0 direct snapshot "$tmp/s.tsdbsim" --at 12m --json
[ "$(wc -l <"$tmp/back.out")" -eq 2 ] || fail "back: want 2 lines"
python3 - "$tmp" <<'EOF'
import json, sys
tmp = sys.argv[1]
back = [json.loads(l) for l in open(f"{tmp}/back.out")]
direct = json.loads(open(f"{tmp}/direct.out").read())
keys = {"time_ms", "process", "scrape", "fanout", "wal", "head", "chunks_head", "blocks", "replay", "faults", "oracle"}
for w in back + [direct]:
    assert keys <= set(w), sorted(keys - set(w))
    w["replay"].pop("cpu_ns")  # real time: never compared
assert [w["elapsed_ms"] for w in back] == [25 * 60000, 12 * 60000], [w["elapsed_ms"] for w in back]
assert back[1] == direct, "a seek back differs from going there directly"
assert back[0]["head"]["watched"][0]["labels"].startswith('{__name__="up"')
assert back[0]["blocks"], "a block by 25m"
print("snapshot: ok")
EOF
expect_exit 0 text snapshot "$tmp/s.tsdbsim" --at 31m --watch '{__name__=~"synth_.*"}' --watch-max 2
expect_line "$tmp/text.out" "world at 31m"
expect_line "$tmp/text.out" "process up"
[ "$(grep -c '^  series  {__name__="synth_' "$tmp/text.out")" -eq 2 ] || fail "text: want 2 watched series"

# Bad input: exit 2, naming what was wrong.
expect_exit 2 bad-at snapshot "$tmp/s.tsdbsim" --at 5h,soon
expect_line "$tmp/bad-at.err" "--at"
expect_exit 2 bad-watch snapshot "$tmp/s.tsdbsim" --at 1m --watch '{job='
expect_line "$tmp/bad-watch.err" "--watch"
expect_exit 2 no-at snapshot "$tmp/s.tsdbsim"
printf 'target n series=5\nrun ten minutes\n' >"$tmp/bad.tsdbsim"
expect_exit 2 bad-file snapshot "$tmp/bad.tsdbsim" --at 1m
expect_line "$tmp/bad-file.err" "$tmp/bad.tsdbsim:2:"
expect_exit 2 missing snapshot "$tmp/none.tsdbsim" --at 1m

# A fork at 22m: written, run, and reproduced by `tsdbsim run`.
expect_exit 0 fork fork "$tmp/s.tsdbsim" --at 22m --then 'crash torn' --then restart --then 'run 7m' \
  --then 'expect phantom_samples == 0' --out "$tmp/f.tsdbsim"
expect_line "$tmp/f.tsdbsim" "run 22m"
expect_line "$tmp/f.tsdbsim" "crash torn"
expect_exit 0 rerun run "$tmp/f.tsdbsim"
fork_hash=$(sed -n 's/^trace-hash: //p' "$tmp/fork.out")
[ -n "$fork_hash" ] || fail "fork printed no trace-hash"
[ "$fork_hash" = "$(sed -n 's/^trace-hash: //p' "$tmp/rerun.out")" ] || fail "the fork file runs to another hash"
# The original is untouched by forking.
expect_exit 0 orig1 run "$tmp/s.tsdbsim"
expect_exit 2 bad-then fork "$tmp/s.tsdbsim" --at 22m --then 'crash sideways' --out "$tmp/g.tsdbsim"
expect_line "$tmp/bad-then.err" "$tmp/g.tsdbsim:"
[ ! -e "$tmp/g.tsdbsim" ] || fail "a fork with a bad line was written"
expect_exit 2 two-ats fork "$tmp/s.tsdbsim" --at 1m,2m --then 'run 1m' --out "$tmp/h.tsdbsim"
echo "step verbs: ok"

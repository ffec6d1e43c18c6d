#!/usr/bin/env bash
# Runs one scenario twice and once with another seed: the two runs must give
# the same trace hash, the other seed a different one. The hash is written
# to OUT_DIR/NAME.hash so that scripts/test can compare the hashes of the
# default and asan builds (the same scenario must hash the same in both).
#
# usage: determinism.sh TSDBSIM SCENARIO OUT_DIR
set -euo pipefail
tsdbsim=$1 scenario=$2 out_dir=$3
name=$(basename "$scenario" .tsdbsim)
mkdir -p "$out_dir"
hash_of() {
  local out status=0
  out=$("$tsdbsim" run "$scenario" "$@") || status=$?
  if [ "$status" -ne 0 ]; then
    printf '%s\n' "$out" | grep -v '^ok ' >&2
    echo "determinism: $scenario exited $status" >&2
    exit 1
  fi
  printf '%s\n' "$out" | sed -n 's/^trace-hash: //p'
}
first=$(hash_of)
second=$(hash_of)
other=$(hash_of --seed 987654321)
echo "$name: $first / $second / other seed $other"
[ -n "$first" ] || { echo "determinism: no trace-hash line" >&2; exit 1; }
[ "$first" = "$second" ] || { echo "determinism: $name gave $first then $second" >&2; exit 1; }
[ "$first" != "$other" ] || { echo "determinism: $name ignores the seed ($first)" >&2; exit 1; }
echo "$first" > "$out_dir/$name.hash"

#!/usr/bin/env bash
# tsdbsim sweep end to end, with the real binary and tiny scenarios in a temp
# dir: exit statuses 0/1/2, shards 1/2 and 2/2 splitting 1..6 between them,
# failing seeds listed with a reproduce command that really reproduces, the
# verdict of every seed equal to that of `tsdbsim run`, and well-formed JUnit.
#
# usage: sweep_smoke.sh TSDBSIM
set -euo pipefail
tsdbsim=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A blank in the path checks that reproduce commands are quoted for a shell.
dir="$tmp/scen arios"
mkdir -p "$dir"

fail() {
  echo "sweep_smoke: $*" >&2
  exit 1
}

cat >"$dir/pass.tsdbsim" <<'EOF'
target n series=5
run 10m
expect scrapes_total > 0
EOF
cat >"$dir/fail.tsdbsim" <<'EOF'
target n series=5
run 10m
expect scrapes_total < 0
EOF
# Fails for some seeds only: about a third of 40 scrapes fail, seed by seed.
cat >"$dir/flaky.tsdbsim" <<'EOF'
target n series=5 http_errors=0.3
run 10m
expect scrapes_failed_total < 12
EOF
printf 'target n series=5\nrun ten minutes\n' >"$dir/bad.tsdbsim"
# Parses, but `tsdbsim run` rejects the value when it sets up (exit 2).
printf 'config chunk_range=banana\ntarget n series=5\nrun 10m\n' >"$dir/setup.tsdbsim"

# sweep WANT_STATUS NAME ARGS...: runs a sweep, output in $tmp/NAME.out/.err.
sweep() {
  local want=$1 name=$2 status=0
  shift 2
  "$tsdbsim" sweep "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || status=$?
  if [ "$status" -ne "$want" ]; then
    cat "$tmp/$name.out" "$tmp/$name.err" >&2
    fail "sweep $* exited $status, want $want"
  fi
}
expect_line() {  # FILE FIXED-STRING
  grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "no line with '$2' in $(basename "$1")"; }
}

# Passing scenario: both shards exit 0 and run seeds 1 3 5 and 2 4 6.
sweep 0 pass1 "$dir/pass.tsdbsim" --seeds 1..6 --shard 1/2 --jobs 2 --junit "$tmp/pass1.xml"
sweep 0 pass2 "$dir/pass.tsdbsim" --seeds 1..6 --shard 2/2 --jobs 2 --junit "$tmp/pass2.xml"
for shard in 1 2; do
  expect_line "$tmp/pass$shard.out" "seeds run: 3, passed: 3, failed: 0"
  # stderr is no terminal here: one plain line per finished seed.
  [ "$(grep -c '^\[[1-3]/3\] seed [0-9]* ok ' "$tmp/pass$shard.err")" -eq 3 ] ||
    { cat "$tmp/pass$shard.err" >&2; fail "want 3 progress lines for shard $shard"; }
done
seeds_of() { sed -n 's/^\[[0-9]*\/[0-9]*\] seed \([0-9]*\) .*/\1/p' "$@" | sort -n | tr '\n' ' '; }
[ "$(seeds_of "$tmp/pass1.err")" = "1 3 5 " ] || fail "shard 1/2 ran seeds $(seeds_of "$tmp/pass1.err")"
[ "$(seeds_of "$tmp/pass2.err")" = "2 4 6 " ] || fail "shard 2/2 ran seeds $(seeds_of "$tmp/pass2.err")"

# Failing scenario: exit 1, every seed listed with its reproduce command and
# the FAILED line of its expect.
sweep 1 fail1 "$dir/fail.tsdbsim" --seeds 1..6 --shard 1/2 --jobs 2 --junit "$tmp/fail1.xml"
sweep 1 fail2 "$dir/fail.tsdbsim" --seeds 1..6 --shard 2/2 --jobs 2 --junit "$tmp/fail2.xml"
quoted="'$dir/fail.tsdbsim'"
for seed in 1 2 3 4 5 6; do
  out="$tmp/fail$((2 - seed % 2)).out"
  expect_line "$out" "seed $seed failed: exit status 1"
  expect_line "$out" "reproduce: tsdbsim run $quoted --seed $seed"
done
expect_line "$tmp/fail1.out" "FAILED  $dir/fail.tsdbsim:3: expect scrapes_total < 0"
expect_line "$tmp/fail1.out" "seeds run: 3, passed: 0, failed: 3"
expect_line "$tmp/fail1.out" "failed seeds: 1 3 5"
expect_line "$tmp/fail2.out" "failed seeds: 2 4 6"

# The printed command, pasted into a shell, fails the same way.
cmd=$(sed -n 's/^  reproduce: tsdbsim //p' "$tmp/fail2.out" | head -n 1)
status=0
eval "\"\$tsdbsim\" $cmd" >"$tmp/repro.out" 2>&1 || status=$?
[ "$status" -eq 1 ] || fail "reproduce command '$cmd' exited $status, want 1"
expect_line "$tmp/repro.out" "FAILED  $dir/fail.tsdbsim:3: expect scrapes_total < 0"

# A scenario that fails for some seeds: the sweep's verdicts, sharded or
# not, are exactly those of one `tsdbsim run` per seed.
sweep_status=0
"$tsdbsim" sweep "$dir/flaky.tsdbsim" --seeds 1..6 --jobs 3 >"$tmp/flaky.out" 2>&1 || sweep_status=$?
[ "$sweep_status" -le 1 ] || fail "flaky sweep exited $sweep_status"
for shard in 1 2; do
  "$tsdbsim" sweep "$dir/flaky.tsdbsim" --seeds 1..6 --shard $shard/2 --jobs 2 >"$tmp/flaky$shard.out" 2>&1 || true
done
want=""
for seed in 1 2 3 4 5 6; do
  status=0
  "$tsdbsim" run "$dir/flaky.tsdbsim" --seed "$seed" >/dev/null 2>&1 || status=$?
  [ "$status" -eq 0 ] || want="$want $seed"
done
failed_seeds() { cat "$@" | sed -n 's/^seed \([0-9]*\) failed: .*/\1/p' | sort -n | tr '\n' ' '; }
[ "$(failed_seeds "$tmp/flaky.out")" = "$(failed_seeds "$tmp/flaky1.out" "$tmp/flaky2.out")" ] ||
  fail "flaky: whole sweep failed $(failed_seeds "$tmp/flaky.out"), shards $(failed_seeds "$tmp/flaky1.out" "$tmp/flaky2.out")"
[ "$(failed_seeds "$tmp/flaky.out")" = "$(echo $want | tr ' ' '\n' | sed '/^$/d' | tr '\n' ' ')" ] ||
  fail "flaky: sweep failed seeds $(failed_seeds "$tmp/flaky.out"), run alone:$want"
echo "flaky scenario fails for seeds:${want:- none} (of 1..6)"

# Bad arguments and a bad scenario exit 2 with a message, before any child.
sweep 2 bad-range "$dir/pass.tsdbsim" --seeds 6..1
expect_line "$tmp/bad-range.err" "greater than the last"
sweep 2 bad-range2 "$dir/pass.tsdbsim" --seeds 1..x
sweep 2 no-seeds "$dir/pass.tsdbsim"
sweep 2 bad-shard "$dir/pass.tsdbsim" --seeds 1..6 --shard 3/2
sweep 2 bad-shard0 "$dir/pass.tsdbsim" --seeds 1..6 --shard 0/2
sweep 2 bad-jobs "$dir/pass.tsdbsim" --seeds 1..6 --jobs 0
sweep 2 bad-scenario "$dir/bad.tsdbsim" --seeds 1..6
expect_line "$tmp/bad-scenario.err" "$dir/bad.tsdbsim:2:"
sweep 2 no-file "$dir/missing.tsdbsim" --seeds 1..6
# A child's exit 2 means every seed would say the same: the sweep stops.
sweep 2 setup "$dir/setup.tsdbsim" --seeds 1..100 --jobs 2
expect_line "$tmp/setup.err" "rejected the scenario"
expect_line "$tmp/setup.out" 'chunk_range: expected a duration'
grep -q 'not run: [1-9]' "$tmp/setup.out" || { cat "$tmp/setup.out" >&2; fail "setup: the sweep went on"; }

# JUnit: read by a real XML parser (python3 is in scripts/debian-packages.txt).
python3 - "$tmp" <<'EOF'
import sys, xml.etree.ElementTree as ET
tmp = sys.argv[1]
def check(name, want_seeds, want_failed):
    root = ET.parse(f"{tmp}/{name}.xml").getroot()
    suites = root.findall("testsuite")
    assert root.tag == "testsuites" and len(suites) == 1, name
    suite = suites[0]
    cases = suite.findall("testcase")
    assert suite.get("name") == name.rstrip("12"), suite.get("name")
    assert suite.get("tests") == str(len(want_seeds)), suite.get("tests")
    assert suite.get("failures") == str(len(want_seeds) if want_failed else 0)
    float(suite.get("time"))
    assert [c.get("name") for c in cases] == [f"seed {s}" for s in want_seeds], [c.get("name") for c in cases]
    for c in cases:
        assert float(c.get("time")) >= 0
        f = c.find("failure")
        if want_failed:
            assert f is not None and "expect scrapes_total < 0" in f.get("message"), ET.tostring(c)
            assert "reproduce: tsdbsim run" in f.text, f.text
        else:
            assert f is None, ET.tostring(c)
check("pass1", [1, 3, 5], False)
check("pass2", [2, 4, 6], False)
check("fail1", [1, 3, 5], True)
check("fail2", [2, 4, 6], True)
print("junit: 4 files parsed")
EOF
echo "sweep smoke: ok"

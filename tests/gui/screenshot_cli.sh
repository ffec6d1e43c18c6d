#!/usr/bin/env bash
# tsdbsim-gui --screenshot end to end: a PNG of the flagship and of a
# projector-mode window, offscreen, with no display; bad flags exit 2 with a
# message naming the flag; a bad scenario names its file and line.
# usage: screenshot_cli.sh TSDBSIM_GUI OUT_DIR
set -euo pipefail
gui=$1
out=$2
mkdir -p "$out"
unset DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM
src=$(cd "$(dirname "$0")/../.." && pwd)
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
printed=$("$gui" --scenario "$src/sim/scenarios/flagship.tsdbsim" --at 9h --screenshot "$out/cli-flagship-9h.png")
[ "$printed" = "$out/cli-flagship-9h.png" ] || fail "printed \"$printed\", not the PNG's path"
[ -s "$out/cli-flagship-9h.png" ] || fail "no PNG written"
"$gui" --at 2h --projector --size 1280x800 --screenshot "$out/cli-projector-2h.png" >/dev/null
[ -s "$out/cli-projector-2h.png" ] || fail "no projector PNG written"
expect_exit2() {  # expect_exit2 WORD ARGS...: exits 2, stderr names WORD
  local word=$1
  shift
  local err status=0
  err=$("$gui" "$@" 2>&1 >/dev/null) || status=$?
  [ "$status" -eq 2 ] || fail "$* exited $status, want 2"
  echo "$err" | grep -q -- "$word" || fail "$*: message does not name $word: $err"
}
expect_exit2 --at --at soon --screenshot "$out/x.png"
expect_exit2 --seed --seed twelve --screenshot "$out/x.png"
expect_exit2 --size --size huge --screenshot "$out/x.png"
bad=$(mktemp)
trap 'rm -f "$bad"' EXIT
printf 'seed 1\nrun forever\n' >"$bad"
expect_exit2 "$bad:2" --scenario "$bad" --screenshot "$out/x.png"
echo ok

#!/usr/bin/env bash
# A real window under Xvfb (the xcb platform, not offscreen): tsdbsim-gui
# opens the flagship at 40m, plays for three seconds of real time, grabs
# what the X server shows of its window, prints how far it got, and quits.
# Passes when it exits 0, virtual time moved on while playing, and the
# grabbed PNG is a 1600x1000 picture with something on it.
# usage: xvfb_window.sh TSDBSIM_GUI OUT_DIR
set -euo pipefail
gui=$1
out=$2
mkdir -p "$out"
png="$out/xvfb-window.png"
rm -f "$png"
# xvfb-run starts Xvfb on a free display and stops it (by its pid) when the
# command ends; timeout bounds the whole run.
log=$(timeout 120 xvfb-run -a -s "-screen 0 1920x1200x24" \
  env QT_QPA_PLATFORM=xcb "$gui" --at 40m --play --exit-after 3000 --window-shot "$png" 2>&1) || {
  echo "tsdbsim-gui under Xvfb failed:" >&2
  echo "$log" >&2
  exit 1
}
echo "$log"
reached=$(echo "$log" | sed -n 's/^reached \([0-9]*\) ms.*/\1/p')
if [ -z "$reached" ] || [ "$reached" -le 2400000 ]; then
  echo "FAIL: playing did not move virtual time past 40m (reached: ${reached:-nothing})" >&2
  exit 1
fi
python3 - "$png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", data[16:24])
assert (width, height) == (1600, 1000), f"window is {width}x{height}, want 1600x1000"
# Decompress the image data: a blank window compresses to almost nothing.
idat = b"".join(data[i + 8:i + 8 + struct.unpack(">I", data[i:i + 4])[0]]
                for i in range(8, len(data)) if data[i + 4:i + 8] == b"IDAT")
raw = zlib.decompress(idat)
distinct = len(set(raw[::97]))
assert distinct > 20, f"the grabbed window looks blank ({distinct} distinct byte values)"
print(f"ok: {width}x{height}, {len(data)} bytes")
PY

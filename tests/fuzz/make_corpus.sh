#!/usr/bin/env bash
# Builds seed corpora from the shared fixtures (never modified) into
# OUT/<target>/ (default build/fuzz/corpus-fixtures). Binary targets take a
# mode byte first (see each *_fuzzer.cc): 00 = bytes as they are, 01 = the
# fuzzer repairs CRCs first. Files are cut to at most 64 KiB, the -max_len
# the scripts use. The small committed seeds live in tests/fuzz/corpus/.
#
#   tests/fuzz/make_corpus.sh [OUT]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/build/fuzz/corpus-fixtures}
fx=${TSDB_FIXTURES_DIR:-$root/../shared/fixtures}
p=$fx/prometheus-2.42
max=65536
if [ ! -d "$p" ]; then
  echo "make_corpus: no fixtures at $fx, only the committed seeds will be used" >&2
  exit 0
fi
rm -rf "$out"
mkdir -p "$out"/{textparse,wal,record,chunks_head,index,block_chunks,tombstones,meta,scenario}

# seed TARGET NAME MODE FILE [BYTES]: MODE ("" for none) then the file's
# first BYTES (default max) bytes.
seed() {
  local target=$1 name=$2 mode=$3 file=$4 n=${5:-$((max - 1))}
  { [ -n "$mode" ] && printf "\\x$mode"; head -c "$n" "$file"; } >"$out/$target/$name"
}

for f in "$fx"/exposition/*.txt; do
  b=$(basename "$f" .txt)
  seed textparse "$b.prom" 00 "$f" 16384
  seed textparse "$b.om" 01 "$f" 16384
done

for f in "$p"/*/wal/0000000* "$p"/killed-datadir/wal/checkpoint.*/0*; do
  b=$(echo "$f" | sed "s|$p/||; s|/|_|g")
  seed wal "$b.page" 00 "$f" 32768
  seed wal "$b.two" 02 "$f" "$max"
done

for f in "$p"/*/chunks_head/0*; do
  b=$(echo "$f" | sed "s|$p/||; s|/|_|g")
  seed chunks_head "$b" 00 "$f"
  seed chunks_head "$b.4k.fixcrc" 01 "$f" 4096
done

n=0
for d in "$p"/killed-datadir/01*/; do
  b=$(basename "$d")
  seed block_chunks "$b" 00 "$d/chunks/000001"
  seed block_chunks "$b.4k.fixcrc" 01 "$d/chunks/000001" 4096
  seed tombstones "$b" 00 "$d/tombstones"
  seed meta "$b.json" "" "$d/meta.json"
  # Five indexes of the same 512 series: two are enough.
  if [ $n -lt 2 ]; then seed index "$b" 00 "$d/index"; fi
  n=$((n + 1))
done

for f in "$root"/sim/scenarios/*.tsdbsim "$root"/tests/bench/scenarios/*.tsdbsim; do
  seed scenario "$(basename "$f")" "" "$f"
done

# The fixture WALs hold snappy-compressed records, so the record fuzzer's
# seeds (one record each) are written here from engine/record/FORMAT.md.
python3 - "$out/record" <<'EOF'
import struct, sys
out = sys.argv[1]
def uv(n):
    b = bytearray()
    while True:
        c = n & 0x7f; n >>= 7
        if n: b.append(c | 0x80)
        else: b.append(c); return bytes(b)
def v(n): return uv((n << 1) ^ (n >> 63))  # zig-zag
def s(x): return uv(len(x)) + x
def labels(*kv): return uv(len(kv) // 2) + b"".join(s(x) for x in kv)
f64 = lambda x: struct.pack(">d", x)
seeds = {
  "series": b"\x01" + struct.pack(">Q", 7) + labels(b"__name__", b"up", b"job", b"node")
            + struct.pack(">Q", 8) + labels(b"__name__", b"go_goroutines"),
  "samples": b"\x02" + struct.pack(">Qq", 7, 1795234554122)
             + v(0) + v(0) + f64(1.0) + v(1) + v(1000) + f64(42.5) + v(-3) + v(-5) + f64(0.0),
  "samples_empty": b"\x02",
  "tombstones": b"\x03" + struct.pack(">Q", 7) + v(100) + v(200) + struct.pack(">Q", 9) + v(-5) + v(5),
  "exemplars": b"\x04" + struct.pack(">Qq", 7, 1000) + v(0) + v(0) + f64(3.0)
               + labels(b"trace_id", b"abc123"),
  "mmap_markers": b"\x05" + struct.pack(">QQ", 7, (1 << 32) | 8),
  "metadata": b"\x06" + uv(7) + b"\x01" + uv(2) + s(b"UNIT") + s(b"seconds") + s(b"HELP")
              + s(b"Total time."),
  "histogram": b"\x07" + struct.pack(">Qq", 7, 1000) + v(0) + v(0) + b"\x00" + v(3) + f64(0.001)
               + uv(1) + uv(10) + f64(12.5) + uv(1) + v(0) + uv(2) + uv(0) + uv(2) + v(4) + v(-1)
               + uv(0),
  "float_histogram": b"\x08" + struct.pack(">Qq", 7, 1000) + v(0) + v(0) + b"\x00" + v(3)
                     + f64(0.001) + f64(1.0) + f64(10.0) + f64(12.5) + uv(1) + v(0) + uv(2)
                     + uv(0) + uv(2) + f64(4.0) + f64(5.0) + uv(0),
}
for name, rec in seeds.items():
    open(f"{out}/{name}", "wb").write(rec)
EOF
echo "make_corpus: $(find "$out" -type f | wc -l) seeds in $out" >&2

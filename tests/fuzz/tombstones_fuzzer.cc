// Block tombstones fuzzer: DecodeTombstonesFile on the bytes, and the same
// file read from a block directory on the simulated filesystem. A file of
// well-formed intervals must decode to merged ones (sorted, disjoint, not
// touching) that encode to a file decoding to the same tombstones.
//
// Input: byte 0 bit 0 set = repair the file's CRC first; the rest is the
// tombstones file.
#include <cstddef>
#include <cstdint>

#include "engine/base/coding.h"

#include "engine/block/tombstones_file.h"
#include "fault_injection/sim_filesystem.h"
#include "tests/fuzz/crc_fixup.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace ts = tsdb::tombstones;

// True when every entry of the file is a real interval (mint <= maxt). Only
// then do 2.42's merge rules promise sorted, disjoint, non-adjacent
// intervals, and so a lossless round trip.
bool AllIntervalsWellFormed(tsdb::ByteView file) {
  tsdb::Decbuf d(file.subspan(5, file.size() - 9));
  while (d.ok() && d.remaining() > 0) {
    d.Uvarint();
    const int64_t mint = d.Varint();
    const int64_t maxt = d.Varint();
    if (d.ok() && mint > maxt) return false;
  }
  return true;
}

void CheckMerged(const ts::MemTombstones& t) {
  for (const auto& [ref, ivs] : t.by_ref()) {
    for (size_t i = 0; i < ivs.size(); i++) {
      FUZZ_CHECK(ivs[i].min_time <= ivs[i].max_time, "series %llu: interval %zu inverted",
                 static_cast<unsigned long long>(ref), i);
      // Sorted, and at least one missing timestamp between neighbours.
      // The gap is positive when checked, so its unsigned form cannot wrap.
      FUZZ_CHECK(i == 0 || (ivs[i - 1].max_time < ivs[i].min_time &&
                            static_cast<uint64_t>(ivs[i].min_time) -
                                    static_cast<uint64_t>(ivs[i - 1].max_time) >
                                1),
                 "series %llu: intervals %zu and %zu overlap, touch or are out of order",
                 static_cast<unsigned long long>(ref), i - 1, i);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  tsdb::fuzz::MutableBytes file(data + 1, data + size);
  if ((data[0] & 1) != 0) tsdb::fuzz::FixTombstonesCrc(&file);
  auto t = ts::DecodeTombstonesFile(file, "fuzz/tombstones");
  if (!t.ok()) {
    FUZZ_CHECK(t.status().code() == tsdb::StatusCode::kCorruption, "%s",
               t.status().ToString().c_str());
  } else if (AllIntervalsWellFormed(file)) {
    CheckMerged(*t);
    const tsdb::Bytes again = ts::EncodeTombstonesFile(*t);
    auto back = ts::DecodeTombstonesFile(again, "fuzz/again");
    FUZZ_CHECK(back.ok(), "re-encoded tombstones: %s", back.status().ToString().c_str());
    FUZZ_CHECK(*back == *t, "tombstones changed in the round trip");
  }
  tsdbsim::fault::SimFilesystem fs;
  FUZZ_CHECK(fs.MkdirAll("/b").ok(), "mkdir");
  FUZZ_CHECK(tsdb::WriteWholeFile(fs, "/b/tombstones", file, true).ok(), "write");
  auto read = ts::ReadTombstonesFile(fs, "/b");
  FUZZ_CHECK(read.ok() == t.ok(), "file and bytes disagree");
  return 0;
}

// Block tombstones fuzzer: DecodeTombstonesFile on the bytes, and the same
// file read from a block directory on the simulated filesystem. A file that
// decodes must encode to a file that decodes to the same tombstones.
//
// Input: byte 0 bit 0 set = repair the file's CRC first; the rest is the
// tombstones file.
#include <cstddef>
#include <cstdint>

#include "engine/block/tombstones_file.h"
#include "fault_injection/sim_filesystem.h"
#include "tests/fuzz/crc_fixup.h"
#include "tests/fuzz/fuzz_check.h"

namespace ts = tsdb::tombstones;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  tsdb::fuzz::MutableBytes file(data + 1, data + size);
  if ((data[0] & 1) != 0) tsdb::fuzz::FixTombstonesCrc(&file);
  auto t = ts::DecodeTombstonesFile(file, "fuzz/tombstones");
  if (!t.ok()) {
    FUZZ_CHECK(t.status().code() == tsdb::StatusCode::kCorruption, "%s",
               t.status().ToString().c_str());
  } else {
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

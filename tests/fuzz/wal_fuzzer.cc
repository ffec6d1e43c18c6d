// WAL fuzzer: segment bytes through the wlog Reader (with and without
// virtual padding, one or two segments), InspectWal and Wal::Repair on the
// simulated filesystem; and the Wal writer's records read back, snappy on
// and off. Every record read is decoded as its type says.
//
// Input: byte 0 picks the mode, the rest is its payload.
//   bit 0 clear: raw segment bytes (bit 1: split them into two segments;
//                bit 2: also InspectWal, and Repair when corrupt)
//   bit 0 set:   records for the writer, each a length byte and bytes (see
//                WriterRoundTrip; bit 1: snappy, bit 2: 3-page segments)
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "engine/wlog/reader.h"
#include "engine/wlog/segments.h"
#include "engine/wlog/wal.h"
#include "engine/wlog/wal_stats.h"
#include "fault_injection/sim_filesystem.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/record_decode.h"

namespace {

using tsdb::ByteView;
using tsdbsim::fault::SimFilesystem;
namespace wlog = tsdb::wlog;

constexpr const char* kDir = "/wal";

void Write(SimFilesystem& fs, int index, ByteView bytes) {
  FUZZ_CHECK(fs.MkdirAll(kDir).ok(), "mkdir");
  const tsdb::Status s = tsdb::WriteWholeFile(fs, wlog::SegmentName(kDir, index), bytes, true);
  FUZZ_CHECK(s.ok(), "write segment: %s", s.ToString().c_str());
}

// Reads every record; returns the corruption, if any.
std::optional<wlog::CorruptionError> ReadAll(std::vector<wlog::SegmentBytes> segs, bool padding) {
  wlog::Reader r(kDir, std::move(segs), padding);
  while (r.Next()) tsdb::fuzz::DecodeAnyRecord(r.Record());
  return r.Err();
}

// 2.42's startup on a corrupt WAL: open (a new segment), repair, and then
// the WAL must read without corruption.
void RepairAndReread(SimFilesystem& fs, const wlog::CorruptionError& err) {
  auto wal = wlog::Wal::Open(&fs, kDir, {});
  FUZZ_CHECK(wal.ok(), "open: %s", wal.status().ToString().c_str());
  wlog::RepairReport report;
  const tsdb::Status s = (*wal)->Repair(err, &report);
  FUZZ_CHECK(s.ok(), "repair of %s: %s", err.ToString().c_str(), s.ToString().c_str());
  FUZZ_CHECK((*wal)->Close().ok(), "close after repair");
  auto reader = wlog::SegmentRangeReader::OpenDir(fs, kDir);
  FUZZ_CHECK(reader.ok(), "reopen: %s", reader.status().ToString().c_str());
  while ((*reader)->reader().Next()) {
  }
  const auto& again = (*reader)->reader().Err();
  FUZZ_CHECK(!again.has_value(), "after repairing %s: %s", err.ToString().c_str(),
             again->ToString().c_str());
}

void RawSegments(uint8_t mode, ByteView bytes) {
  std::vector<wlog::SegmentBytes> segs;
  if ((mode & 2) != 0) {
    const size_t half = bytes.size() / 2;
    segs = {{0, bytes.first(half), ""}, {1, bytes.subspan(half), ""}};
  } else {
    segs = {{0, bytes, ""}};
  }
  const auto err = ReadAll(segs, true);
  ReadAll(segs, false);
  if ((mode & 4) == 0) return;  // the filesystem paths cost twice the rest
  SimFilesystem fs;
  for (const auto& s : segs) Write(fs, s.index, s.bytes);
  auto stats = wlog::InspectWal(fs, kDir);
  FUZZ_CHECK(stats.ok(), "inspect: %s", stats.status().ToString().c_str());
  // Records may straddle the two segments here, which no writer does and
  // repair (like 2.42's) does not undo; check repair on one segment only.
  if (err.has_value() && segs.size() == 1) RepairAndReread(fs, *err);
}

// `len` bytes of `pattern` over and over (zeros if it is empty), copied in
// doubling blocks rather than byte by byte.
tsdb::Bytes Repeat(ByteView pattern, size_t len) {
  tsdb::Bytes r(len, 0);
  if (pattern.empty() || len == 0) return r;
  size_t filled = std::min(pattern.size(), len);
  std::memcpy(r.data(), pattern.data(), filled);
  while (filled < len) {
    const size_t n = std::min(filled, len - filled);
    std::memcpy(r.data() + filled, r.data(), n);
    filled += n;
  }
  return r;
}

void WriterRoundTrip(uint8_t mode, ByteView in) {
  std::vector<tsdb::Bytes> records;
  for (size_t i = 0; i < in.size();) {
    // Length byte L: L bytes below 128, else (L - 127) * 256 up to 32 KiB,
    // so that a short input still writes records spanning pages (and, with
    // 3-page segments, segments). The bytes after L repeat to fill it.
    const size_t len = in[i] < 128 ? in[i] : size_t{in[i] - 127u} * 256;
    const ByteView pattern = in.subspan(i + 1, std::min(len, in.size() - i - 1));
    records.push_back(Repeat(pattern, len));
    i += 1 + pattern.size();
  }
  SimFilesystem fs;
  wlog::WalOptions opts;
  opts.compress = (mode & 2) != 0;
  if ((mode & 4) != 0) opts.segment_size_bytes = 3 * wlog::kPageSizeBytes;
  {
    auto wal = wlog::Wal::Open(&fs, kDir, opts);
    FUZZ_CHECK(wal.ok(), "open: %s", wal.status().ToString().c_str());
    for (const tsdb::Bytes& r : records) FUZZ_CHECK((*wal)->Log(r).ok(), "log");
    FUZZ_CHECK((*wal)->Close().ok(), "close");
  }
  auto reader = wlog::SegmentRangeReader::OpenDir(fs, kDir);
  FUZZ_CHECK(reader.ok(), "reopen: %s", reader.status().ToString().c_str());
  wlog::Reader& r = (*reader)->reader();
  size_t i = 0;
  for (; r.Next(); i++) {
    FUZZ_CHECK(i < records.size(), "more records read than written");
    const ByteView got = r.Record();
    // memcmp, not a loop: harness loops are instrumented too and slow the run.
    FUZZ_CHECK(got.size() == records[i].size() &&
                   (got.empty() || std::memcmp(got.data(), records[i].data(), got.size()) == 0),
               "record %zu differs", i);
    tsdb::fuzz::DecodeAnyRecord(got);
  }
  FUZZ_CHECK(!r.Err().has_value(), "%s", r.Err()->ToString().c_str());
  FUZZ_CHECK(i == records.size(), "read %zu of %zu records", i, records.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const ByteView payload(data + 1, size - 1);
  if ((data[0] & 1) == 0) {
    RawSegments(data[0], payload);
  } else {
    WriterRoundTrip(data[0], payload);
  }
  return 0;
}

// Properties of the WAL writer and reader:
//  * round trip: records of 0 bytes to more than a segment, with and without
//    snappy, in random Log batches, come back identical; each segment reads
//    on its own without error (no record spans two segments);
//  * one damaged byte: every record before the damaged one comes back intact,
//    and corruption is reported in that segment past the damaged byte, except
//    in the cases 2.42's format cannot see (listed in DamageIsUndetectable);
//  * truncation: every record that ends before the cut comes back intact,
//    anything after it is gone or reported.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <functional>

#include "engine/base/posix_filesystem.h"
#include "engine/wlog/reader.h"
#include "engine/wlog/segments.h"
#include "engine/wlog/wal.h"
#include "support/temp_dir.h"

namespace tsdb::wlog {
namespace {

struct RecordSpec {
  uint32_t size = 0;
  uint32_t seed = 0;
  bool compressible = false;
};

Bytes MakeRecord(const RecordSpec& s) {
  Bytes b(s.size);
  uint32_t x = s.seed | 1;
  for (size_t i = 0; i < b.size(); i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b[i] = s.compressible ? static_cast<uint8_t>("prometheus"[i % 10] + (x % 64 == 0))
                          : static_cast<uint8_t>(x);
  }
  return b;
}

rc::Gen<RecordSpec> GenRecord(uint32_t min_size) {
  // Sizes cluster where the format has edges: tiny, around a page, past a segment.
  auto size = rc::gen::oneOf(rc::gen::inRange<uint32_t>(min_size, 200),
                             rc::gen::inRange<uint32_t>(32740, 32800),
                             rc::gen::inRange<uint32_t>(std::max(min_size, 200u), 70000),
                             rc::gen::inRange<uint32_t>(90000, 140000));
  return rc::gen::build<RecordSpec>(rc::gen::set(&RecordSpec::size, size),
                                    rc::gen::set(&RecordSpec::seed),
                                    rc::gen::set(&RecordSpec::compressible));
}

struct Written {
  std::vector<Bytes> records;
  std::vector<std::vector<Bytes>> per_segment;  // read back one segment at a time
};

// Writes specs in batches of the given sizes, closes, and reads back.
Written WriteWal(const std::string& dir, int pages_per_segment, bool compress,
                 const std::vector<RecordSpec>& specs, const std::vector<int>& batches) {
  PosixFilesystem fs;
  Written out;
  for (const auto& s : specs) out.records.push_back(MakeRecord(s));
  auto w = Wal::Open(&fs, dir, {.segment_size_bytes = pages_per_segment * kPageSizeBytes,
                                .compress = compress});
  RC_ASSERT(w.ok());
  size_t next = 0;
  for (size_t b = 0; next < specs.size(); b++) {
    const size_t n = std::min<size_t>(specs.size() - next,
                                      b < batches.size() ? static_cast<size_t>(batches[b]) : 1);
    std::vector<ByteView> views(out.records.begin() + static_cast<long>(next),
                                out.records.begin() + static_cast<long>(next + n));
    RC_ASSERT((*w)->Log(views).ok());
    next += n;
  }
  RC_ASSERT((*w)->Close().ok());
  auto range = Segments(fs, dir);
  RC_ASSERT(range.ok());
  for (int i = range->first; i <= range->last; i++) {
    auto r = SegmentRangeReader::Open(fs, dir, i, i);
    RC_ASSERT(r.ok());
    std::vector<Bytes> recs;
    while ((*r)->reader().Next()) recs.emplace_back((*r)->reader().Record().begin(),
                                                    (*r)->reader().Record().end());
    RC_ASSERT(!(*r)->reader().Err().has_value());
    out.per_segment.push_back(std::move(recs));
  }
  return out;
}

RC_GTEST_PROP(WalProperty, RecordsRoundTripAcrossPagesAndSegments, ()) {
  const auto specs = *rc::gen::container<std::vector<RecordSpec>>(
      *rc::gen::inRange(1, 25), GenRecord(0));
  const auto batches = *rc::gen::container<std::vector<int>>(rc::gen::inRange(1, 5));
  const int pages = *rc::gen::inRange(1, 5);
  const bool compress = *rc::gen::arbitrary<bool>();
  tsdb::testing::TempDir dir;
  const Written w = WriteWal(dir.path(), pages, compress, specs, batches);
  std::vector<Bytes> all;
  for (const auto& seg : w.per_segment) all.insert(all.end(), seg.begin(), seg.end());
  RC_ASSERT(all == w.records);
}

// Where each fragment of a valid segment lies: fragment start -> record index.
struct Layout {
  std::vector<int> record_at;   // per byte: local record index, or -1 in padding
  std::vector<bool> type_byte;  // per byte: is it a fragment's type byte
  std::vector<bool> page_term;  // per byte: is it the zero type byte that starts padding
  std::vector<int64_t> record_end;  // per local record: offset just past its last fragment
};

Layout Walk(const Bytes& seg) {
  Layout l{std::vector<int>(seg.size(), -1), std::vector<bool>(seg.size(), false),
           std::vector<bool>(seg.size(), false), {}};
  size_t pos = 0;
  int rec = 0;
  while (pos < seg.size()) {
    if (seg[pos] == 0) {
      l.page_term[pos] = true;
      pos = (pos / kPageSizeBytes + 1) * kPageSizeBytes;
      continue;
    }
    const size_t end = pos + 7 + GetBE16(&seg[pos + 1]);
    l.type_byte[pos] = true;
    for (size_t i = pos; i < end; i++) l.record_at[i] = rec;
    const auto t = FragmentTypeOf(seg[pos]);
    if (t == FragmentType::kFull || t == FragmentType::kLast) {
      l.record_end.push_back(static_cast<int64_t>(end));
      rec++;
    }
    pos = end;
  }
  return l;
}

int RecordsEndingBefore(const Layout& l, int64_t x) {
  int n = 0;
  while (n < static_cast<int>(l.record_end.size()) && l.record_end[n] <= x) n++;
  return n;
}

struct Readback {
  std::vector<Bytes> records;
  std::optional<CorruptionError> err;
};

Readback ReadOne(const Bytes& seg, int index) {
  Reader r("wal", {{index, seg}});
  Readback out;
  while (r.Next()) out.records.emplace_back(r.Record().begin(), r.Record().end());
  out.err = r.Err();
  return out;
}

// The damage 2.42's reader cannot notice: the snappy flag is outside the
// CRC; a type byte turned into "first" on the segment's last record looks
// like a record torn at the tail; the zero byte that starts padding can
// become the header of an empty record.
bool DamageIsUndetectable(const Layout& l, size_t x, uint8_t before, uint8_t after,
                          const std::vector<Bytes>& want, const Readback& got) {
  const int d = l.record_at[x] >= 0 ? l.record_at[x] : RecordsEndingBefore(l, static_cast<int64_t>(x));
  if (l.type_byte[x] && (before ^ after) == kSnappyFlag) {
    if (got.records.size() != want.size()) return false;
    for (size_t i = 0; i < want.size(); i++) {
      if (static_cast<int>(i) != d && got.records[i] != want[i]) return false;
    }
    return true;
  }
  if (l.type_byte[x] && d + 1 == static_cast<int>(want.size())) {
    return got.records.size() + 1 == want.size();
  }
  if (l.page_term[x]) {
    if (got.records == want) return true;
    std::vector<Bytes> with_empty = want;
    with_empty.insert(with_empty.begin() + d, Bytes{});
    return got.records == with_empty;
  }
  return false;
}

// Damages one byte chosen by pick (from the segment's layout) and checks the
// outcome against the rules in the file comment.
void CheckOneDamagedByte(const std::function<size_t(const Layout&, size_t)>& pick) {
  const auto specs = *rc::gen::container<std::vector<RecordSpec>>(
      *rc::gen::inRange(1, 12), GenRecord(1));
  const bool compress = *rc::gen::arbitrary<bool>();
  tsdb::testing::TempDir dir;
  const Written w = WriteWal(dir.path(), 4, compress, specs, {});
  PosixFilesystem fs;
  const int seg_index = *rc::gen::inRange<int>(0, static_cast<int>(w.per_segment.size()));
  auto bytes = ReadWholeFile(fs, SegmentName(dir.path(), seg_index));
  RC_ASSERT(bytes.ok());
  RC_PRE(!bytes->empty());
  const Layout layout = Walk(*bytes);
  const size_t x = pick(layout, bytes->size());
  const uint8_t before = (*bytes)[x];
  const uint8_t after = *rc::gen::distinctFrom(before);
  Bytes damaged = *bytes;
  damaged[x] = after;

  const std::vector<Bytes>& want = w.per_segment[static_cast<size_t>(seg_index)];
  const Readback got = ReadOne(damaged, seg_index);
  const int intact = RecordsEndingBefore(layout, static_cast<int64_t>(x));
  RC_ASSERT(got.records.size() >= static_cast<size_t>(intact));
  for (int i = 0; i < intact; i++) {
    RC_ASSERT(got.records[static_cast<size_t>(i)] == want[static_cast<size_t>(i)]);
  }
  if (got.err.has_value()) {
    RC_ASSERT(got.err->segment == seg_index);
    RC_ASSERT(got.err->offset > static_cast<int64_t>(x));
    RC_ASSERT(got.records.size() <= static_cast<size_t>(intact) + 1);
  } else {
    RC_ASSERT(DamageIsUndetectable(layout, x, before, after, want, got));
  }
}

RC_GTEST_PROP(WalProperty, OneDamagedByteIsReportedOrHarmless, ()) {
  CheckOneDamagedByte([](const Layout&, size_t size) { return *rc::gen::inRange<size_t>(0, size); });
}

// Headers are a tiny share of the bytes; aim at them (and at padding starts).
RC_GTEST_PROP(WalProperty, OneDamagedHeaderByteIsReportedOrHarmless, ()) {
  CheckOneDamagedByte([](const Layout& l, size_t size) {
    std::vector<size_t> targets;
    for (size_t i = 0; i < size; i++) {
      if (l.page_term[i]) targets.push_back(i);
      if (l.type_byte[i]) {
        for (size_t k = 0; k < 7 && i + k < size; k++) targets.push_back(i + k);
      }
    }
    RC_PRE(!targets.empty());
    return *rc::gen::elementOf(targets);
  });
}

RC_GTEST_PROP(WalProperty, TruncationKeepsEveryRecordBeforeTheCut, ()) {
  const auto specs = *rc::gen::container<std::vector<RecordSpec>>(
      *rc::gen::inRange(1, 12), GenRecord(0));
  tsdb::testing::TempDir dir;
  const Written w = WriteWal(dir.path(), 4, *rc::gen::arbitrary<bool>(), specs, {});
  PosixFilesystem fs;
  const int seg_index = *rc::gen::inRange<int>(0, static_cast<int>(w.per_segment.size()));
  auto bytes = ReadWholeFile(fs, SegmentName(dir.path(), seg_index));
  RC_ASSERT(bytes.ok());
  RC_PRE(!bytes->empty());
  const Layout layout = Walk(*bytes);
  const size_t cut = *rc::gen::inRange<size_t>(0, bytes->size());
  const Bytes truncated(bytes->begin(), bytes->begin() + static_cast<long>(cut));

  const std::vector<Bytes>& want = w.per_segment[static_cast<size_t>(seg_index)];
  const Readback got = ReadOne(truncated, seg_index);
  const int intact = RecordsEndingBefore(layout, static_cast<int64_t>(cut));
  RC_ASSERT(got.records.size() >= static_cast<size_t>(intact));
  RC_ASSERT(got.records.size() <= static_cast<size_t>(intact) + 1);
  for (size_t i = 0; i < got.records.size(); i++) {
    // Past the cut only zero bytes were lost: a record whose tail was zeros
    // survives, and a header cut after its type byte reads as an empty record.
    RC_ASSERT(got.records[i] == want[i] || (i >= static_cast<size_t>(intact) && got.records[i].empty()));
  }
  // A cut at the page boundary inside a record is a torn record.
  if (cut > 0 && cut % kPageSizeBytes == 0 && layout.record_at[cut] >= 0 &&
      layout.record_at[cut - 1] == layout.record_at[cut] && !layout.type_byte[cut - 1]) {
    RC_ASSERT(got.err.has_value());
    RC_ASSERT(got.err->reason == "last record is torn");
  }
}

}  // namespace
}  // namespace tsdb::wlog

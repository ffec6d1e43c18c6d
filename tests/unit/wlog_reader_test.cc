// Reader errors carry 2.42's messages, segment and offset; repair keeps the
// records before the corruption and drops everything after it.
#include <gtest/gtest.h>

#include "engine/base/crc32c.h"
#include "engine/base/posix_filesystem.h"
#include "engine/wlog/reader.h"
#include "engine/wlog/segments.h"
#include "engine/wlog/wal.h"
#include "support/temp_dir.h"

namespace tsdb::wlog {
namespace {

struct ReadOutcome {
  std::vector<Bytes> records;
  std::optional<CorruptionError> err;
};

ReadOutcome ReadSegment(const Bytes& seg, int index = 7) {
  Reader r("wal", {{index, seg}});
  ReadOutcome out;
  while (r.Next()) out.records.emplace_back(r.Record().begin(), r.Record().end());
  out.err = r.Err();
  return out;
}

Bytes Fragment(uint8_t type, ByteView payload) {
  Bytes b(7);
  b[0] = type;
  PutBE16(&b[1], static_cast<uint16_t>(payload.size()));
  PutBE32(&b[3], Crc32c(payload));
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(WalReader, ChecksumMismatchNamesSegmentAndOffset) {
  Bytes seg = Concat({Fragment(1, AsBytes("good")), Fragment(1, AsBytes("bad!"))});
  seg.back() ^= 0xff;
  const ReadOutcome o = ReadSegment(seg);
  ASSERT_EQ(o.records.size(), 1u);
  ASSERT_TRUE(o.err.has_value());
  EXPECT_EQ(o.err->segment, 7);
  EXPECT_EQ(o.err->offset, 22);
  const std::string want_crc = [] {
    char b[64];
    Bytes bad = {'b', 'a', 'd', static_cast<uint8_t>('!' ^ 0xff)};
    std::snprintf(b, sizeof b, "unexpected checksum %x, expected %x", Crc32c(bad),
                  Crc32c(AsBytes("bad!")));
    return std::string(b);
  }();
  EXPECT_EQ(o.err->reason, want_crc);
  EXPECT_EQ(o.err->ToString(), "corruption in segment wal/00000007 at 22: " + want_crc);
}

TEST(WalReader, SequencingErrorsUse242Messages) {
  EXPECT_EQ(ReadSegment(Concat({Fragment(2, AsBytes("a")), Fragment(1, AsBytes("b"))})).err->reason,
            "unexpected full record");
  EXPECT_EQ(ReadSegment(Concat({Fragment(2, AsBytes("a")), Fragment(2, AsBytes("b"))})).err->reason,
            "unexpected first record, dropping buffer");
  EXPECT_EQ(ReadSegment(Fragment(3, AsBytes("a"))).err->reason,
            "unexpected middle record, dropping buffer");
  EXPECT_EQ(ReadSegment(Fragment(4, AsBytes("a"))).err->reason,
            "unexpected last record, dropping buffer");
  EXPECT_EQ(ReadSegment(Fragment(5, AsBytes("a"))).err->reason, "unexpected record type 5");
}

TEST(WalReader, InvalidSizeAndNonZeroPadding) {
  Bytes big = {0x01, 0xff, 0xff, 0, 0, 0, 0};
  EXPECT_EQ(ReadSegment(big).err->reason, "invalid record size 65535");
  Bytes pad(32768, 0);
  pad[100] = 1;
  const ReadOutcome o = ReadSegment(pad);
  ASSERT_TRUE(o.err.has_value());
  EXPECT_EQ(o.err->reason, "unexpected non-zero byte in padded page");
  EXPECT_EQ(o.err->offset, 32768);
}

TEST(WalReader, FirstFragmentEndingThePageAtEofIsTorn) {
  // A first fragment fills its page; if the next page never reached the disk
  // the record is torn.
  const Bytes seg = Fragment(2, Bytes(32761, 9));
  const ReadOutcome o = ReadSegment(seg);
  ASSERT_TRUE(o.err.has_value());
  EXPECT_EQ(o.err->reason, "last record is torn");
  EXPECT_EQ(o.err->offset, 32768);
}

TEST(WalReader, ShortTailPageReadsAsZeroPadded) {
  const ReadOutcome o = ReadSegment(Concat({Fragment(1, AsBytes("a")), Bytes(3, 0)}));
  EXPECT_FALSE(o.err.has_value());
  EXPECT_EQ(o.records.size(), 1u);
}

class WalRepairTest : public ::testing::Test {
 protected:
  PosixFilesystem fs_;
  tsdb::testing::TempDir dir_;
};

TEST_F(WalRepairTest, KeepsRecordsBeforeCorruptionAndDropsLaterSegments) {
  {
    auto w = Wal::Open(&fs_, dir_.path(), {.segment_size_bytes = 3 * 32768});
    ASSERT_TRUE(w.ok());
    for (int i = 0; i < 30; i++) {
      Bytes rec(10000, static_cast<uint8_t>(i));
      ASSERT_TRUE((*w)->Log(rec).ok());
    }
    ASSERT_TRUE((*w)->Close().ok());
  }
  // 9 records per 3-page segment: segments 0..3. Corrupt the 5th record of segment 1.
  const std::string seg1 = SegmentName(dir_.path(), 1);
  auto bytes = ReadWholeFile(fs_, seg1);
  ASSERT_TRUE(bytes.ok());
  (*bytes)[4 * 10007 + 500] ^= 0x40;
  ASSERT_TRUE(WriteWholeFile(fs_, seg1, *bytes, false).ok());

  auto rr = SegmentRangeReader::Open(fs_, dir_.path(), 1, 1);
  ASSERT_TRUE(rr.ok());
  while ((*rr)->reader().Next()) {
  }
  ASSERT_TRUE((*rr)->reader().Err().has_value());
  const CorruptionError err = *(*rr)->reader().Err();
  EXPECT_EQ(err.segment, 1);

  auto w = Wal::Open(&fs_, dir_.path(), {.segment_size_bytes = 3 * 32768});
  ASSERT_TRUE(w.ok());
  RepairReport report;
  ASSERT_TRUE((*w)->Repair(err, &report).ok());
  EXPECT_EQ(report.records_kept, 4);
  EXPECT_EQ(report.deleted_segments, (std::vector<int>{2, 3, 4}));
  EXPECT_EQ((*w)->current_segment(), 2);
  ASSERT_TRUE((*w)->Close().ok());

  auto all = SegmentRangeReader::OpenDir(fs_, dir_.path());
  ASSERT_TRUE(all.ok());
  int n = 0;
  while ((*all)->reader().Next()) {
    EXPECT_EQ((*all)->reader().Record()[0], static_cast<uint8_t>(n));
    n++;
  }
  EXPECT_FALSE((*all)->reader().Err().has_value());
  EXPECT_EQ(n, 9 + 4);
}

}  // namespace
}  // namespace tsdb::wlog

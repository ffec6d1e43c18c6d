#include <gtest/gtest.h>

#include "engine/base/crc32c.h"
#include "engine/base/posix_filesystem.h"
#include "engine/wlog/reader.h"
#include "engine/wlog/segments.h"
#include "engine/wlog/wal.h"
#include "support/temp_dir.h"

namespace tsdb::wlog {
namespace {

using tsdb::testing::TempDir;

Bytes ReadAll(const std::string& path) {
  PosixFilesystem fs;
  auto b = ReadWholeFile(fs, path);
  TSDB_ASSERT(b.ok());
  return *b;
}

std::vector<Bytes> ReadRecords(const std::string& dir, std::optional<CorruptionError>* err) {
  PosixFilesystem fs;
  auto r = SegmentRangeReader::OpenDir(fs, dir);
  TSDB_ASSERT(r.ok());
  std::vector<Bytes> out;
  while ((*r)->reader().Next()) {
    const ByteView rec = (*r)->reader().Record();
    out.emplace_back(rec.begin(), rec.end());
  }
  *err = (*r)->reader().Err();
  return out;
}

class WalTest : public ::testing::Test {
 protected:
  std::unique_ptr<Wal> Open(WalOptions o = {}) {
    auto w = Wal::Open(&fs_, dir_.path(), o);
    TSDB_ASSERT(w.ok());
    return std::move(w).value();
  }
  PosixFilesystem fs_;
  TempDir dir_;
};

TEST_F(WalTest, OneRecordIsOneFullFragmentWrittenWithoutPadding) {
  auto w = Open();
  ASSERT_TRUE(w->Log(AsBytes("abc")).ok());
  const Bytes seg = ReadAll(SegmentName(dir_.path(), 0));
  Bytes want = {0x01, 0x00, 0x03, 0, 0, 0, 0, 'a', 'b', 'c'};
  PutBE32(want.data() + 3, Crc32c(AsBytes("abc")));
  EXPECT_EQ(seg, want);  // the partial page is written at the end of Log, unpadded
  ASSERT_TRUE(w->Close().ok());
  EXPECT_EQ(ReadAll(SegmentName(dir_.path(), 0)).size(), 32768u);  // padded at close
  EXPECT_EQ(w->metrics().fsyncs_total, 1u);
}

TEST_F(WalTest, LargeRecordSplitsIntoFirstAndLast) {
  auto w = Open();
  Bytes rec(40000);
  for (size_t i = 0; i < rec.size(); i++) rec[i] = static_cast<uint8_t>(i * 7);
  ASSERT_TRUE(w->Log(rec).ok());
  const Bytes seg = ReadAll(SegmentName(dir_.path(), 0));
  ASSERT_EQ(seg.size(), 32768u + 7 + (40000 - 32761));
  EXPECT_EQ(seg[0], 0x02);                    // first
  EXPECT_EQ(GetBE16(&seg[1]), 32761);
  EXPECT_EQ(seg[32768], 0x04);                // last, at the next page
  EXPECT_EQ(GetBE16(&seg[32769]), 40000 - 32761);
  std::optional<CorruptionError> err;
  auto recs = ReadRecords(dir_.path(), &err);
  EXPECT_FALSE(err.has_value());
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0], rec);
}

TEST_F(WalTest, PageWithFewerThanSevenBytesLeftIsPadded) {
  auto w = Open();
  // 32768 - 7 - 32756 = 5 bytes left: too few for another header.
  ASSERT_TRUE(w->Log(Bytes(32756, 0x11)).ok());
  EXPECT_EQ(ReadAll(SegmentName(dir_.path(), 0)).size(), 32768u);
  ASSERT_TRUE(w->Log(AsBytes("x")).ok());
  const Bytes seg = ReadAll(SegmentName(dir_.path(), 0));
  ASSERT_EQ(seg.size(), 32768u + 8);
  EXPECT_EQ(seg[32768], 0x01);
  EXPECT_EQ(w->metrics().completed_pages_total, 1u);
}

TEST_F(WalTest, RecordThatDoesNotFitTheSegmentStartsANewOne) {
  auto w = Open({.segment_size_bytes = 2 * 32768});
  ASSERT_TRUE(w->Log(Bytes(40000, 1)).ok());  // pages 0 and 1 of segment 0
  ASSERT_TRUE(w->Log(Bytes(30000, 2)).ok());  // does not fit the rest of page 1
  EXPECT_EQ(w->current_segment(), 1);
  EXPECT_EQ(ReadAll(SegmentName(dir_.path(), 0)).size(), 65536u);  // padded at rotation
  EXPECT_EQ(w->metrics().fsyncs_total, 1u);                         // the old one only
  // A record larger than a whole segment is still written, in one segment.
  ASSERT_TRUE(w->Log(Bytes(100000, 3)).ok());
  EXPECT_EQ(w->current_segment(), 2);
  ASSERT_TRUE(w->Close().ok());
  std::optional<CorruptionError> err;
  auto recs = ReadRecords(dir_.path(), &err);
  EXPECT_FALSE(err.has_value());
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[2], Bytes(100000, 3));
}

TEST_F(WalTest, EveryOpenStartsANewSegment) {
  ASSERT_TRUE(Open()->Close().ok());
  auto w = Open();
  EXPECT_EQ(w->current_segment(), 1);
  auto range = Segments(fs_, dir_.path());
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(range->first, 0);
  EXPECT_EQ(range->last, 1);
}

TEST_F(WalTest, SegmentsWithAGapAreRefused) {
  ASSERT_TRUE(WriteWholeFile(fs_, SegmentName(dir_.path(), 0), {}, false).ok());
  ASSERT_TRUE(WriteWholeFile(fs_, SegmentName(dir_.path(), 2), {}, false).ok());
  auto w = Wal::Open(&fs_, dir_.path(), {});
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().message(), "segments are not sequential");
}

TEST_F(WalTest, CompressionIsUsedOnlyWhenShorter) {
  auto w = Open({.compress = true});
  ASSERT_TRUE(w->Log(Bytes(1000, 'a')).ok());       // compresses well
  ASSERT_TRUE(w->Log(AsBytes("xyz")).ok());         // would grow
  const Bytes seg = ReadAll(SegmentName(dir_.path(), 0));
  EXPECT_EQ(seg[0], 0x09);                          // full | snappy
  const size_t second = 7 + GetBE16(&seg[1]);
  EXPECT_EQ(seg[second], 0x01);                     // full, raw
  std::optional<CorruptionError> err;
  auto recs = ReadRecords(dir_.path(), &err);
  EXPECT_FALSE(err.has_value());
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0], Bytes(1000, 'a'));
}

TEST_F(WalTest, ZeroLengthRecordsAreLegal) {
  auto w = Open();
  ASSERT_TRUE(w->Log(ByteView{}).ok());
  ASSERT_TRUE(w->Log(AsBytes("z")).ok());
  std::optional<CorruptionError> err;
  auto recs = ReadRecords(dir_.path(), &err);
  EXPECT_FALSE(err.has_value());
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_TRUE(recs[0].empty());
}

TEST_F(WalTest, TruncateDeletesOlderSegments) {
  auto w = Open();
  for (int i = 0; i < 3; i++) ASSERT_TRUE(w->NextSegment().ok());
  ASSERT_TRUE(w->Truncate(2).ok());
  auto range = Segments(fs_, dir_.path());
  EXPECT_EQ(range->first, 2);
  EXPECT_EQ(range->last, 3);
}

}  // namespace
}  // namespace tsdb::wlog

// Checkpoints keep what a restart needs and nothing else, chain with the
// previous checkpoint, and refuse a gap.
#include <gtest/gtest.h>

#include "engine/base/posix_filesystem.h"
#include "engine/record/record.h"
#include "engine/wlog/checkpoint.h"
#include "engine/wlog/reader.h"
#include "engine/wlog/segments.h"
#include "engine/wlog/wal.h"
#include "support/temp_dir.h"

namespace tsdb::wlog {
namespace {

class CheckpointTest : public ::testing::Test {
 protected:
  void LogSeries(Wal& w, uint64_t ref) {
    Bytes b;
    const std::string id = std::to_string(ref);
    std::vector<record::RefSeries> s = {{ref, Labels::FromStrings({"__name__", "m", "id", id})}};
    record::EncodeSeries(s, &b);
    ASSERT_TRUE(w.Log(b).ok());
  }
  void LogSamples(Wal& w, uint64_t ref, int64_t t0, int n) {
    std::vector<record::RefSample> s;
    for (int i = 0; i < n; i++) s.push_back({ref, t0 + i * 1000, static_cast<double>(i)});
    Bytes b;
    record::EncodeSamples(s, &b);
    ASSERT_TRUE(w.Log(b).ok());
  }
  // Series refs and sample timestamps of every record in dir.
  void ReadBack(const std::string& dir, std::vector<uint64_t>* series, std::vector<int64_t>* ts) {
    auto r = SegmentRangeReader::OpenDir(fs_, dir);
    ASSERT_TRUE(r.ok());
    while ((*r)->reader().Next()) {
      const ByteView rec = (*r)->reader().Record();
      if (record::GetType(rec) == record::Type::kSeries) {
        std::vector<record::RefSeries> s;
        ASSERT_TRUE(record::DecodeSeries(rec, &s).ok());
        for (const auto& x : s) series->push_back(x.ref);
      } else if (record::GetType(rec) == record::Type::kSamples) {
        std::vector<record::RefSample> s;
        ASSERT_TRUE(record::DecodeSamples(rec, &s).ok());
        for (const auto& x : s) ts->push_back(x.t);
      }
    }
    ASSERT_FALSE((*r)->reader().Err().has_value());
  }
  PosixFilesystem fs_;
  tsdb::testing::TempDir dir_;
};

TEST_F(CheckpointTest, KeepsLiveSeriesAndSamplesFromMint) {
  auto w = Wal::Open(&fs_, dir_.path(), {});
  ASSERT_TRUE(w.ok());
  LogSeries(**w, 1);
  LogSeries(**w, 2);
  LogSamples(**w, 1, 0, 10);   // t = 0..9000
  ASSERT_TRUE((*w)->NextSegment().ok());
  LogSamples(**w, 2, 5000, 10);  // t = 5000..14000
  ASSERT_TRUE((*w)->NextSegment().ok());

  auto st = Checkpoint(fs_, **w, 0, 1, [](uint64_t ref) { return ref == 2; }, 7000);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->total_series, 2);
  EXPECT_EQ(st->dropped_series, 1);
  EXPECT_EQ(st->total_samples, 20);
  EXPECT_EQ(st->dropped_samples, 7 + 2);  // 0..6000 of ref 1, 5000..6000 of ref 2

  std::vector<uint64_t> series;
  std::vector<int64_t> ts;
  ReadBack(JoinPath(dir_.path(), "checkpoint.00000001"), &series, &ts);
  EXPECT_EQ(series, (std::vector<uint64_t>{2}));
  EXPECT_EQ(ts.size(), 11u);
  EXPECT_FALSE(Exists(fs_, JoinPath(dir_.path(), "checkpoint.00000001.tmp")));
  ASSERT_TRUE((*w)->Close().ok());
}

TEST_F(CheckpointTest, ChainsWithThePreviousCheckpointAndRefusesAGap) {
  auto w = Wal::Open(&fs_, dir_.path(), {});
  ASSERT_TRUE(w.ok());
  for (uint64_t ref = 1; ref <= 4; ref++) {
    LogSeries(**w, ref);
    ASSERT_TRUE((*w)->NextSegment().ok());
  }
  auto keep_all = [](uint64_t) { return true; };
  ASSERT_TRUE(Checkpoint(fs_, **w, 0, 1, keep_all, 0).ok());
  ASSERT_TRUE((*w)->Truncate(2).ok());
  auto gap = Checkpoint(fs_, **w, 3, 3, keep_all, 0);
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.status().message(), "unexpected gap to last checkpoint. expected:2, requested:3");
  ASSERT_TRUE(Checkpoint(fs_, **w, 2, 3, keep_all, 0).ok());
  ASSERT_TRUE(DeleteCheckpoints(fs_, dir_.path(), 3).ok());
  auto last = LastCheckpoint(fs_, dir_.path());
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->index, 3);
  EXPECT_FALSE(Exists(fs_, JoinPath(dir_.path(), "checkpoint.00000001")));
  std::vector<uint64_t> series;
  std::vector<int64_t> ts;
  ReadBack(last->dir, &series, &ts);
  EXPECT_EQ(series, (std::vector<uint64_t>{1, 2, 3, 4}));
  ASSERT_TRUE((*w)->Close().ok());
}

TEST_F(CheckpointTest, CorruptSegmentAbortsWithoutLeavingATempDir) {
  auto w = Wal::Open(&fs_, dir_.path(), {});
  ASSERT_TRUE(w.ok());
  LogSeries(**w, 1);
  LogSamples(**w, 1, 0, 100);
  ASSERT_TRUE((*w)->NextSegment().ok());
  auto seg = ReadWholeFile(fs_, SegmentName(dir_.path(), 0));
  (*seg)[100] ^= 0xff;
  ASSERT_TRUE(WriteWholeFile(fs_, SegmentName(dir_.path(), 0), *seg, false).ok());
  auto st = Checkpoint(fs_, **w, 0, 0, [](uint64_t) { return true; }, 0);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(st.status().message().rfind("read segments: corruption in segment ", 0), 0u)
      << st.status().message();
  EXPECT_FALSE(Exists(fs_, JoinPath(dir_.path(), "checkpoint.00000000.tmp")));
  EXPECT_FALSE(Exists(fs_, JoinPath(dir_.path(), "checkpoint.00000000")));
  ASSERT_TRUE((*w)->Close().ok());
}

}  // namespace
}  // namespace tsdb::wlog

// The head appender: 2.42's append checks, WAL before head chunk, rollback,
// chunk cutting, and stale markers kept bit for bit.
#include <gtest/gtest.h>

#include <bit>

#include "engine/base/clock.h"
#include "engine/chunkenc/xor.h"
#include "engine/head/head.h"
#include "engine/head/head_append.h"
#include "engine/wlog/wal_stats.h"
#include "support/failing_filesystem.h"
#include "support/memory_chunk_mapper.h"
#include "support/temp_dir.h"

namespace tsdb::head {
namespace {

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kT0 = 1'800'000 * kHour;  // 2h aligned

class HeadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto w = wlog::Wal::Open(&fs_, dir_.path(), {});
    ASSERT_TRUE(w.ok());
    wal_ = std::move(w).value();
    head_ = std::make_unique<Head>(HeadOptions{}, wal_.get(), &cdm_, &clock_, nullptr);
  }
  Labels L(const std::string& name) { return Labels::FromStrings({"__name__", name, "job", "t"}); }
  Status AppendOne(const Labels& l, int64_t t, double v) {
    auto app = head_->Appender();
    auto r = app->Append(0, l, t, v);
    if (!r.ok()) {
      (void)app->Rollback();
      return r.status();
    }
    return app->Commit();
  }
  wlog::WalStats Wal() {
    auto st = wlog::InspectWal(fs_, dir_.path());
    TSDB_ASSERT(st.ok());
    return *st;
  }

  tsdb::testing::FailingFilesystem fs_;
  tsdb::testing::TempDir dir_;
  tsdb::testing::MemoryChunkMapper cdm_;
  ManualClock clock_;
  std::unique_ptr<wlog::Wal> wal_;
  std::unique_ptr<Head> head_;
};

TEST_F(HeadTest, CommitLogsSeriesThenSamplesAndAppendsToHead) {
  auto app = head_->Appender();
  auto r1 = app->Append(0, L("a"), kT0, 1);
  auto r2 = app->Append(0, L("b"), kT0, 2);
  ASSERT_TRUE(r1.ok() && r2.ok());
  EXPECT_EQ(*r1, 1u);  // refs come from a counter starting at 1
  EXPECT_EQ(*r2, 2u);
  EXPECT_EQ(head_->GetByRef(1)->head_chunk(), nullptr);  // nothing visible before Commit
  ASSERT_TRUE(app->Commit().ok());
  EXPECT_EQ(head_->GetByRef(1)->head_chunk()->chunk.NumSamples(), 1);
  const auto wal = Wal();
  EXPECT_EQ(wal.total.records_by_type[1], 1);  // one Series record
  EXPECT_EQ(wal.total.records_by_type[2], 1);  // one Samples record
  EXPECT_EQ(wal.total.series, 2);
  EXPECT_EQ(head_->metrics().samples_appended_total, 2u);
  EXPECT_EQ(head_->MinTime(), kT0);
  EXPECT_EQ(head_->MaxTime(), kT0);
}

TEST_F(HeadTest, CachedRefSkipsLabels) {
  ASSERT_TRUE(AppendOne(L("a"), kT0, 1).ok());
  auto app = head_->Appender();
  auto r = app->Append(1, Labels(), kT0 + 1000, 2);  // labels ignored on a hit
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 1u);
  ASSERT_TRUE(app->Commit().ok());
  EXPECT_EQ(head_->NumSeries(), 1u);
}

TEST_F(HeadTest, AppendChecksUse242Errors) {
  ASSERT_TRUE(AppendOne(L("a"), kT0 + 2 * kHour, 1).ok());
  EXPECT_EQ(AppendOne(L("a"), kT0 + 2 * kHour - 1000, 1).code(), StatusCode::kOutOfOrder);
  EXPECT_EQ(AppendOne(L("a"), kT0 + 2 * kHour, 2).code(), StatusCode::kDuplicate);
  EXPECT_TRUE(AppendOne(L("a"), kT0 + 2 * kHour, 1).ok());  // an exact duplicate is accepted...
  EXPECT_EQ(head_->GetByRef(1)->head_chunk()->chunk.NumSamples(), 1);  // ...and dropped
  // More than chunkRange/2 behind the head's max time: out of bounds, even for a new series.
  const Status oob = AppendOne(L("new"), kT0 + kHour - 1, 1);
  EXPECT_EQ(oob.code(), StatusCode::kOutOfBounds);
  EXPECT_EQ(oob.message(), "out of bounds");
  EXPECT_EQ(head_->metrics().out_of_bound_samples_total, 1u);
  EXPECT_EQ(head_->metrics().out_of_order_samples_total, 1u);
  EXPECT_EQ(AppendOne(Labels(), kT0 + 2 * kHour, 1).message(), "empty labelset: invalid sample");
}

TEST_F(HeadTest, FailedWalWriteLeavesTheHeadUntouched) {
  ASSERT_TRUE(AppendOne(L("a"), kT0, 1).ok());
  auto app = head_->Appender();
  ASSERT_TRUE(app->Append(1, L("a"), kT0 + 1000, 2).ok());
  fs_.fail_writes = true;
  const Status s = app->Commit();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "write to WAL: log samples: write: no space left on device");
  EXPECT_EQ(head_->GetByRef(1)->head_chunk()->chunk.NumSamples(), 1);
  EXPECT_EQ(head_->MaxTime(), kT0);
  EXPECT_FALSE(head_->GetByRef(1)->pending_commit);
  fs_.fail_writes = false;
  // The failed page stays in the writer and is written with the next record.
  ASSERT_TRUE(AppendOne(L("a"), kT0 + 2000, 3).ok());
}

TEST_F(HeadTest, RollbackStillLogsNewSeries) {
  auto app = head_->Appender();
  ASSERT_TRUE(app->Append(0, L("a"), kT0, 1).ok());
  ASSERT_TRUE(app->Rollback().ok());
  EXPECT_EQ(app->Commit().message(), kAppenderClosed);
  const auto wal = Wal();
  EXPECT_EQ(wal.total.series, 1);
  EXPECT_EQ(wal.total.samples, 0);
  EXPECT_EQ(head_->NumSeries(), 1u);
}

TEST_F(HeadTest, FifteenSecondScrapesGive120SampleChunksEndingEvery30Minutes) {
  const Labels l = L("a");
  for (int i = 0; i < 4 * 120 + 1; i++) ASSERT_TRUE(AppendOne(l, kT0 + i * 15000, i).ok());
  const MemSeries* s = head_->GetByRef(1);
  ASSERT_EQ(s->mmapped_chunks().size(), 4u);
  for (size_t i = 0; i < 4; i++) {
    EXPECT_EQ(s->mmapped_chunks()[i].num_samples, 120);
    EXPECT_EQ(s->mmapped_chunks()[i].mint, kT0 + static_cast<int64_t>(i) * 30 * 60 * 1000);
  }
  EXPECT_EQ(s->head_chunk()->mint, kT0 + 2 * kHour);  // never across a chunk range boundary
  EXPECT_EQ(cdm_.metrics().chunks_written_total, 4u);
}

TEST_F(HeadTest, ChunkIsCutAt240SamplesWhenTheRateRises) {
  const Labels l = L("a");
  // 30 samples 60 s apart predict 120-sample chunks, then the rate jumps to 1 ms.
  int64_t t = kT0;
  for (int i = 0; i < 30; i++, t += 60000) ASSERT_TRUE(AppendOne(l, t, i).ok());
  for (int i = 0; i < 300; i++, t += 1) ASSERT_TRUE(AppendOne(l, t, i).ok());
  const MemSeries* s = head_->GetByRef(1);
  ASSERT_GE(s->mmapped_chunks().size(), 1u);
  EXPECT_EQ(s->mmapped_chunks()[0].num_samples, 240);
}

TEST_F(HeadTest, StaleMarkerKeepsItsBits) {
  const double stale = std::bit_cast<double>(uint64_t{0x7FF0000000000002});
  ASSERT_TRUE(AppendOne(L("a"), kT0, 1).ok());
  ASSERT_TRUE(AppendOne(L("a"), kT0 + 1000, stale).ok());
  chunkenc::XorIterator it(head_->GetByRef(1)->head_chunk()->chunk.bytes());
  ASSERT_TRUE(it.Next());
  ASSERT_TRUE(it.Next());
  EXPECT_EQ(it.v_bits(), 0x7FF0000000000002u);
}

TEST_F(HeadTest, CompactableOnceTheHeadSpansOneAndAHalfRanges) {
  ASSERT_TRUE(AppendOne(L("a"), kT0, 1).ok());
  for (int64_t t = kT0; t <= kT0 + 3 * kHour; t += 15 * 60 * 1000) {
    ASSERT_TRUE(AppendOne(L("a"), t, 1).ok() || t == kT0);
  }
  EXPECT_FALSE(head_->Compactable());  // exactly 3h: not more than 1.5 x 2h
  ASSERT_TRUE(AppendOne(L("a"), kT0 + 3 * kHour + 1, 1).ok());
  EXPECT_TRUE(head_->Compactable());
}

}  // namespace
}  // namespace tsdb::head

// The leveled compaction planner on hand-made block layouts: the cases
// 2.42's planner is known to handle (waiting for a full window, gaps, the
// fresh block left out, overlaps first, failed groups, tombstones).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/compact/planner.h"

namespace tsdb::compact {
namespace {

constexpr int64_t kH = 3600 * 1000;

block::Ulid Id(int n) {
  // Distinct ULIDs whose order follows n.
  auto u = block::Ulid::Parse("01H000000000000000000000" + std::string(n < 10 ? "0" : "") + std::to_string(n));
  EXPECT_TRUE(u.ok());
  return *u;
}

block::BlockMeta B(int n, int64_t min_h, int64_t max_h) {
  block::BlockMeta m;
  m.ulid = Id(n);
  m.min_time = min_h * kH;
  m.max_time = max_h * kH;
  m.compaction.level = 1;
  m.compaction.sources = {m.ulid};
  return m;
}

std::vector<int> Ids(const std::vector<block::BlockMeta>& metas) {
  std::vector<int> out;
  for (const auto& m : metas) {
    for (int n = 0; n < 100; n++) {
      if (m.ulid == Id(n)) out.push_back(n);
    }
  }
  return out;
}

const std::vector<int64_t> kRanges = {2 * kH, 6 * kH, 18 * kH, 54 * kH};

std::vector<int> PlanIds(std::vector<block::BlockMeta> metas) { return Ids(Plan(std::move(metas), kRanges)); }

TEST(CompactPlanner, RangesAreCutAtTheMaxBlockDuration) {
  EXPECT_EQ(ExponentialBlockRanges(2 * kH, 4, 3), (std::vector<int64_t>{2 * kH, 6 * kH, 18 * kH, 54 * kH}));
  // 15 d retention: a 36 h maximum keeps 2h, 6h, 18h.
  EXPECT_EQ(DefaultMaxBlockDurationMs(15 * 24 * kH), 36 * kH);
  EXPECT_EQ(BlockRanges(2 * kH, 36 * kH), (std::vector<int64_t>{2 * kH, 6 * kH, 18 * kH}));
  // No retention: at most 31 days (2h·3^5 = 486h fits, 1458h does not).
  EXPECT_EQ(DefaultMaxBlockDurationMs(0), 31 * 24 * kH);
  EXPECT_EQ(BlockRanges(2 * kH, DefaultMaxBlockDurationMs(0)).back(), 486 * kH);
  // A maximum below the minimum is raised to it: one range, no merging.
  EXPECT_EQ(BlockRanges(2 * kH, kH), (std::vector<int64_t>{2 * kH}));
  EXPECT_TRUE(Plan({B(1, 0, 2), B(2, 2, 4), B(3, 4, 6), B(4, 6, 8)}, {2 * kH}).empty());
}

TEST(CompactPlanner, OneBlockOrAnIncompleteWindowWaits) {
  EXPECT_TRUE(PlanIds({B(1, 0, 2)}).empty());
  EXPECT_TRUE(PlanIds({B(1, 0, 2), B(2, 2, 4)}).empty());
  // Three blocks fill [0h,6h) but the newest is left out, so two remain and
  // they neither span 6h nor end before the newest remaining one starts.
  EXPECT_TRUE(PlanIds({B(1, 0, 2), B(2, 2, 4), B(3, 4, 6)}).empty());
}

TEST(CompactPlanner, AFullWindowIsCompactedOnceTheNextBlockArrives) {
  EXPECT_EQ(PlanIds({B(1, 0, 2), B(2, 2, 4), B(3, 4, 6), B(4, 6, 8)}), (std::vector<int>{1, 2, 3}));
}

TEST(CompactPlanner, AGroupWithAGapIsCompactedWhenNothingCanStillFillIt) {
  // [0,6) has 1 and 2; 3 sits in the next window and is the newest left.
  EXPECT_TRUE(PlanIds({B(1, 0, 2), B(2, 2, 4), B(3, 6, 8)}).empty());
  EXPECT_EQ(PlanIds({B(1, 0, 2), B(2, 2, 4), B(3, 6, 8), B(4, 8, 10)}), (std::vector<int>{1, 2}));
}

TEST(CompactPlanner, SmallerRangesComeFirst) {
  // Three 2h blocks and two 6h ones: the 6h window [0,6) wins over [0,18).
  EXPECT_EQ(PlanIds({B(1, 0, 2), B(2, 2, 4), B(3, 4, 6), B(4, 6, 12), B(5, 12, 18)}), (std::vector<int>{1, 2, 3}));
  // Then the 18h window [0,18) once its three 6h blocks are there and a
  // newer block exists.
  EXPECT_EQ(PlanIds({B(1, 0, 6), B(2, 6, 12), B(3, 12, 18), B(4, 18, 20)}), (std::vector<int>{1, 2, 3}));
}

TEST(CompactPlanner, TheFreshBlockIsTheNewestByTimeNotByUlid) {
  // 2 has the newest time but not the largest ULID; 4 and 3 fill [6,18)
  // partly: 3 = [6,12), 4 = [12,18)... only the 18h window [0,18) holds
  // 1,3,4 (1 is 6h wide at [0,6)).
  EXPECT_EQ(PlanIds({B(1, 0, 6), B(2, 18, 20), B(3, 6, 12), B(4, 12, 18)}), (std::vector<int>{1, 3, 4}));
}

TEST(CompactPlanner, OverlappingBlocksComeBeforeEverythingElse) {
  EXPECT_EQ(PlanIds({B(1, 0, 2), B(2, 1, 4), B(3, 4, 6)}), (std::vector<int>{1, 2}));
  EXPECT_EQ(PlanIds({B(1, 0, 2), B(2, 2, 4), B(3, 3, 6)}), (std::vector<int>{2, 3}));
  // A chain of overlaps is one group.
  EXPECT_EQ(PlanIds({B(1, 0, 2), B(2, 1, 5), B(3, 4, 6)}), (std::vector<int>{1, 2, 3}));
  // Only the first run: 4 and 5 overlap too but wait their turn.
  EXPECT_EQ(PlanIds({B(1, 0, 2), B(2, 1, 3), B(3, 4, 6), B(4, 8, 10), B(5, 9, 12)}), (std::vector<int>{1, 2}));
  // A block inside another one overlaps it, and the one after both.
  EXPECT_EQ(PlanIds({B(1, 0, 6), B(2, 1, 2), B(3, 5, 8)}), (std::vector<int>{1, 2, 3}));
  // Even a single overlapping pair where the newer is the fresh block.
  EXPECT_EQ(PlanIds({B(1, 0, 2), B(2, 1, 3)}), (std::vector<int>{1, 2}));
}

TEST(CompactPlanner, AGroupWithAFailedBlockIsSkipped) {
  std::vector<block::BlockMeta> metas = {B(1, 0, 2), B(2, 2, 4), B(3, 4, 6), B(4, 6, 8), B(5, 8, 10),
                                         B(6, 10, 12), B(7, 12, 14)};
  EXPECT_EQ(PlanIds(metas), (std::vector<int>{1, 2, 3}));
  metas[1].compaction.failed = true;
  EXPECT_EQ(PlanIds(metas), (std::vector<int>{4, 5, 6}));
}

TEST(CompactPlanner, BigBlocksWithManyTombstonesAreRewrittenAlone) {
  auto tomb = [](block::BlockMeta m, uint64_t series, uint64_t tombstones) {
    m.stats.num_series = series;
    m.stats.num_tombstones = tombstones;
    return m;
  };
  // Alone it is the fresh block and left out.
  EXPECT_TRUE(PlanIds({tomb(B(1, 0, 18), 10, 3)}).empty());
  // 3/(10+1) > 5%, and 18h is at least ranges[len/2] = 18h.
  EXPECT_EQ(PlanIds({tomb(B(1, 0, 18), 10, 3), B(2, 18, 20)}), (std::vector<int>{1}));
  // 0/(0+1): nothing deleted, nothing to do (no endless rewrite).
  EXPECT_TRUE(PlanIds({tomb(B(1, 0, 18), 0, 0), B(2, 18, 20)}).empty());
  // 5% exactly is not more than 5%.
  EXPECT_TRUE(PlanIds({tomb(B(1, 0, 18), 19, 1), B(2, 18, 20)}).empty());
  // A small block with some tombstones stays...
  EXPECT_TRUE(PlanIds({tomb(B(1, 0, 6), 10, 3), B(2, 6, 8)}).empty());
  // ...unless every series in it is deleted.
  EXPECT_EQ(PlanIds({tomb(B(1, 0, 6), 10, 10), B(2, 6, 8)}), (std::vector<int>{1}));
  // The walk goes newest to oldest and stops at the first small block.
  EXPECT_TRUE(PlanIds({tomb(B(1, 0, 18), 10, 3), tomb(B(2, 18, 24), 10, 1), B(3, 24, 26)}).empty());
}

TEST(CompactPlanner, WindowsAreAlignedToTheRangeAndWideBlocksBelongToNone) {
  // SplitByRange with 6h: [0,6) gets 1,2; 3 = [5,8) crosses 6h and is left out.
  const std::vector<block::BlockMeta> sorted = SortedByMinTime({B(1, 0, 2), B(2, 2, 4), B(3, 6, 8), B(4, 12, 20)});
  const auto groups = SplitByRange(sorted, 6 * kH);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(Ids(groups[0]), (std::vector<int>{1, 2}));
  EXPECT_EQ(Ids(groups[1]), (std::vector<int>{3}));  // 4 is 8h wide: no 6h window holds it
  // Negative times round down, not toward zero.
  const auto neg = SplitByRange(SortedByMinTime({B(1, -4, -2), B(2, -2, 0), B(3, 0, 2)}), 6 * kH);
  ASSERT_EQ(neg.size(), 2u);
  EXPECT_EQ(Ids(neg[0]), (std::vector<int>{1, 2}));
}

TEST(CompactPlanner, UnalignedFirstBlockStillGroups) {
  // The first head block starts mid-window (minTime unaligned).
  block::BlockMeta first = B(1, 0, 2);
  first.min_time = 1 * kH + 1234;
  // It never spans exactly 6h, so the group waits until it lies wholly
  // before the newest block left after the fresh one is set aside.
  EXPECT_TRUE(PlanIds({first, B(2, 2, 4), B(3, 4, 6), B(4, 6, 8)}).empty());
  EXPECT_EQ(PlanIds({first, B(2, 2, 4), B(3, 4, 6), B(4, 6, 8), B(5, 8, 10)}), (std::vector<int>{1, 2, 3}));
}

}  // namespace
}  // namespace tsdb::compact

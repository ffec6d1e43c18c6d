// The leveled compaction planner, driven to a fixed point on random block
// layouts (2h head blocks with gaps, some overlapping, some wider), merging
// metas as the compactor would. Whatever the layout:
//   - planning ends (each compaction removes at least one block);
//   - no overlap survives, and no head block's source is lost or doubled;
//   - every merged block that came from non-overlapping parents lies in one
//     aligned window of a configured range, and levels stay within the
//     number of ranges when nothing overlapped;
//   - the plan does not depend on the order the blocks are listed in.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <set>

#include "engine/compact/block_compactor.h"
#include "engine/compact/planner.h"

namespace tsdb::compact {
namespace {

constexpr int64_t kH = 3600 * 1000;
const std::vector<int64_t> kRanges = {2 * kH, 6 * kH, 18 * kH};

block::Ulid UlidOf(uint64_t n) {
  // 26 Crockford digits; distinct n give distinct, ordered ULIDs.
  static const char kDigits[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::string s(26, '0');
  for (int i = 25; i >= 10 && n > 0; i--, n /= 32) s[static_cast<size_t>(i)] = kDigits[n % 32];
  auto u = block::Ulid::Parse(s);
  RC_ASSERT(u.ok());
  return *u;
}

struct Layout {
  std::vector<block::BlockMeta> blocks;
};

// Consecutive 2h windows from a random start, each present or a gap; a few
// shifted by an hour so they overlap their neighbour.
Layout MakeLayout(const std::vector<uint8_t>& kinds, int start_window) {
  Layout l;
  uint64_t id = 1;
  for (size_t i = 0; i < kinds.size(); i++) {
    const int64_t t0 = (start_window + static_cast<int64_t>(i)) * 2 * kH;
    if (kinds[i] % 5 == 0) continue;  // a gap: Prometheus was down
    block::BlockMeta m;
    m.ulid = UlidOf(id++);
    m.min_time = kinds[i] % 7 == 1 ? t0 - kH : t0;  // now and then overlapping the one before
    m.max_time = t0 + 2 * kH;
    m.compaction.level = 1;
    m.compaction.sources = {m.ulid};
    l.blocks.push_back(m);
  }
  return l;
}

bool AnyOverlap(std::vector<block::BlockMeta> blocks) {
  blocks = SortedByMinTime(std::move(blocks));
  for (size_t i = 1; i < blocks.size(); i++) {
    if (blocks[i].min_time < blocks[i - 1].max_time) return true;
  }
  return false;
}

std::multiset<block::Ulid> Sources(const std::vector<block::BlockMeta>& blocks) {
  std::multiset<block::Ulid> out;
  for (const auto& b : blocks) out.insert(b.compaction.sources.begin(), b.compaction.sources.end());
  return out;
}

bool InOneAlignedWindow(const block::BlockMeta& m) {
  return std::any_of(kRanges.begin(), kRanges.end(), [&](int64_t r) {
    const int64_t t0 = r * (m.min_time >= 0 ? m.min_time / r : (m.min_time - r + 1) / r);
    return m.max_time <= t0 + r;
  });
}

RC_GTEST_PROP(CompactPlannerProperty, ReachesAFixedPointWithoutOverlapsOrLostSources, ()) {
  const auto kinds = *rc::gen::container<std::vector<uint8_t>>(*rc::gen::inRange<size_t>(1, 40),
                                                               rc::gen::arbitrary<uint8_t>());
  const int start = *rc::gen::inRange(-20, 20);
  std::vector<block::BlockMeta> blocks = MakeLayout(kinds, start).blocks;
  const std::multiset<block::Ulid> sources = Sources(blocks);
  const bool overlapped_at_start = AnyOverlap(blocks);
  uint64_t next_id = 1000;
  int rounds = 0;
  for (;;) {
    // The order the directory lists blocks in does not matter.
    std::vector<block::BlockMeta> shuffled = blocks;
    if (!shuffled.empty()) {
      const size_t k = *rc::gen::inRange<size_t>(0, shuffled.size());
      std::rotate(shuffled.begin(), shuffled.begin() + static_cast<std::ptrdiff_t>(k), shuffled.end());
    }
    if (*rc::gen::arbitrary<bool>()) std::reverse(shuffled.begin(), shuffled.end());
    const std::vector<block::BlockMeta> plan = Plan(blocks, kRanges);
    RC_ASSERT(Plan(shuffled, kRanges) == plan);
    if (plan.empty()) break;
    RC_ASSERT(plan.size() >= 2 || plan[0].stats.num_tombstones > 0);
    const bool vertical = AnyOverlap(plan);
    const block::BlockMeta merged = CompactBlockMetas(UlidOf(next_id++), plan);
    if (!vertical) RC_ASSERT(InOneAlignedWindow(merged));
    std::erase_if(blocks, [&](const block::BlockMeta& b) {
      return std::any_of(plan.begin(), plan.end(), [&](const block::BlockMeta& p) { return p.ulid == b.ulid; });
    });
    blocks.push_back(merged);
    RC_ASSERT(++rounds <= 100);
  }
  RC_ASSERT(!AnyOverlap(blocks));
  RC_ASSERT(Sources(blocks) == sources);
  // One level per range: 2h blocks (1) into 6h (2) into 18h (3). Vertical
  // compactions of overlapping blocks add levels of their own.
  if (!overlapped_at_start) {
    for (const auto& b : blocks) RC_ASSERT(b.compaction.level <= static_cast<int64_t>(kRanges.size()));
  }
  RC_CLASSIFY(overlapped_at_start, "overlapping blocks");
  RC_CLASSIFY(rounds > 3, "more than three compactions");
}

}  // namespace
}  // namespace tsdb::compact

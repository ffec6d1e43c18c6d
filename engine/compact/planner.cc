#include "engine/compact/planner.h"

#include <algorithm>

#include "engine/base/assert.h"

namespace tsdb::compact {

namespace {

using block::BlockMeta;

constexpr int64_t kDayMs = 24 * 3600 * 1000LL;

// Go's integer division truncates; window starts must round down.
int64_t AlignedStart(int64_t t, int64_t range_ms) {
  return t >= 0 ? range_ms * (t / range_ms) : range_ms * ((t - range_ms + 1) / range_ms);
}

std::vector<BlockMeta> SelectAlignedGroup(const std::vector<BlockMeta>& sorted,
                                          const std::vector<int64_t>& ranges) {
  if (ranges.size() < 2 || sorted.empty()) return {};
  // Not compacting into a window the newest remaining block could still
  // grow: wait until the group is complete or lies wholly before it.
  const int64_t high_ms = sorted.back().min_time;
  for (size_t r = 1; r < ranges.size(); r++) {
    for (const auto& group : SplitByRange(sorted, ranges[r])) {
      const bool failed = std::any_of(group.begin(), group.end(),
                                      [](const BlockMeta& m) { return m.compaction.failed; });
      if (failed || group.size() < 2) continue;
      const int64_t mint = group.front().min_time;
      const int64_t maxt = group.back().max_time;
      if (maxt - mint == ranges[r] || maxt <= high_ms) return group;
    }
  }
  return {};
}

std::vector<BlockMeta> SelectTombstoned(const std::vector<BlockMeta>& sorted,
                                        const std::vector<int64_t>& ranges) {
  const int64_t big_ms = ranges[ranges.size() / 2];
  for (size_t i = sorted.size(); i-- > 0;) {
    const BlockMeta& m = sorted[i];
    const block::BlockStats& s = m.stats;
    if (m.max_time - m.min_time < big_ms) {
      // A small block is worth rewriting only when everything in it is gone.
      if (s.num_tombstones > 0 && s.num_tombstones >= s.num_series) return {m};
      break;
    }
    if (static_cast<double>(s.num_tombstones) / static_cast<double>(s.num_series + 1) > 0.05) return {m};
  }
  return {};
}

}  // namespace

std::vector<int64_t> ExponentialBlockRanges(int64_t min_ms, int steps, int factor) {
  TSDB_ASSERT(min_ms > 0 && steps > 0 && factor > 0);
  std::vector<int64_t> ranges;
  int64_t r = min_ms;
  for (int i = 0; i < steps; i++) {
    ranges.push_back(r);
    r *= factor;
  }
  return ranges;
}

std::vector<int64_t> BlockRanges(int64_t min_block_ms, int64_t max_block_ms) {
  // 2.42 raises the maximum to the minimum rather than refusing.
  max_block_ms = std::max(max_block_ms, min_block_ms);
  std::vector<int64_t> ranges = ExponentialBlockRanges(min_block_ms, 10, 3);
  const auto end = std::find_if(ranges.begin(), ranges.end(), [&](int64_t r) { return r > max_block_ms; });
  ranges.erase(end, ranges.end());
  return ranges;
}

int64_t DefaultMaxBlockDurationMs(int64_t retention_ms) {
  const int64_t cap_ms = 31 * kDayMs;
  if (retention_ms != 0 && retention_ms / 10 < cap_ms) return retention_ms / 10;
  return cap_ms;
}

std::vector<BlockMeta> SortedByMinTime(std::vector<BlockMeta> metas) {
  std::sort(metas.begin(), metas.end(), [](const BlockMeta& a, const BlockMeta& b) {
    return a.min_time != b.min_time ? a.min_time < b.min_time : a.ulid < b.ulid;
  });
  return metas;
}

std::vector<BlockMeta> SelectOverlapping(const std::vector<BlockMeta>& sorted) {
  std::vector<BlockMeta> out;
  if (sorted.size() < 2) return out;
  int64_t max_ms = sorted[0].max_time;
  for (size_t i = 1; i < sorted.size(); i++) {
    if (sorted[i].min_time < max_ms) {
      if (out.empty()) out.push_back(sorted[i - 1]);
      out.push_back(sorted[i]);
    } else if (!out.empty()) {
      break;  // only the first run of overlaps
    }
    max_ms = std::max(max_ms, sorted[i].max_time);
  }
  return out;
}

std::vector<std::vector<BlockMeta>> SplitByRange(const std::vector<BlockMeta>& sorted, int64_t range_ms) {
  TSDB_ASSERT(range_ms > 0);
  std::vector<std::vector<BlockMeta>> groups;
  for (size_t i = 0; i < sorted.size();) {
    const int64_t t0 = AlignedStart(sorted[i].min_time, range_ms);
    if (sorted[i].max_time > t0 + range_ms) {
      i++;  // wider than its window: belongs to no group of this range
      continue;
    }
    std::vector<BlockMeta> group;
    for (; i < sorted.size() && sorted[i].max_time <= t0 + range_ms; i++) group.push_back(sorted[i]);
    groups.push_back(std::move(group));
  }
  return groups;
}

std::vector<BlockMeta> Plan(std::vector<BlockMeta> metas, const std::vector<int64_t>& ranges) {
  TSDB_ASSERT(!ranges.empty());
  if (metas.empty()) return {};
  std::vector<BlockMeta> sorted = SortedByMinTime(std::move(metas));
  if (auto overlapping = SelectOverlapping(sorted); !overlapping.empty()) return overlapping;
  // The newest block stays out: it may have just come from the head, and a
  // full block's time is left for backing it up before it is merged.
  sorted.pop_back();
  if (auto group = SelectAlignedGroup(sorted, ranges); !group.empty()) return group;
  return SelectTombstoned(sorted, ranges);
}

}  // namespace tsdb::compact

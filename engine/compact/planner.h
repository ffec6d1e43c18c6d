// Which blocks to compact next: 2.42's LeveledCompactor.Plan as a pure
// function of the blocks' meta.json (PROMETHEUS.md §9.5). Nothing here
// touches the disk, so every rule is testable on made-up layouts.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/block/meta.h"

namespace tsdb::compact {

// min, min*f, min*f^2, ... (`steps` values): 2.42 uses (2h, 10, 3).
std::vector<int64_t> ExponentialBlockRanges(int64_t min_ms, int steps, int factor);

// The compactor's ranges: ExponentialBlockRanges(min_block_ms, 10, 3) cut
// before the first range longer than max_block_ms (never below min).
std::vector<int64_t> BlockRanges(int64_t min_block_ms, int64_t max_block_ms);

// 2.42's default --storage.tsdb.max-block-duration: 31 d, or a tenth of
// time retention when that is shorter (retention 0 = unlimited).
int64_t DefaultMaxBlockDurationMs(int64_t retention_ms);

// Blocks sorted as the planner sees them: by minTime (ties by ULID, where
// Go's unstable sort leaves the order open).
std::vector<block::BlockMeta> SortedByMinTime(std::vector<block::BlockMeta> metas);

// The first run of blocks that overlap each other (input sorted by
// minTime), or nothing.
std::vector<block::BlockMeta> SelectOverlapping(const std::vector<block::BlockMeta>& sorted);

// Groups of consecutive blocks inside aligned windows [t0, t0+range);
// blocks wider than their window are left out.
std::vector<std::vector<block::BlockMeta>> SplitByRange(const std::vector<block::BlockMeta>& sorted,
                                                        int64_t range_ms);

// The blocks to compact next, in minTime order; empty when there is nothing
// to do. Rules in 2.42's order: overlapping blocks; else (ignoring the
// newest block) the first aligned group of a larger range that spans it or
// ends before the newest remaining block starts, without a block whose
// compaction failed; else one big block with >5% tombstones, or a small
// fully deleted one.
std::vector<block::BlockMeta> Plan(std::vector<block::BlockMeta> metas, const std::vector<int64_t>& ranges);

}  // namespace tsdb::compact

// Compacts persisted blocks into one (2.42's LeveledCompactor.Compact):
// every series of every input, merged by labels, written as a new block
// whose meta.json says level = max(parents) + 1, the union of the sources
// and the parents. Everything goes through the Filesystem, so a crash or a
// full disk in the middle is an experiment like any other write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/filesystem.h"
#include "engine/base/status.h"
#include "engine/block/meta.h"
#include "engine/block/ulid.h"

namespace tsdb::compact {

// 2.42's CompactBlockMetas: the new block's meta before its stats are known.
block::BlockMeta CompactBlockMetas(const block::Ulid& ulid, const std::vector<block::BlockMeta>& parents);

struct CompactResult {
  // The new block; nullopt when the inputs held no sample (then each input
  // is marked deletable in its meta.json, as 2.42 does).
  std::optional<block::BlockMeta> block;
};

// `parents` in minTime order, each a block directory under data_dir. On
// failure the inputs are marked `compaction.failed` (so the planner skips
// their group) and the error says what failed.
Result<CompactResult> CompactBlocks(Filesystem& fs, const std::string& data_dir,
                                    const std::vector<block::BlockMeta>& parents, const block::Ulid& ulid,
                                    uint64_t chunk_segment_size_bytes);

}  // namespace tsdb::compact

// Which blocks retention deletes (2.42's BeyondTimeRetention and
// BeyondSizeRetention, PROMETHEUS.md §9.5): pure functions of the blocks'
// time ranges and sizes, so the rules are testable without a disk.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "engine/base/filesystem.h"
#include "engine/base/status.h"
#include "engine/block/meta.h"

namespace tsdb::compact {

inline constexpr int64_t kDefaultRetentionMs = 15LL * 24 * 3600 * 1000;  // --storage.tsdb.retention.time

struct RetentionOptions {
  int64_t retention_ms = kDefaultRetentionMs;  // 0 = no time retention
  int64_t max_bytes = 0;                       // 0 = no size retention
};

struct SizedBlock {
  block::BlockMeta meta;
  int64_t size_bytes = 0;  // chunks + index + tombstones + meta.json
};

struct RetentionVerdict {
  std::set<block::Ulid> by_time;
  std::set<block::Ulid> by_size;
};

// Newest first (by maxTime): every block from the first whose maxTime is
// more than retention_ms behind the newest block's maxTime is beyond time
// retention; with head_bytes (WAL + chunks_head/) counted first, every
// block from the first that takes the total over max_bytes is beyond size
// retention. The newest block never goes for time.
RetentionVerdict BeyondRetention(std::vector<SizedBlock> blocks, int64_t head_bytes, const RetentionOptions& opts);

// Bytes of every regular file under dir, recursively (Go's fileutil.DirSize);
// 0 when dir does not exist.
Result<int64_t> DirSizeBytes(Filesystem& fs, const std::string& dir);

// A block's size as 2.42's Block.Size counts it: its chunks/ files, index,
// tombstones and meta.json.
Result<int64_t> BlockSizeBytes(Filesystem& fs, const std::string& block_dir);

}  // namespace tsdb::compact

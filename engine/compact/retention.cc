#include "engine/compact/retention.h"

#include <algorithm>

#include "engine/block/block_format.h"

namespace tsdb::compact {

namespace {

// 0 for a missing file: a block without tombstones is still a block.
Result<int64_t> FileSize(Filesystem& fs, const std::string& path) {
  auto info = fs.Stat(path);
  if (!info.ok()) {
    if (info.status().code() == StatusCode::kNotFound) return int64_t{0};
    return info.status();
  }
  return static_cast<int64_t>(info->size_bytes);
}

}  // namespace

RetentionVerdict BeyondRetention(std::vector<SizedBlock> blocks, int64_t head_bytes, const RetentionOptions& opts) {
  RetentionVerdict v;
  if (blocks.empty()) return v;
  std::sort(blocks.begin(), blocks.end(), [](const SizedBlock& a, const SizedBlock& b) {
    return a.meta.max_time != b.meta.max_time ? a.meta.max_time > b.meta.max_time : a.meta.ulid > b.meta.ulid;
  });
  if (opts.retention_ms > 0) {
    const int64_t newest_ms = blocks[0].meta.max_time;
    for (size_t i = 1; i < blocks.size(); i++) {
      if (newest_ms - blocks[i].meta.max_time <= opts.retention_ms) continue;
      for (size_t j = i; j < blocks.size(); j++) v.by_time.insert(blocks[j].meta.ulid);
      break;
    }
  }
  if (opts.max_bytes > 0) {
    int64_t total = head_bytes;
    for (size_t i = 0; i < blocks.size(); i++) {
      total += blocks[i].size_bytes;
      if (total <= opts.max_bytes) continue;
      for (size_t j = i; j < blocks.size(); j++) v.by_size.insert(blocks[j].meta.ulid);
      break;
    }
  }
  return v;
}

Result<int64_t> DirSizeBytes(Filesystem& fs, const std::string& dir) {
  auto entries = fs.List(dir);
  if (!entries.ok()) {
    if (entries.status().code() == StatusCode::kNotFound) return int64_t{0};
    return entries.status();
  }
  int64_t total = 0;
  for (const auto& e : *entries) {
    const std::string path = JoinPath(dir, e.name);
    TSDB_ASSIGN_OR_RETURN(const int64_t n, e.is_dir ? DirSizeBytes(fs, path) : FileSize(fs, path));
    total += n;
  }
  return total;
}

Result<int64_t> BlockSizeBytes(Filesystem& fs, const std::string& block_dir) {
  TSDB_ASSIGN_OR_RETURN(int64_t total, DirSizeBytes(fs, JoinPath(block_dir, std::string(block::kChunksDirname))));
  for (std::string_view f : {block::kIndexFilename, block::kTombstonesFilename, block::kMetaFilename}) {
    TSDB_ASSIGN_OR_RETURN(const int64_t n, FileSize(fs, JoinPath(block_dir, std::string(f))));
    total += n;
  }
  return total;
}

}  // namespace tsdb::compact

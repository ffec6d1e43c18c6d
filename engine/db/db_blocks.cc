// The persisted blocks of an open DB: reloading them with retention and
// the deletion of replaced blocks (2.42's reloadBlocks, deletableBlocks,
// deleteBlocks), and leveled compaction (compactBlocks). PROMETHEUS.md §9.5.
#include <algorithm>
#include <map>

#include "engine/block/block_format.h"
#include "engine/compact/block_compactor.h"
#include "engine/compact/planner.h"
#include "engine/db/db.h"

namespace tsdb::db {

namespace {

std::string UlidList(const std::vector<block::BlockMeta>& metas) {
  std::string out;
  for (const auto& m : metas) out += (out.empty() ? "" : ",") + m.ulid.ToString();
  return out;
}

}  // namespace

Status DB::ReloadBlocks() {
  metrics_.reloads_total++;
  TSDB_ASSIGN_OR_RETURN(const auto entries, fs_->List(dir_));
  std::vector<compact::SizedBlock> loadable;
  for (const auto& e : entries) {
    if (!e.is_dir || !block::Ulid::IsValid(e.name)) continue;
    const std::string bdir = JoinPath(dir_, e.name);
    auto meta = block::ReadMetaFile(*fs_, bdir);
    if (!meta.ok()) return meta.status().Wrap("open block " + e.name);
    auto size = compact::BlockSizeBytes(*fs_, bdir);
    if (!size.ok()) return size.status().Wrap("open block " + e.name);
    loadable.push_back({std::move(meta).value(), *size});
  }
  int64_t head_bytes = 0;
  if (options_.retention.max_bytes > 0) {
    // Size retention counts what the head holds on disk too.
    TSDB_ASSIGN_OR_RETURN(const int64_t wal_bytes, compact::DirSizeBytes(*fs_, JoinPath(dir_, "wal")));
    TSDB_ASSIGN_OR_RETURN(const int64_t cdm_bytes, compact::DirSizeBytes(*fs_, JoinPath(dir_, "chunks_head")));
    head_bytes = wal_bytes + cdm_bytes;
  }
  const compact::RetentionVerdict verdict = compact::BeyondRetention(loadable, head_bytes, options_.retention);
  if (!verdict.by_time.empty()) metrics_.time_retentions_total++;
  if (!verdict.by_size.empty()) metrics_.size_retentions_total++;

  // Why each doomed block goes; a replaced parent goes even when a crash
  // came between the compaction and the deletion.
  std::map<block::Ulid, std::string_view> why;
  for (const auto& b : loadable) {
    if (b.meta.compaction.deletable) why.emplace(b.meta.ulid, "deletable");
    for (const auto& p : b.meta.compaction.parents) why.emplace(p.ulid, "compacted");
  }
  for (const auto& u : verdict.by_time) why.emplace(u, "retention_time");
  for (const auto& u : verdict.by_size) why.emplace(u, "retention_size");

  std::vector<block::BlockMeta> kept;
  std::vector<std::pair<block::BlockMeta, std::string_view>> doomed;
  metrics_.blocks_bytes = 0;
  for (auto& b : loadable) {
    if (auto it = why.find(b.meta.ulid); it != why.end()) {
      doomed.emplace_back(b.meta, it->second);
      continue;
    }
    metrics_.blocks_bytes += b.size_bytes;
    kept.push_back(std::move(b.meta));
  }
  blocks_ = compact::SortedByMinTime(std::move(kept));
  std::sort(doomed.begin(), doomed.end(), [](const auto& a, const auto& b) { return a.first.ulid < b.first.ulid; });
  return DeleteBlocks(doomed);
}

Status DB::DeleteBlocks(const std::vector<std::pair<block::BlockMeta, std::string_view>>& doomed) {
  for (const auto& [meta, why] : doomed) {
    const std::string name = meta.ulid.ToString();
    const std::string dir = JoinPath(dir_, name);
    const std::string tmp = dir + std::string(block::kTmpForDeletionSuffix);
    // Renamed first so a crash never leaves half a block that looks whole;
    // the leftover is removed at the next open.
    if (Result<FileInfo> info = fs_->Stat(tmp); info.ok()) TSDB_RETURN_IF_ERROR(fs_->RemoveAll(tmp));
    TSDB_RETURN_IF_ERROR(fs_->Rename(dir, tmp).Wrap("replace of obsolete block for deletion " + name));
    TSDB_RETURN_IF_ERROR(fs_->SyncDir(dir_).Wrap("replace of obsolete block for deletion " + name));
    TSDB_RETURN_IF_ERROR(fs_->RemoveAll(tmp).Wrap("delete obsolete block " + name));
    metrics_.blocks_deleted_total++;
    const std::string detail = name + " " + std::string(why);
    sink_->OnEvent({.type = EventType::kBlockDeleted, .mint = meta.min_time, .maxt = meta.max_time, .detail = detail});
  }
  return Status::Ok();
}

Status DB::CompactBlockGroup(const std::vector<block::BlockMeta>& group) {
  const block::BlockMeta planned = compact::CompactBlockMetas(block::Ulid::New(clock_->NowMs(), *random_), group);
  const std::string parents = UlidList(group);
  sink_->OnEvent({.type = EventType::kBlockCompactionStart,
                  .count = static_cast<int64_t>(group.size()),
                  .mint = planned.min_time,
                  .maxt = planned.max_time,
                  .detail = parents});
  auto result = compact::CompactBlocks(*fs_, dir_, group, planned.ulid, options_.block_chunk_segment_size_bytes);
  if (!result.ok()) return result.status();
  metrics_.compactions_total++;
  const std::string ulid = result->block ? result->block->ulid.ToString() : "";
  sink_->OnEvent({.type = EventType::kBlockCompactionEnd,
                  .segment = planned.compaction.level,
                  .count = result->block ? static_cast<int64_t>(result->block->stats.num_samples) : 0,
                  .mint = planned.min_time,
                  .maxt = planned.max_time,
                  .detail = ulid});
  const Status reload = ReloadBlocks();
  if (!reload.ok() && result->block) {
    // 2.42 removes the new block rather than keep it beside its parents.
    (void)fs_->RemoveAll(JoinPath(dir_, ulid));
  }
  return reload.Wrap("reloadBlocks blocks");
}

Status DB::CompactBlocks() {
  if (closed_) return Status(StatusCode::kClosed, "db closed");
  for (;;) {
    const std::vector<block::BlockMeta> group = compact::Plan(blocks_, block_ranges_);
    if (group.empty()) return Status::Ok();
    TSDB_RETURN_IF_ERROR(CompactBlockGroup(group).Wrap("compact " + UlidList(group)));
  }
}

int64_t DB::LowestTimestampMs() const {
  return blocks_.empty() ? head_->MinTime() : blocks_.front().min_time;
}

}  // namespace tsdb::db

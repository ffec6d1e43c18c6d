// DB::Compact: the head's oldest chunk range becomes a block, then the head
// and the WAL are truncated (PROMETHEUS.md §7.6, §7.7, §4).
#include <limits>

#include "engine/db/db.h"
#include "engine/db/head_block_writer.h"

namespace tsdb::db {

Status DbAppender::Commit() {
  const Status s = app_->Commit();
  // 2.42 signals the compaction loop after every commit, whatever its result.
  db_->OnCommit();
  return s;
}

std::unique_ptr<storage::Appender> DB::Appender() {
  TSDB_ASSERT(!closed_);
  return std::make_unique<DbAppender>(this, head_->Appender());
}

void DB::OnCommit() {
  if (!options_.compaction_enabled || !head_->Compactable() || compaction_pending_) return;
  metrics_.compactions_triggered_total++;
  if (executor_ == nullptr) {
    (void)Compact();  // failures are counted in the metrics
    return;
  }
  compaction_pending_ = true;
  executor_->At(executor_->NowMs(), [this] {
    compaction_pending_ = false;
    if (!closed_) (void)Compact();
  });
}

Status DB::CompactHead(int64_t mint, int64_t maxt) {
  sink_->OnEvent({.type = EventType::kCompactionStart, .mint = mint, .maxt = maxt});
  auto meta = WriteHeadBlock(*fs_, dir_, *head_, mint, maxt, block::Ulid::New(clock_->NowMs(), *random_),
                             options_.block_chunk_segment_size_bytes);
  if (!meta.ok()) return meta.status().Wrap("persist head block");
  if (meta->has_value()) {
    metrics_.compactions_total++;
    sink_->OnEvent({.type = EventType::kCompactionEnd,
                    .count = static_cast<int64_t>((*meta)->stats.num_samples),
                    .mint = mint,
                    .maxt = maxt,
                    .detail = (*meta)->ulid.ToString()});
  } else {
    sink_->OnEvent({.type = EventType::kCompactionEnd, .mint = mint, .maxt = maxt});
  }
  TSDB_RETURN_IF_ERROR(ReloadBlocks().Wrap("reloadBlocks blocks"));
  return head_->TruncateMemory(maxt).Wrap("head memory truncate");
}

Status DB::Compact() {
  if (closed_) return Status(StatusCode::kClosed, "db closed");
  int64_t last_block_maxt = std::numeric_limits<int64_t>::min();
  Status result;
  while (head_->Compactable()) {
    const int64_t mint = head_->MinTime();
    const int64_t maxt = head::RangeForTimestamp(mint, options_.head.chunk_range_ms);
    // Blocks are half-open [mint, maxt); chunks are closed intervals.
    result = CompactHead(mint, maxt).Wrap("compact head");
    if (!result.ok()) break;
    last_block_maxt = maxt;
  }
  // Only successful compactions move the WAL truncation point.
  const Status wal = head_->TruncateWal(last_block_maxt);
  if (result.ok() && !wal.ok()) result = wal.Wrap("WAL truncation in Compact");
  // Then the blocks (2.42 returns before this when the head failed).
  if (result.ok()) result = CompactBlocks();
  if (!result.ok()) metrics_.compactions_failed_total++;
  return result;
}

}  // namespace tsdb::db

#include "engine/base/event_sink.h"

namespace tsdb {

const char* EventTypeName(EventType type) {
  switch (type) {
    case EventType::kWalSegmentCreated: return "wal_segment_created";
    case EventType::kWalRecordWritten: return "wal_record_written";
    case EventType::kWalPageFlushed: return "wal_page_flushed";
    case EventType::kWalFsync: return "wal_fsync";
    case EventType::kWalSegmentDeleted: return "wal_segment_deleted";
    case EventType::kWalCorruption: return "wal_corruption";
    case EventType::kWalRepair: return "wal_repair";
    case EventType::kCheckpointCreated: return "checkpoint_created";
    case EventType::kSeriesCreated: return "series_created";
    case EventType::kSamplesCommitted: return "samples_committed";
    case EventType::kHeadChunkCut: return "head_chunk_cut";
    case EventType::kChunkMmapped: return "chunk_mmapped";
    case EventType::kHeadTruncated: return "head_truncated";
    case EventType::kCheckpointFailed: return "checkpoint_failed";
    case EventType::kReplayStart: return "replay_start";
    case EventType::kReplaySegment: return "replay_segment";
    case EventType::kReplayChunkFile: return "replay_chunk_file";
    case EventType::kReplayProgress: return "replay_progress";
    case EventType::kReplayEnd: return "replay_end";
    case EventType::kMmapCorruption: return "mmap_corruption";
    case EventType::kCompactionStart: return "compaction_start";
    case EventType::kCompactionEnd: return "compaction_end";
    case EventType::kBlockCompactionStart: return "block_compaction_start";
    case EventType::kBlockCompactionEnd: return "block_compaction_end";
    case EventType::kBlockDeleted: return "block_deleted";
    case EventType::kHeadChunkFileCreated: return "head_chunk_file_created";
    case EventType::kHeadChunkWritten: return "head_chunk_written";
    case EventType::kHeadChunkFileDeleted: return "head_chunk_file_deleted";
    case EventType::kHeadChunkFlush: return "head_chunk_flush";
    case EventType::kHeadChunkFsync: return "head_chunk_fsync";
    case EventType::kTargetAdded: return "target_added";
    case EventType::kTargetRemoved: return "target_removed";
    case EventType::kScrapeStart: return "scrape_start";
    case EventType::kScrapeEnd: return "scrape_end";
    case EventType::kStaleMarkers: return "stale_markers";
    case EventType::kFanoutCommit: return "fanout_commit";
    case EventType::kFanoutRollback: return "fanout_rollback";
  }
  return "unknown";
}

NullEventSink* NullEventSink::Instance() {
  static NullEventSink sink;
  return &sink;
}

}  // namespace tsdb

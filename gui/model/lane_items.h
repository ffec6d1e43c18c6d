// What the lanes draw, as plain values folded from a run's trace records
// (lane_fold.h): no Qt, no pointer into the engine. Times are virtual
// milliseconds since the run began; chunk and block times are sample times
// moved onto the same axis (the simulated targets stamp samples with the
// virtual time they were scraped at).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tsdbsim::gui {

struct ScrapeItem {
  int64_t t_ms = 0;
  int target = 0;  // ordinal of the target, in the order targets were added
  int64_t samples = 0;
  bool up = true;
  std::string error;
};

// One appender's Commit or Rollback as the fanout saw it, per row:
// row 0 the primary (the TSDB), row 1 the secondary (remote write).
enum class FanoutOutcome : uint8_t { kCommitted, kFailed, kRolledBack };
struct FanoutItem {
  int64_t t_ms = 0;
  int row = 0;
  FanoutOutcome outcome = FanoutOutcome::kCommitted;
  std::string error;
};

struct WalSegmentItem {
  int64_t number = 0;
  int64_t created_ms = 0;
  int64_t last_write_ms = 0;
  int64_t bytes = 0;  // the file's size as the last page flush left it
  int64_t records = 0;
  int64_t pages = 0;
  int64_t fsyncs = 0;
  int64_t deleted_ms = -1;  // -1 while it exists
  bool replaced = false;    // deleted_ms is when a repair wrote it anew
};

// A moment on a lane: an fsync, a checkpoint, a truncation, a crash.
struct MarkItem {
  int64_t t_ms = 0;
  int64_t value = 0;  // segment, file or count, by kind
  std::string text;
};

// A block retention deleted: its range (elapsed ms) and when it went.
struct DeletedBlockItem {
  int64_t mint_ms = 0;
  int64_t maxt_ms = 0;
  int64_t deleted_ms = 0;
  std::string ulid;
  std::string why;  // "retention_time" or "retention_size"
};

struct ChunkItem {
  int64_t mint_ms = 0;
  int64_t maxt_ms = 0;
  int64_t file = 0;    // chunks_head/ file number
  int64_t offset = 0;  // in that file
  uint64_t series_ref = 0;
  int64_t samples = 0;
  int64_t written_ms = 0;
  bool file_deleted = false;
};

// One open of the DB after a crash or at start: its replay, phase by phase.
struct ReplayItem {
  int64_t t_ms = 0;
  std::string phase;  // "snapshot", "mmap", "checkpoint", "wal", "done"
  bool from_snapshot = false;
  int64_t snapshot_samples = 0;  // in the head chunks the snapshot restored
  int64_t chunk_files = 0;
  int64_t chunks_loaded = 0;
  int64_t checkpoint_segment = -1;
  int64_t first_segment = -1;
  int64_t last_segment = -1;   // the newest segment known when it began
  int64_t segment = -1;        // being read
  int64_t bytes_total = 0;     // of the segments to read, as last written
  int64_t bytes_done = 0;      // of those, read
  int64_t records = 0;  // WAL records read
  int64_t records_before_segment = 0;
  int64_t samples = 0;
  std::string corruption;      // where and what, "" if none
  std::string repair;          // what the repair dropped, "" if none
  std::string mmap_error;
  double progress() const {
    if (phase == "done") return 1.0;
    if (bytes_total <= 0) return 0.0;
    return bytes_done >= bytes_total ? 1.0 : static_cast<double>(bytes_done) / static_cast<double>(bytes_total);
  }
  // Progress points (fraction of bytes, records) as the replay went, for the plot.
  std::vector<std::pair<double, int64_t>> curve;
};

struct LaneItems {
  std::vector<std::string> targets;  // labels text, by ordinal
  std::vector<ScrapeItem> scrapes;
  std::vector<FanoutItem> fanout;
  bool has_secondary = false;
  // Every life of every WAL segment in the order they were created: a
  // repair rewrites a segment under its old number, and both lives show.
  std::vector<WalSegmentItem> wal_segments;
  std::map<int64_t, size_t> wal_current;  // segment number -> its newest life in wal_segments
  // The newest life of segment `number`, created if the trace began after it.
  WalSegmentItem& WalSegment(int64_t number);
  std::vector<MarkItem> wal_fsyncs;                // value = segment
  std::vector<MarkItem> checkpoints;               // value = last segment covered
  std::vector<MarkItem> truncations;               // value = segment deleted
  std::vector<ChunkItem> mmapped;                  // every chunk written to chunks_head/
  std::vector<MarkItem> chunk_cuts;                // value = series ref
  std::vector<MarkItem> compactions;               // text = block ULID
  std::vector<DeletedBlockItem> expired_blocks;    // deleted by retention (not replaced by compaction)
  std::vector<MarkItem> crashes;                   // text = kind
  std::vector<MarkItem> restarts;
  std::vector<MarkItem> shutdowns;                 // clean stops (SIGTERM)
  std::vector<MarkItem> faults;                    // text = the simulator's note
  std::vector<ReplayItem> replays;                 // every open, the first start too
  std::map<uint64_t, std::string> series_labels;   // by ref, as the engine prints them
  // Items read from a real directory rather than folded from events: WAL
  // segments are placed by size, not by when they were written.
  bool from_directory = false;
};

inline WalSegmentItem& LaneItems::WalSegment(int64_t number) {
  auto [it, added] = wal_current.try_emplace(number, wal_segments.size());
  if (added) wal_segments.push_back({.number = number});
  return wal_segments[it->second];
}

}  // namespace tsdbsim::gui

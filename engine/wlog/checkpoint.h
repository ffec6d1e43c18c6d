// Checkpoint: rewrites the oldest WAL segments, keeping only what a restart
// still needs (series the head still knows or remembers as deleted, samples
// and exemplars at or after mint, tombstones reaching mint, the latest
// metadata per kept series), as 2.42's wlog.Checkpoint does (§4).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "engine/base/event_sink.h"
#include "engine/base/filesystem.h"
#include "engine/wlog/corruption.h"
#include "engine/wlog/wal.h"

namespace tsdb::wlog {

struct CheckpointStats {
  int64_t total_series = 0, dropped_series = 0;
  int64_t total_samples = 0, dropped_samples = 0;
  int64_t total_tombstones = 0, dropped_tombstones = 0;
  int64_t total_exemplars = 0, dropped_exemplars = 0;
  int64_t total_metadata = 0, dropped_metadata = 0;
  int64_t total_histograms = 0, dropped_histograms = 0;
  int from_segment = 0, to_segment = 0;
};

using KeepSeriesFn = std::function<bool(uint64_t ref)>;

// Builds checkpoint.<to> from the last checkpoint (if any) and segments
// [from, to] of the WAL in wal.dir(). Fails with "unexpected gap to last
// checkpoint" when from is past the segment after the last checkpoint, and
// with kCorruption when a segment does not read: 2.42 then gives up (no
// repair) and the WAL is not truncated until the corruption is dealt with.
Result<CheckpointStats> Checkpoint(Filesystem& fs, const Wal& wal, int from, int to,
                                   const KeepSeriesFn& keep, int64_t mint,
                                   EventSink* sink = nullptr);

// The newest checkpoint: its directory and index, or kNotFound.
struct CheckpointRef {
  std::string dir;
  int index = -1;
};
Result<CheckpointRef> LastCheckpoint(Filesystem& fs, const std::string& wal_dir);

// Removes every checkpoint.N with N < max_index.
Status DeleteCheckpoints(Filesystem& fs, const std::string& wal_dir, int max_index);

std::string CheckpointDirName(int index);  // "checkpoint.%08d"

}  // namespace tsdb::wlog

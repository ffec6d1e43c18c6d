// EventSink: how the engine tells the world what it does (DESIGN.md §3).
// The trace, the GUI and the lessons are built on these events; the engine
// never formats them for display and never stamps them with a time (the
// receiver knows its clock).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tsdb {

enum class EventType : uint16_t {
  // WAL (wlog).
  kWalSegmentCreated,  // segment
  kWalRecordWritten,   // segment, offset (of its first fragment), bytes, record_type, count=fragments
  kWalPageFlushed,     // segment, offset (file size after the write), bytes written
  kWalFsync,           // segment
  kWalSegmentDeleted,  // segment
  kWalCorruption,      // segment, offset, detail = 2.42's message
  kWalRepair,          // segment, offset (corruption), bytes (dropped), count (records kept)
  kCheckpointCreated,  // segment (last one included), mint (samples kept from), count (samples kept)
  // Head.
  kSeriesCreated,      // ref, detail = labels as text
  kSamplesCommitted,   // count (appended), bytes (rejected at commit), mint, maxt
  kHeadChunkCut,       // ref (series), mint (first sample of the new chunk)
  kChunkMmapped,       // ref (series), offset (chunk disk ref), mint, maxt, count (samples)
  kHeadTruncated,      // mint, count (series removed), bytes (chunks removed)
  kCheckpointFailed,   // segment, detail = error
  // Replay at startup.
  kReplayStart,        // detail = "snapshot" (only with one enabled), "mmap", "checkpoint" or "wal"
  kReplaySegment,      // segment, count (samples appended), bytes (bytes read)
  kReplayChunkFile,    // segment (chunks_head file number), count (chunks loaded from it)
  kReplayProgress,     // segment, offset (bytes read in it), count (records read in it): every 32 KiB page
  kReplayEnd,          // count (samples appended), detail = phase; for "snapshot": count (samples
                       // restored), ref (series), segment and offset (where the WAL replay resumes, -1 if none)
  kMmapCorruption,     // detail = error; what was deleted follows as file events
  // Compaction.
  kCompactionStart,    // mint, maxt of the block to write
  kCompactionEnd,      // mint, maxt, count (samples), detail = block ULID ("" if empty)
  // chunks_head/ (ChunkDiskMapper); count = file number throughout.
  kHeadChunkFileCreated,  // count
  kHeadChunkWritten,      // count, ref (chunk disk ref), mint, maxt, bytes (whole entry)
  kHeadChunkFileDeleted,  // count
  kHeadChunkFlush,        // count, offset (where the write began), bytes
  kHeadChunkFsync,        // count
  // Scraping (scrape loop); ref = the loop's target id throughout.
  kTargetAdded,        // ref, detail = target labels as text
  kTargetRemoved,      // ref
  kScrapeStart,        // ref, mint (the scrape's timestamp)
  kScrapeEnd,          // ref, mint, count (samples scraped), bytes (samples appended), offset (series added), detail = error ("" when up = 1)
  kStaleMarkers,       // ref, mint, count (stale markers appended)
  // Fanout storage.
  kFanoutCommit,       // count (appenders committed), bytes (appenders in all), detail = error
  kFanoutRollback,
  // Leveled compaction and retention (appended: type numbers stay stable).
  kBlockCompactionStart,  // mint, maxt of the new block, count (blocks merged), detail = their ULIDs
  kBlockCompactionEnd,    // mint, maxt, count (samples), segment (level), detail = new ULID ("" if empty)
  kBlockDeleted,          // mint, maxt, detail = "<ULID> <why>": compacted, deletable, retention_time, retention_size
};

// One more than the last type: the size of tables indexed by type.
inline constexpr size_t kEventTypeCount = static_cast<size_t>(EventType::kBlockDeleted) + 1;

const char* EventTypeName(EventType type);

// Fields not meaningful for a type keep their defaults. detail is only valid
// during the OnEvent call.
struct Event {
  EventType type;
  int64_t segment = -1;
  int64_t offset = -1;
  int64_t bytes = 0;
  int64_t count = 0;
  uint64_t ref = 0;
  int64_t mint = 0;
  int64_t maxt = 0;
  uint8_t record_type = 0;
  std::string_view detail;
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void OnEvent(const Event& event) = 0;
};

// Discards everything; the default when nobody listens.
class NullEventSink final : public EventSink {
 public:
  void OnEvent(const Event&) override {}
  static NullEventSink* Instance();
};

}  // namespace tsdb

// Wal: the write side of a WAL directory, with 2.42's WL.Log semantics
// byte for byte: page filling, fragment splitting, optional snappy, the
// partial-page write at the end of each Log call, segment rotation so no
// record spans two segments, and fsync only at rotation and close.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "engine/base/event_sink.h"
#include "engine/base/filesystem.h"
#include "engine/wlog/corruption.h"
#include "engine/wlog/wlog_format.h"

namespace tsdb::wlog {

struct WalOptions {
  int64_t segment_size_bytes = kDefaultSegmentSizeBytes;  // a multiple of the page size
  bool compress = false;                                   // snappy, as --storage.tsdb.wal-compression
};

// Counters mirrored from prometheus_tsdb_wal_* (PROMETHEUS.md §13).
struct WalMetrics {
  uint64_t page_flushes_total = 0;
  uint64_t completed_pages_total = 0;
  uint64_t fsyncs_total = 0;
  uint64_t writes_failed_total = 0;
  uint64_t truncations_total = 0;
  uint64_t truncations_failed_total = 0;
  uint64_t records_total = 0;  // not a Prometheus metric; handy for lessons
  int segment_current = -1;
};

// What a repair changed, so the caller can report exactly what was dropped.
struct RepairReport {
  int segment = -1;                 // the segment that was rewritten
  int64_t corruption_offset = 0;    // where reading failed in it
  int64_t original_size_bytes = 0;  // its size before the repair
  int64_t kept_bytes = 0;           // bytes of records re-logged (as read, before re-encoding)
  int64_t records_kept = 0;
  std::vector<int> deleted_segments;   // every segment after the corrupt one
  int64_t deleted_bytes = 0;           // their total size
  int64_t dropped_bytes() const { return original_size_bytes - kept_bytes + deleted_bytes; }
};

class Wal {
 public:
  // Creates dir if needed and a fresh segment numbered one past the last
  // (0 if none), which becomes the write segment, as every 2.42 open does.
  static Result<std::unique_ptr<Wal>> Open(Filesystem* fs, std::string dir, WalOptions options,
                                           EventSink* sink = nullptr);
  ~Wal();
  Wal(const Wal&) = delete;
  Wal& operator=(const Wal&) = delete;

  // Writes the records in order; the last one ends with a partial-page write.
  Status Log(std::span<const ByteView> records);
  Status Log(ByteView record) { return Log(std::span<const ByteView>(&record, 1)); }

  // Pads the current page (if it holds data), fsyncs and closes the current
  // segment, and starts the next one. Returns the new segment's index.
  Result<int> NextSegment();

  // Deletes every segment with index < index (2.42's WL.Truncate).
  Status Truncate(int index);

  // Rewrites the segment named by err keeping the records read completely
  // before err.offset, deletes every later segment and starts a new one.
  Status Repair(const CorruptionError& err, RepairReport* report);

  Status Close();

  const std::string& dir() const { return dir_; }
  Filesystem& filesystem() const { return *fs_; }
  int current_segment() const { return segment_index_; }
  // Bytes written to the current segment, as 2.42's LastSegmentAndOffset
  // counts them: whole pages plus the part of the current page in use.
  int64_t WriteOffset() const { return done_pages_ * kPageSizeBytes + page_alloc_; }
  const WalMetrics& metrics() const { return metrics_; }
  const WalOptions& options() const { return options_; }

 private:
  Wal(Filesystem* fs, std::string dir, WalOptions options, EventSink* sink);

  Status LogOne(ByteView record, bool final);
  Status WriteFragments(ByteView rec, bool compressed, uint8_t record_type);
  Status FlushPage(bool clear);
  Status CreateSegment(int index);
  Status SetSegment(std::unique_ptr<WritableFile> file, int index);
  Status SyncAndClose(std::unique_ptr<WritableFile> file, int index);
  int64_t PagesPerSegment() const { return options_.segment_size_bytes / kPageSizeBytes; }
  bool PageFull() const { return kPageSizeBytes - page_alloc_ < kRecordHeaderBytes; }
  void ResetPage();

  Filesystem* fs_;
  std::string dir_;
  WalOptions options_;
  EventSink* sink_;
  WalMetrics metrics_;

  std::unique_ptr<WritableFile> segment_;
  int segment_index_ = -1;
  int64_t done_pages_ = 0;  // whole pages already in the segment file

  Bytes page_;               // kPageSizeBytes; stale beyond page_alloc_
  int64_t page_alloc_ = 0;   // bytes of the page holding fragments
  int64_t page_flushed_ = 0; // bytes of the page already written to the file
  Bytes snappy_buf_;
  bool closed_ = false;
};

}  // namespace tsdb::wlog

// The replay part of LaneFold: one ReplayItem per open of the DB, its
// progress measured in WAL bytes read against the sizes the segments had
// when they were last written.
#include <string>

#include "gui/model/lane_fold.h"

namespace tsdbsim::gui {

using tsdb::EventType;

void LaneFold::AddReplay(const TraceRecord& r) {
  // An open starts with the snapshot when one is enabled, else with mmap.
  const bool after_snapshot = !items_.replays.empty() && items_.replays.back().phase == "snapshot";
  if (r.is(EventType::kReplayStart) && (r.detail == "snapshot" || (r.detail == "mmap" && !after_snapshot))) {
    items_.replays.push_back({.t_ms = Clock(r.t_ms), .phase = std::string(r.detail)});
  }
  if (items_.replays.empty()) return;  // a record of an open the trace began after
  ReplayItem& p = items_.replays.back();
  switch (r.event) {
    case EventType::kReplayStart:
      p.phase = r.detail;
      if (r.detail == "checkpoint") p.checkpoint_segment = r.segment;
      if (r.detail == "wal") {
        p.first_segment = r.segment;
        p.bytes_total = 0;
        for (const auto& [n, i] : items_.wal_current) {
          const WalSegmentItem& s = items_.wal_segments[i];
          if (n < r.segment || s.deleted_ms >= 0) continue;
          p.bytes_total += s.bytes;
          p.last_segment = n;
        }
      }
      break;
    case EventType::kReplayChunkFile:
      p.chunk_files++;
      p.chunks_loaded += r.count;
      break;
    case EventType::kReplayProgress:
    case EventType::kReplaySegment: {
      // Progress counts bytes into the segment; the segment's end adds it whole.
      const bool end = r.is(EventType::kReplaySegment);
      if (p.segment != r.segment) {
        p.records_before_segment = p.records;
        p.segment = r.segment;
      }
      int64_t done = 0;
      for (const auto& [n, i] : items_.wal_current) {
        const WalSegmentItem& s = items_.wal_segments[i];
        if (n >= p.first_segment && n < r.segment && s.deleted_ms < 0) done += s.bytes;
      }
      p.bytes_done = done + (end ? r.bytes : r.offset);
      if (end) p.samples += r.count;
      if (!end) p.records = p.records_before_segment + r.count;
      p.curve.emplace_back(p.progress(), p.samples);
      break;
    }
    case EventType::kReplayEnd:
      if (r.detail == "mmap") p.chunks_loaded = r.count;
      if (r.detail == "snapshot") {
        p.from_snapshot = true;
        p.snapshot_samples = r.count;
      }
      if (r.detail == "wal") {
        p.phase = "done";
        p.curve.emplace_back(1.0, p.samples);
      }
      break;
    case EventType::kMmapCorruption:
      p.mmap_error = r.detail;
      break;
    case EventType::kWalCorruption:
      p.corruption = "wal/" + std::to_string(r.segment) + " at byte " + std::to_string(r.offset) + ": " + r.detail;
      break;
    case EventType::kWalRepair:
      p.repair = std::to_string(r.bytes) + " bytes dropped, " + std::to_string(r.count) + " records kept";
      break;
    default:
      break;
  }
}

}  // namespace tsdbsim::gui

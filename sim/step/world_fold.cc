#include "sim/step/world_fold.h"

#include <algorithm>

#include "engine/chunks/chunk_disk_mapper.h"
#include "engine/chunks/head_chunks_format.h"

namespace tsdbsim {
using tsdb::EventType;

std::optional<tsdb::Labels> LabelsFromText(std::string_view text) {
  auto matchers = tsdb::ParseMatchers(text);
  if (!matchers.ok()) return std::nullopt;
  tsdb::LabelsBuilder b;
  for (const tsdb::Matcher& m : *matchers) b.Add(m.name(), m.value());
  b.Sort();
  return b.Build();
}

namespace {

template <typename T>
void KeepLast(std::vector<T>* v, size_t n) {
  if (v->size() > n) v->erase(v->begin(), v->begin() + static_cast<std::ptrdiff_t>(v->size() - n));
}

}  // namespace

WorldTarget& WorldFold::Target(uint64_t id) {
  for (WorldTarget& t : world_.targets) {
    if (t.id == id) return t;
  }
  world_.targets.push_back({.id = id});
  return world_.targets.back();
}

void WorldFold::OnEvent(const tsdb::Event& e) {
  switch (e.type) {
    case EventType::kTargetAdded: {
      WorldTarget& t = Target(e.ref);
      t.labels = std::string(e.detail);
      t.active = true;
      break;
    }
    case EventType::kTargetRemoved:
      Target(e.ref).active = false;
      break;
    case EventType::kScrapeEnd:
      OnScrapeEnd(e);
      break;
    case EventType::kFanoutCommit:
      world_.fanout.commits++;
      if (!e.detail.empty()) {
        world_.fanout.failed_commits++;
        world_.fanout.last_error = std::string(e.detail);
      }
      break;
    case EventType::kFanoutRollback:
      world_.fanout.rollbacks++;
      break;
    case EventType::kWalSegmentCreated:
      wal_[e.segment].number = e.segment;
      break;
    case EventType::kWalRecordWritten: {
      WorldWalSegment& s = wal_[e.segment];
      s.number = e.segment;
      s.records++;
      if (e.record_type < kWorldRecordTypes) s.records_by_type[e.record_type]++;
      break;
    }
    case EventType::kWalPageFlushed:
      wal_[e.segment].pages_flushed++;
      break;
    case EventType::kWalSegmentDeleted:
      wal_.erase(e.segment);
      world_.wal.segments_deleted++;
      break;
    case EventType::kCheckpointCreated:
      world_.wal.checkpoint_segment = e.segment;
      world_.wal.checkpoint_samples = e.count;
      world_.wal.checkpoints_created++;
      world_.wal.truncations++;
      break;
    case EventType::kCheckpointFailed:
      world_.wal.checkpoints_failed++;
      break;
    case EventType::kSeriesCreated:
      OnSeriesCreated(e);
      break;
    case EventType::kHeadChunkCut:
      world_.head.chunk_cuts++;
      break;
    case EventType::kHeadChunkFileCreated:
    case EventType::kHeadChunkWritten:
    case EventType::kHeadChunkFlush:
    case EventType::kHeadChunkFsync:
    case EventType::kHeadChunkFileDeleted:
      OnChunkFile(e);
      break;
    case EventType::kReplayStart:
    case EventType::kReplayChunkFile:
    case EventType::kReplayProgress:
    case EventType::kReplaySegment:
    case EventType::kReplayEnd:
    case EventType::kMmapCorruption:
    case EventType::kWalCorruption:
    case EventType::kWalRepair:
      OnReplay(e);
      break;
    default:
      break;
  }
  if (next_ != nullptr) next_->OnEvent(e);
}

void WorldFold::OnScrapeEnd(const tsdb::Event& e) {
  WorldTarget& t = Target(e.ref);
  t.scrapes_total++;
  const bool up = e.detail.empty();
  if (!up) t.failed_total++;
  t.last.push_back({.time_ms = e.mint,
                    .samples = e.count,
                    .appended = e.bytes,
                    .series_added = std::max<int64_t>(e.offset, 0),
                    .up = up,
                    .error = std::string(e.detail)});
  KeepLast(&t.last, kScrapesKept);
}

void WorldFold::OnSeriesCreated(const tsdb::Event& e) {
  if (watched_.size() >= watch_.max_series) return;
  // Without matchers only `up` series are watched: most series are not
  // worth parsing. The engine prints __name__ first.
  if (watch_.matchers.empty() && !e.detail.starts_with("{__name__=\"up\"")) return;
  for (const WatchedSeries& w : watched_) {
    if (w.text == e.detail) return;  // created again by a restart's replay
  }
  auto lset = LabelsFromText(e.detail);
  if (!lset) return;
  if (watch_.matchers.empty() ? lset->Get("__name__") != "up" : !tsdb::MatchesAll(watch_.matchers, *lset)) return;
  watched_.push_back({std::string(e.detail), std::move(*lset)});
}

void WorldFold::OnReplay(const tsdb::Event& e) {
  WorldReplay& r = world_.replay;
  switch (e.type) {
    case EventType::kReplayStart:
      // An open starts with the snapshot when one is enabled, else with mmap.
      if (e.detail == "snapshot" || (e.detail == "mmap" && r.phase != "snapshot")) {
        // A new open: its replay starts from nothing.
        const int64_t opens = r.opens;
        r = WorldReplay{};
        r.opens = opens + 1;
      }
      r.phase = std::string(e.detail);
      if (e.detail == "checkpoint") r.checkpoint_segment = e.segment;
      if (e.detail == "wal") r.first_segment = e.segment;
      break;
    case EventType::kReplayChunkFile:
      r.mmapped_chunk_files++;
      r.mmapped_chunks_loaded += e.count;
      break;
    case EventType::kReplayProgress:
      r.current_segment = e.segment;
      r.segment_bytes_done = e.offset;
      r.segment_records_done = e.count;
      break;
    case EventType::kReplaySegment:
      r.segments_done++;
      r.current_segment = e.segment;
      r.segment_bytes_done = e.bytes;
      r.samples += e.count;
      break;
    case EventType::kReplayEnd:
      if (e.detail == "mmap") r.mmapped_chunks_loaded = e.count;
      if (e.detail == "wal") r.phase = "done";
      if (e.detail == "snapshot") {
        r.snapshot_samples = e.count;
        r.snapshot_series = static_cast<int64_t>(e.ref);
      }
      break;
    case EventType::kMmapCorruption:
      r.mmap_error = std::string(e.detail);
      break;
    case EventType::kWalCorruption:
      r.corruption_file = "wal/" + std::to_string(e.segment);
      r.corruption_offset = e.offset;
      r.corruption_detail = std::string(e.detail);
      break;
    case EventType::kWalRepair:
      r.repair_bytes_dropped = e.bytes;
      r.repair_records_kept = e.count;
      break;
    default:
      break;
  }
}

void WorldFold::OnChunkFile(const tsdb::Event& e) {
  const int64_t number = e.count;  // the file number, for every chunks_head event
  if (e.type == EventType::kHeadChunkFileDeleted) {
    if (auto it = chunk_files_.find(number); it != chunk_files_.end()) deleted_chunk_files_[number] = it->second;
    chunk_files_.erase(number);
    chunk_tails_.erase(number);
    return;
  }
  WorldChunkFile& f = chunk_files_[number];
  ChunkFileTail& tail = chunk_tails_[number];
  f.number = number;
  switch (e.type) {
    case EventType::kHeadChunkFileCreated:
      // The header goes straight to the file.
      f.bytes_written = f.bytes_flushed = tsdb::chunks::kHeadChunksHeaderSizeBytes;
      break;
    case EventType::kHeadChunkWritten:
      f.chunks++;
      f.bytes_written += e.bytes;
      tail.unflushed_ends.push_back(static_cast<int64_t>(tsdb::chunks::ChunkDiskRefOffset(e.ref)) + e.bytes);
      break;
    case EventType::kHeadChunkFlush:
      f.bytes_flushed = std::max(f.bytes_flushed, e.offset + e.bytes);
      while (!tail.unflushed_ends.empty() && tail.unflushed_ends.front() <= f.bytes_flushed) {
        tail.unflushed_ends.pop_front();
        f.chunks_flushed++;
        tail.unsynced_chunks++;
      }
      break;
    case EventType::kHeadChunkFsync:
      f.bytes_fsynced = f.bytes_flushed;
      tail.unsynced_chunks = 0;
      break;
    default:
      break;
  }
}

// What a crash leaves of chunks_head/: the writer's buffer is gone, and
// after a power loss whatever was not fsynced. (The WAL's sizes are read
// off the disk itself.)
void WorldFold::OnCrash(std::string_view detail) {
  const bool power = !detail.starts_with("process");
  for (auto& [number, f] : chunk_files_) {
    ChunkFileTail& tail = chunk_tails_[number];
    tail.unflushed_ends.clear();
    if (power) {
      f.bytes_flushed = f.bytes_fsynced;
      f.chunks_flushed -= tail.unsynced_chunks;
      tail.unsynced_chunks = 0;
    }
    f.chunks = f.chunks_flushed;
    f.bytes_written = f.bytes_flushed;
  }
}

void WorldFold::Seed(const World& dir) {
  for (const WorldWalSegment& s : dir.wal.segments) wal_[s.number] = s;
  for (const WorldChunkFile& f : dir.chunks_head) chunk_files_[f.number] = f;
  world_.wal.checkpoint_segment = dir.wal.checkpoint_segment;
  world_.wal.checkpoint_samples = dir.wal.checkpoint_samples;
}

void WorldFold::OnSimEvent(std::string_view type, std::string_view detail) {
  if (type == "crash") OnCrash(detail);
  if (type == "fault" || type == "crash") {
    world_.faults.log.push_back(std::string(type) + ": " + std::string(detail));
    KeepLast(&world_.faults.log, kFaultLogKept);
  }
  if (type == "restart") {
    world_.oracle.checks++;
    world_.oracle.last_check = std::string(detail);
  }
}

}  // namespace tsdbsim

#include "gui/model/lane_fold.h"

#include <algorithm>

namespace tsdbsim::gui {

using tsdb::EventType;

namespace {

// A chunk disk ref: the file number above, the offset in it below.
int64_t RefFile(int64_t ref) { return static_cast<int64_t>(static_cast<uint64_t>(ref) >> 32); }
int64_t RefOffset(int64_t ref) { return static_cast<int64_t>(static_cast<uint64_t>(ref) & 0xffffffffu); }

}  // namespace

int LaneFold::TargetOrdinal(uint64_t id) {
  auto [it, added] = target_ordinals_.try_emplace(id, static_cast<int>(items_.targets.size()));
  if (added) items_.targets.emplace_back();
  return it->second;
}

void LaneFold::Add(const TraceRecord& r) {
  records_++;
  // Each record already knows its lane (sim/trace/trace_record.h).
  switch (r.lane) {
    case Lane::kScrape:
      return AddScrape(r);
    case Lane::kFanout:
      return AddFanout(r);
    case Lane::kWal:
      return AddWal(r);
    case Lane::kHead:
      return AddHead(r);
    case Lane::kMmap:
      return AddChunk(r);
    case Lane::kBlocks:
      if (r.is(EventType::kCompactionEnd)) {
        items_.compactions.push_back({.t_ms = Clock(r.t_ms), .value = r.count, .text = r.detail});
      }
      if (r.is(EventType::kBlockDeleted)) AddBlockDeleted(r);
      return;
    case Lane::kReplay:
      return AddReplay(r);
    case Lane::kSim:
      return AddSim(r);
  }
}

void LaneFold::AddBlockDeleted(const TraceRecord& r) {
  // detail is "<ULID> <why>"; parents replaced by a compaction live on in
  // the new block, only what retention removed is gone for good.
  const size_t space = r.detail.find(' ');
  if (space == std::string::npos) return;
  const std::string why = r.detail.substr(space + 1);
  if (!why.starts_with("retention_")) return;
  items_.expired_blocks.push_back({.mint_ms = Elapsed(r.mint),
                                   .maxt_ms = Elapsed(r.maxt),
                                   .deleted_ms = Clock(r.t_ms),
                                   .ulid = r.detail.substr(0, space),
                                   .why = why});
}

void LaneFold::AddHead(const TraceRecord& r) {
  if (r.is(EventType::kSeriesCreated)) items_.series_labels[r.ref] = r.detail;
  if (r.is(EventType::kHeadChunkCut)) {
    items_.chunk_cuts.push_back({.t_ms = Clock(r.t_ms), .value = static_cast<int64_t>(r.ref)});
  }
}

void LaneFold::AddScrape(const TraceRecord& r) {
  if (r.is(EventType::kTargetAdded)) {
    items_.targets[static_cast<size_t>(TargetOrdinal(r.ref))] = r.detail;
    return;
  }
  if (!r.is(EventType::kScrapeEnd)) return;
  items_.scrapes.push_back({.t_ms = Clock(r.t_ms),
                            .target = TargetOrdinal(r.ref),
                            .samples = r.count,
                            .up = r.detail.empty(),
                            .error = r.detail});
}

void LaneFold::AddFanout(const TraceRecord& r) {
  const int64_t t = Clock(r.t_ms);
  if (r.is(EventType::kFanoutRollback)) {
    items_.fanout.push_back({.t_ms = t, .row = 0, .outcome = FanoutOutcome::kRolledBack});
    if (items_.has_secondary) items_.fanout.push_back({.t_ms = t, .row = 1, .outcome = FanoutOutcome::kRolledBack});
    return;
  }
  // bytes: appenders in all (primary first); count: how many committed.
  items_.has_secondary = items_.has_secondary || r.bytes > 1;
  const auto outcome = [&](int64_t index) {
    if (r.count > index) return FanoutOutcome::kCommitted;
    return r.count == index ? FanoutOutcome::kFailed : FanoutOutcome::kRolledBack;
  };
  const FanoutOutcome primary = outcome(0);
  items_.fanout.push_back({.t_ms = t, .row = 0, .outcome = primary, .error = r.count == 0 ? r.detail : ""});
  if (r.bytes > 1) items_.fanout.push_back({.t_ms = t, .row = 1, .outcome = outcome(1), .error = r.count == 1 ? r.detail : ""});
}

void LaneFold::AddWal(const TraceRecord& r) {
  const int64_t t = Clock(r.t_ms);
  switch (r.event) {
    case EventType::kWalSegmentCreated: {
      if (auto it = items_.wal_current.find(r.segment); it != items_.wal_current.end()) {
        WalSegmentItem& old = items_.wal_segments[it->second];
        if (old.deleted_ms < 0) {
          old.deleted_ms = t;
          old.replaced = true;
        }
        items_.wal_current.erase(it);
      }
      WalSegmentItem& s = items_.WalSegment(r.segment);
      s.created_ms = t;
      s.last_write_ms = t;
      break;
    }
    case EventType::kWalRecordWritten: {
      WalSegmentItem& s = items_.WalSegment(r.segment);
      s.records++;
      s.last_write_ms = t;
      break;
    }
    case EventType::kWalPageFlushed: {
      WalSegmentItem& s = items_.WalSegment(r.segment);
      s.pages++;
      s.bytes = std::max(s.bytes, r.offset);
      s.last_write_ms = t;
      break;
    }
    case EventType::kWalFsync:
      items_.WalSegment(r.segment).fsyncs++;
      items_.wal_fsyncs.push_back({.t_ms = t, .value = r.segment});
      break;
    case EventType::kWalSegmentDeleted:
      items_.WalSegment(r.segment).deleted_ms = t;
      items_.truncations.push_back({.t_ms = t, .value = r.segment});
      break;
    case EventType::kCheckpointCreated:
      items_.checkpoints.push_back({.t_ms = t, .value = r.segment, .text = "checkpoint." + std::to_string(r.segment)});
      break;
    case EventType::kCheckpointFailed:
      items_.checkpoints.push_back({.t_ms = t, .value = r.segment, .text = "checkpoint failed: " + r.detail});
      break;
    default:
      break;
  }
}

void LaneFold::AddChunk(const TraceRecord& r) {
  if (r.is(EventType::kHeadChunkFileDeleted)) {
    for (ChunkItem& c : items_.mmapped) c.file_deleted = c.file_deleted || c.file == r.count;
    return;
  }
  if (!r.is(EventType::kChunkMmapped)) return;  // the file's writes: the world counts them
  items_.mmapped.push_back({.mint_ms = Elapsed(r.mint),
                            .maxt_ms = Elapsed(r.maxt),
                            .file = RefFile(r.offset),
                            .offset = RefOffset(r.offset),
                            .series_ref = r.ref,
                            .samples = r.count,
                            .written_ms = Clock(r.t_ms)});
}

void LaneFold::AddSim(const TraceRecord& r) {
  const int64_t t = Clock(r.t_ms);
  if (r.sim_type == "crash") items_.crashes.push_back({.t_ms = t, .text = r.detail});
  if (r.sim_type == "restart") items_.restarts.push_back({.t_ms = t, .text = r.detail});
  if (r.sim_type == "shutdown") items_.shutdowns.push_back({.t_ms = t, .text = r.detail});
  if (r.sim_type == "fault") items_.faults.push_back({.t_ms = t, .text = r.detail});
}

}  // namespace tsdbsim::gui

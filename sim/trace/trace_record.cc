#include "sim/trace/trace_record.h"

namespace tsdbsim {

using tsdb::EventType;

namespace {
constexpr const char* kLaneNames[kLaneCount] = {"scrape", "fanout", "wal",    "head",
                                                "mmap",   "blocks", "replay", "sim"};
constexpr int kEventTypeCount = static_cast<int>(tsdb::kEventTypeCount);
}  // namespace

const char* LaneName(Lane lane) { return kLaneNames[static_cast<int>(lane)]; }

std::optional<Lane> LaneFromName(std::string_view name) {
  for (int i = 0; i < kLaneCount; i++) {
    if (name == kLaneNames[i]) return static_cast<Lane>(i);
  }
  return std::nullopt;
}

Lane LaneOf(EventType type) {
  switch (type) {
    case EventType::kTargetAdded:
    case EventType::kTargetRemoved:
    case EventType::kScrapeStart:
    case EventType::kScrapeEnd:
    case EventType::kStaleMarkers: return Lane::kScrape;
    case EventType::kFanoutCommit:
    case EventType::kFanoutRollback: return Lane::kFanout;
    case EventType::kWalSegmentCreated:
    case EventType::kWalRecordWritten:
    case EventType::kWalPageFlushed:
    case EventType::kWalFsync:
    case EventType::kWalSegmentDeleted:
    case EventType::kCheckpointCreated:
    case EventType::kCheckpointFailed: return Lane::kWal;
    case EventType::kSeriesCreated:
    case EventType::kSamplesCommitted:
    case EventType::kHeadChunkCut:
    case EventType::kHeadTruncated: return Lane::kHead;
    case EventType::kChunkMmapped:
    case EventType::kHeadChunkFileCreated:
    case EventType::kHeadChunkWritten:
    case EventType::kHeadChunkFileDeleted:
    case EventType::kHeadChunkFlush:
    case EventType::kHeadChunkFsync: return Lane::kMmap;
    case EventType::kCompactionStart:
    case EventType::kCompactionEnd:
    case EventType::kBlockCompactionStart:
    case EventType::kBlockCompactionEnd:
    case EventType::kBlockDeleted: return Lane::kBlocks;
    // Corruption and repair are found and fixed while reading back at startup.
    case EventType::kReplayStart:
    case EventType::kReplaySegment:
    case EventType::kReplayChunkFile:
    case EventType::kReplayProgress:
    case EventType::kReplayEnd:
    case EventType::kWalCorruption:
    case EventType::kWalRepair:
    case EventType::kMmapCorruption: return Lane::kReplay;
  }
  return Lane::kSim;
}

uint16_t MeaningfulFields(EventType type) {
  switch (type) {
    case EventType::kWalSegmentCreated: return kFieldSegment;
    case EventType::kWalRecordWritten:
      return kFieldSegment | kFieldOffset | kFieldBytes | kFieldCount | kFieldRecordType;
    case EventType::kWalPageFlushed: return kFieldSegment | kFieldOffset | kFieldBytes;
    case EventType::kWalFsync: return kFieldSegment;
    case EventType::kWalSegmentDeleted: return kFieldSegment;
    case EventType::kWalCorruption: return kFieldSegment | kFieldOffset | kFieldDetail;
    case EventType::kWalRepair: return kFieldSegment | kFieldOffset | kFieldBytes | kFieldCount;
    case EventType::kCheckpointCreated: return kFieldSegment | kFieldMint | kFieldCount;
    case EventType::kSeriesCreated: return kFieldRef | kFieldDetail;
    case EventType::kSamplesCommitted: return kFieldCount | kFieldBytes | kFieldMint | kFieldMaxt;
    case EventType::kHeadChunkCut: return kFieldRef | kFieldMint;
    case EventType::kChunkMmapped:
      return kFieldRef | kFieldOffset | kFieldMint | kFieldMaxt | kFieldCount;
    case EventType::kHeadTruncated: return kFieldMint | kFieldCount | kFieldBytes;
    case EventType::kCheckpointFailed: return kFieldSegment | kFieldDetail;
    case EventType::kReplayStart: return kFieldDetail;
    case EventType::kReplaySegment: return kFieldSegment | kFieldCount | kFieldBytes;
    case EventType::kReplayChunkFile: return kFieldSegment | kFieldCount;
    case EventType::kReplayProgress: return kFieldSegment | kFieldOffset | kFieldCount;
    case EventType::kReplayEnd: return kFieldCount | kFieldDetail;
    case EventType::kMmapCorruption: return kFieldDetail;
    case EventType::kCompactionStart: return kFieldMint | kFieldMaxt;
    case EventType::kCompactionEnd: return kFieldMint | kFieldMaxt | kFieldCount | kFieldDetail;
    case EventType::kBlockCompactionStart: return kFieldMint | kFieldMaxt | kFieldCount | kFieldDetail;
    case EventType::kBlockCompactionEnd:
      return kFieldMint | kFieldMaxt | kFieldCount | kFieldSegment | kFieldDetail;
    case EventType::kBlockDeleted: return kFieldMint | kFieldMaxt | kFieldDetail;
    case EventType::kHeadChunkFileCreated: return kFieldCount;
    case EventType::kHeadChunkWritten:
      return kFieldCount | kFieldRef | kFieldMint | kFieldMaxt | kFieldBytes;
    case EventType::kHeadChunkFileDeleted: return kFieldCount;
    case EventType::kHeadChunkFlush: return kFieldCount | kFieldOffset | kFieldBytes;
    case EventType::kHeadChunkFsync: return kFieldCount;
    case EventType::kTargetAdded: return kFieldRef | kFieldDetail;
    case EventType::kTargetRemoved: return kFieldRef;
    case EventType::kScrapeStart: return kFieldRef | kFieldMint;
    case EventType::kScrapeEnd:
      return kFieldRef | kFieldMint | kFieldCount | kFieldBytes | kFieldOffset | kFieldDetail;
    case EventType::kStaleMarkers: return kFieldRef | kFieldMint | kFieldCount;
    case EventType::kFanoutCommit: return kFieldCount | kFieldBytes | kFieldDetail;
    case EventType::kFanoutRollback: return 0;
  }
  return 0;
}

std::optional<EventType> EventTypeFromName(std::string_view name) {
  for (int i = 0; i < kEventTypeCount; i++) {
    const auto type = static_cast<EventType>(i);
    if (name == tsdb::EventTypeName(type)) return type;
  }
  return std::nullopt;
}

bool IsValidSimEventType(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return !EventTypeFromName(name).has_value();
}

uint16_t TraceRecord::written_fields() const {
  uint16_t f = is_sim() ? kSimEventFields : MeaningfulFields(event);
  // An empty detail says nothing ("" is the default) and would only add noise.
  f = static_cast<uint16_t>(f & ~kFieldDetail);
  if (!detail.empty()) f |= kFieldDetail;
  if (segment != -1) f |= kFieldSegment;
  if (offset != -1) f |= kFieldOffset;
  if (bytes != 0) f |= kFieldBytes;
  if (count != 0) f |= kFieldCount;
  if (ref != 0) f |= kFieldRef;
  if (mint != 0) f |= kFieldMint;
  if (maxt != 0) f |= kFieldMaxt;
  if (record_type != 0) f |= kFieldRecordType;
  return f;
}

TraceRecord RecordFromEvent(const tsdb::Event& e, int64_t t_ms) {
  TraceRecord r;
  r.t_ms = t_ms;
  r.lane = LaneOf(e.type);
  r.event = e.type;
  r.segment = e.segment;
  r.offset = e.offset;
  r.bytes = e.bytes;
  r.count = e.count;
  r.ref = e.ref;
  r.mint = e.mint;
  r.maxt = e.maxt;
  r.record_type = e.record_type;
  r.detail.assign(e.detail);
  return r;
}

}  // namespace tsdbsim

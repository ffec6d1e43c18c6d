// Wal::Repair: what 2.42 does to the WAL when replay hits corruption.
#include "engine/wlog/reader.h"
#include "engine/wlog/segments.h"
#include "engine/wlog/wal.h"

namespace tsdb::wlog {

namespace {

Status DeleteLaterSegments(Filesystem& fs, const std::string& dir, int corrupt,
                           RepairReport* report, EventSink* sink) {
  TSDB_ASSIGN_OR_RETURN(auto refs, ListSegments(fs, dir));
  for (const auto& r : refs) {
    if (r.index <= corrupt) continue;
    const std::string path = JoinPath(dir, r.name);
    auto info = fs.Stat(path);
    if (info.ok()) report->deleted_bytes += static_cast<int64_t>(info->size_bytes);
    if (Status s = fs.Remove(path); !s.ok()) {
      return s.Wrap("delete segment:" + std::to_string(r.index));
    }
    report->deleted_segments.push_back(r.index);
    sink->OnEvent({.type = EventType::kWalSegmentDeleted, .segment = r.index});
  }
  return {};
}

}  // namespace

Status Wal::Repair(const CorruptionError& err, RepairReport* report) {
  TSDB_ASSERT(report != nullptr);
  TSDB_ASSERT(page_alloc_ == 0);  // repair runs right after open, before any Log
  if (err.segment < 0) return Status::InvalidArgument("corruption error does not specify position");
  *report = RepairReport{};
  report->segment = err.segment;
  report->corruption_offset = err.offset;

  // The active segment is newer than the corrupt one and goes with the rest.
  if (segment_ != nullptr) {
    TSDB_RETURN_IF_ERROR(segment_->Close());
    segment_.reset();
  }
  TSDB_RETURN_IF_ERROR(DeleteLaterSegments(*fs_, dir_, err.segment, report, sink_));

  // No record reaches into an earlier segment, so rewriting this one with
  // the records read before the corruption is enough.
  const std::string name = SegmentName(dir_, err.segment);
  const std::string tmp = name + ".repair";
  TSDB_RETURN_IF_ERROR(fs_->Rename(name, tmp));
  TSDB_RETURN_IF_ERROR(CreateSegment(err.segment));
  {
    auto mapped = fs_->MapReadOnly(tmp);
    if (!mapped.ok()) return mapped.status().Wrap("open segment");
    report->original_size_bytes = static_cast<int64_t>((*mapped)->data().size());
    Reader r(dir_, {{err.segment, (*mapped)->data()}}, /*virtual_padding=*/false);
    while (r.Next()) {
      if (r.Offset() >= err.offset) break;
      if (Status s = Log(r.Record()); !s.ok()) return s.Wrap("insert record");
      report->records_kept++;
      report->kept_bytes = r.Offset();
    }
    // The reader's own error is expected here: it is the corruption itself.
  }
  if (Status s = FlushPage(true); !s.ok()) return s.Wrap("flush page in repair");
  TSDB_RETURN_IF_ERROR(fs_->Remove(tmp));
  // 2.42 closes the rewritten segment without an fsync.
  TSDB_RETURN_IF_ERROR(segment_->Close());
  segment_.reset();
  sink_->OnEvent({.type = EventType::kWalRepair,
                  .segment = err.segment,
                  .offset = err.offset,
                  .bytes = report->dropped_bytes(),
                  .count = report->records_kept});
  return CreateSegment(err.segment + 1);
}

}  // namespace tsdb::wlog

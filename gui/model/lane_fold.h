// LaneFold: trace records in, LaneItems out, one record at a time, so the
// GUI can show a step's records one by one (a replay animates) and rebuild
// from the start after a seek back (a run of hours is ~10^5 records).
#pragma once

#include <cstdint>

#include "gui/model/lane_items.h"
#include "sim/trace/trace_record.h"

namespace tsdbsim::gui {

class LaneFold {
 public:
  // Sample times go on the axis from epoch_ms, virtual (event) times from
  // clock_epoch_ms; for a simulated run the two are the same. `initial`:
  // what there was before the first record (a directory's items).
  LaneFold(int64_t epoch_ms, int64_t clock_epoch_ms, LaneItems initial = {})
      : epoch_ms_(epoch_ms), clock_epoch_ms_(clock_epoch_ms), items_(std::move(initial)) {}

  void Add(const TraceRecord& r);
  const LaneItems& items() const { return items_; }
  int64_t records() const { return records_; }

 private:
  int64_t Elapsed(int64_t sample_ms) const { return sample_ms - epoch_ms_; }
  void AddBlockDeleted(const TraceRecord& r);
  int64_t Clock(int64_t virtual_ms) const { return virtual_ms - clock_epoch_ms_; }
  void AddScrape(const TraceRecord& r);
  void AddFanout(const TraceRecord& r);
  void AddWal(const TraceRecord& r);
  void AddHead(const TraceRecord& r);
  void AddChunk(const TraceRecord& r);
  void AddReplay(const TraceRecord& r);
  void AddSim(const TraceRecord& r);
  int TargetOrdinal(uint64_t id);

  int64_t epoch_ms_;
  int64_t clock_epoch_ms_;
  LaneItems items_;
  int64_t records_ = 0;
  std::map<uint64_t, int> target_ordinals_;
};

}  // namespace tsdbsim::gui

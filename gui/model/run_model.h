// RunModel: what the GUI shows of a run — the world now, the lanes' items
// folded from the trace up to a cursor, the plots' history and the latest
// events. It knows no widget and no session: the controller feeds it
// (DESIGN.md §6), views read it.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "gui/model/lane_fold.h"
#include "sim/step/world.h"
#include "sim/trace/trace_record.h"

namespace tsdbsim::gui {

struct PlotPoint {
  int64_t t_ms = 0;
  size_t trace_size = 0;  // records the run had made: a seek back drops later points
  int64_t head_series = 0;
  int64_t head_samples = 0;  // in open chunks and mmapped ones
  int64_t open_chunk_bytes = 0;
  int64_t mmapped_bytes = 0;  // chunks_head/ files' bytes written
  int64_t wal_bytes = 0;      // live segments and the checkpoint
};

class RunModel {
 public:
  static constexpr size_t kEventsKept = 200;

  explicit RunModel(int64_t epoch_ms) : epoch_ms_(epoch_ms), clock_epoch_ms_(epoch_ms), fold_(epoch_ms, epoch_ms) {}
  // A run that starts from a real directory: sample times from epoch_ms,
  // the virtual clock from clock_epoch_ms (its start at the directory's
  // last sample); the directory's items are there before any record and
  // stay when the lanes are folded again.
  RunModel(int64_t epoch_ms, int64_t clock_epoch_ms, LaneItems initial)
      : epoch_ms_(epoch_ms),
        clock_epoch_ms_(clock_epoch_ms),
        initial_(std::move(initial)),
        fold_(epoch_ms, clock_epoch_ms, initial_) {}

  // The run moved: `trace` is all of it, `world` its world now. Shows every
  // record; a shorter trace than before (a seek back, a fork) refolds.
  void Sync(std::span<const TraceRecord> trace, const World& world);
  // Shows the first `n` records only (a replay being animated): the lanes
  // fold up to there, the world stays the one of the last Sync.
  void ShowUpTo(std::span<const TraceRecord> trace, size_t n);
  // Adds a plot point for the world of the last Sync (the controller calls
  // it at most once per plot spacing of virtual time).
  void SamplePlot();
  // A fork starts a new run whose past is this one's: its plot carries over.
  void RestorePlot(std::vector<PlotPoint> plot) { plot_ = std::move(plot); }

  const World& world() const { return world_; }
  const LaneItems& lanes() const { return fold_.items(); }
  const std::vector<PlotPoint>& plot() const { return plot_; }
  // The newest records shown, newest last.
  const std::deque<TraceRecord>& events() const { return events_; }
  size_t shown() const { return static_cast<size_t>(fold_.records()); }
  // Where the "now" line stands on the axis.
  int64_t now_ms() const { return world_.time_ms - clock_epoch_ms_; }
  int64_t epoch_ms() const { return epoch_ms_; }
  // Virtual time's 0 on the axis: events are logged relative to it.
  int64_t clock_epoch_ms() const { return clock_epoch_ms_; }
  // Series followed across the lanes (clicked), if any.
  std::optional<uint64_t> followed() const { return followed_; }
  void Follow(std::optional<uint64_t> series_ref) {
    followed_ = series_ref;
    if (!series_ref) followed_series_.reset();
  }
  // The followed series now, when it is not one of the world's watched ones
  // the head-chunk lane already shows (the controller asks the session).
  const std::optional<WorldSeries>& followed_series() const { return followed_series_; }
  void set_followed_series(std::optional<WorldSeries> s) { followed_series_ = std::move(s); }

 private:
  void FoldTo(std::span<const TraceRecord> trace, size_t n);

  int64_t epoch_ms_;
  int64_t clock_epoch_ms_;
  LaneItems initial_;
  LaneFold fold_;
  World world_;
  size_t trace_size_ = 0;
  std::vector<PlotPoint> plot_;
  std::deque<TraceRecord> events_;
  std::optional<uint64_t> followed_;
  std::optional<WorldSeries> followed_series_;
};

}  // namespace tsdbsim::gui

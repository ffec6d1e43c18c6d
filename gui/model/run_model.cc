#include "gui/model/run_model.h"

#include <algorithm>

namespace tsdbsim::gui {

void RunModel::FoldTo(std::span<const TraceRecord> trace, size_t n) {
  n = std::min(n, trace.size());
  if (n < shown()) {
    // Behind what is folded (a seek back, a fork): the trace up to here is
    // the same run's, so fold it again from the start.
    fold_ = LaneFold(epoch_ms_, clock_epoch_ms_, initial_);
    events_.clear();
  }
  const size_t from = shown();
  for (size_t i = from; i < n; i++) fold_.Add(trace[i]);
  const size_t keep_from = n > kEventsKept ? std::max(from, n - kEventsKept) : from;
  for (size_t i = keep_from; i < n; i++) {
    events_.push_back(trace[i]);
    if (events_.size() > kEventsKept) events_.pop_front();
  }
}

void RunModel::Sync(std::span<const TraceRecord> trace, const World& world) {
  FoldTo(trace, trace.size());
  world_ = world;
  trace_size_ = trace.size();
  std::erase_if(plot_, [&](const PlotPoint& p) { return p.trace_size > trace_size_ || p.t_ms > now_ms(); });
}

void RunModel::ShowUpTo(std::span<const TraceRecord> trace, size_t n) { FoldTo(trace, n); }

void RunModel::SamplePlot() {
  PlotPoint p{.t_ms = now_ms(), .trace_size = trace_size_};
  p.head_series = world_.head.series;
  p.head_samples = world_.head.open_chunk_samples + world_.head.mmapped_chunk_samples;
  p.open_chunk_bytes = world_.head.open_chunk_bytes;
  for (const WorldChunkFile& f : world_.chunks_head) p.mmapped_bytes += f.bytes_written;
  for (const WorldWalSegment& s : world_.wal.segments) p.wal_bytes += s.bytes_written;
  p.wal_bytes += world_.wal.checkpoint_size_bytes;
  if (!plot_.empty() && plot_.back().t_ms == p.t_ms) plot_.back() = p;
  else plot_.push_back(p);
}

}  // namespace tsdbsim::gui

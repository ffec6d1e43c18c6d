#include "gui/model/datadir_items.h"

#include <algorithm>

namespace tsdbsim::gui {

namespace {

// The head's span: from the end of the newest block (the WAL holds what no
// block does) to the directory's last sample.
std::pair<int64_t, int64_t> HeadSpan(const DataDirView& view) {
  const int64_t last = view.max_time_ms.value_or(0);
  int64_t first = view.min_time_ms.value_or(last);
  for (const WorldBlock& b : view.world.blocks) first = std::max(first, b.max_time_ms);
  return {std::min(first, last), last};
}

}  // namespace

LaneItems LaneItemsOfDataDir(const DataDirView& view, int64_t epoch_ms) {
  LaneItems items;
  items.from_directory = true;
  for (const DataDirChunk& c : view.chunks) {
    items.mmapped.push_back({.mint_ms = c.mint - epoch_ms,
                             .maxt_ms = c.maxt - epoch_ms,
                             .file = c.file,
                             .offset = c.offset,
                             .series_ref = c.series_ref,
                             .samples = c.samples,
                             .written_ms = c.maxt - epoch_ms});
  }
  const auto [from, to] = HeadSpan(view);
  int64_t total = 0;
  for (const WorldWalSegment& s : view.world.wal.segments) total += s.bytes_written;
  int64_t done = 0;
  for (const WorldWalSegment& s : view.world.wal.segments) {
    const auto at = [&](int64_t bytes) {
      return total <= 0 ? from - epoch_ms : from - epoch_ms + (to - from) * bytes / total;
    };
    WalSegmentItem& item = items.WalSegment(s.number);
    item = {.number = s.number,
            .created_ms = at(done),
            .last_write_ms = at(done + s.bytes_written),
            .bytes = s.bytes_written,
            .records = s.records,
            .pages = s.pages_flushed};
    done += s.bytes_written;
  }
  if (view.world.wal.checkpoint_segment >= 0) {
    items.checkpoints.push_back({.t_ms = from - epoch_ms,
                                 .value = view.world.wal.checkpoint_segment,
                                 .text = "checkpoint." + std::to_string(view.world.wal.checkpoint_segment)});
  }
  return items;
}

}  // namespace tsdbsim::gui

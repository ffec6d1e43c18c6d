// The lanes' items for a real data directory opened read-only
// (`tsdbsim-gui --open DIR`): its chunks_head/ chunks at their sample
// times, its WAL segments and checkpoint. A directory does not say when a
// segment was written; the segments are laid out in file order over the
// span the head covers, each as wide as its share of the bytes, and the
// lane says so.
#pragma once

#include <cstdint>

#include "gui/model/lane_items.h"
#include "sim/step/datadir_view.h"

namespace tsdbsim::gui {

// Times relative to epoch_ms (the view's first sample, for a directory).
LaneItems LaneItemsOfDataDir(const DataDirView& view, int64_t epoch_ms);

}  // namespace tsdbsim::gui

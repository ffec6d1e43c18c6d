// DataDirView: a real Prometheus data directory as plain values, read once
// and never written (the GUI's `--open DIR`). The part a World can say is
// said as a World, so a viewer draws a directory with the code that draws a
// simulated run; what a World has no room for (every chunk in chunks_head/,
// the time span the directory covers, what could not be read) comes beside.
//
// Reading never fails on a damaged file: a corrupt or truncated WAL segment,
// chunks_head/ file or meta.json is a line in `problems` naming the file and
// offset, and everything before the damage (and every other file) is shown.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/filesystem.h"
#include "engine/base/status.h"
#include "engine/block/meta.h"
#include "sim/step/world.h"

namespace tsdbsim {

// One chunk of a chunks_head/ file, as 2.42's startup reads it.
struct DataDirChunk {
  int64_t file = 0;    // chunks_head/ file number
  int64_t offset = 0;  // of the entry in that file
  uint64_t series_ref = 0;  // the head's series ref, as in the WAL
  int64_t mint = 0;
  int64_t maxt = 0;
  int64_t samples = 0;
  friend bool operator==(const DataDirChunk&, const DataDirChunk&) = default;
};

struct DataDirView {
  std::string dir;
  // blocks (from meta.json), chunks_head (files and their chunks), wal
  // (segments with their records, the newest checkpoint); the process is
  // down, nothing else is known. time_ms is max_time_ms (the directory's
  // last moment), elapsed_ms 0.
  World world;
  std::vector<DataDirChunk> chunks;  // every chunk in chunks_head/, by file then offset
  // The time span the directory's samples cover, inclusive: blocks give
  // [min_time, max_time - 1] (their max is exclusive), chunks [mint, maxt],
  // WAL and checkpoint samples their own times. Empty for a directory
  // without a sample. Real directories lie far from the simulator's epoch.
  std::optional<int64_t> min_time_ms;
  std::optional<int64_t> max_time_ms;
  // What could not be read, one line each: "wal/00000003: corruption in
  // segment ... at 1234: ...", "chunks_head/000001: ... (entry at offset N)".
  std::vector<std::string> problems;
  friend bool operator==(const DataDirView&, const DataDirView&) = default;
};

// Reads dir through fs. Fails only when dir is not a readable directory.
tsdb::Result<DataDirView> ReadDataDirView(tsdb::Filesystem& fs, const std::string& dir);

// A block's meta.json as the world shows it.
WorldBlock WorldBlockOf(const tsdb::block::BlockMeta& meta);

}  // namespace tsdbsim

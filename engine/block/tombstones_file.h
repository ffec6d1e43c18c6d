// A block's tombstones: deleted time ranges per series, and the `tombstones`
// file that stores them (PROMETHEUS.md §9.4, FORMAT.md beside this file).
//
// 2.42 writes entries in Go map order, which differs run to run; we write
// them sorted by series ref, then by interval start, so the same tombstones
// always give the same bytes. Any order reads back the same.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/base/filesystem.h"
#include "engine/base/status.h"

namespace tsdb::tombstones {

// A closed range [min_time, max_time] of deleted samples.
struct Interval {
  int64_t min_time = 0;
  int64_t max_time = 0;
  friend bool operator==(const Interval&, const Interval&) = default;
};

// Sorted, non-overlapping intervals.
using Intervals = std::vector<Interval>;

// Adds `n` to sorted intervals, merging it with every interval it overlaps
// or touches (ranges are discrete, so [1,2] and [3,4] merge), as 2.42 does.
void AddInterval(Intervals* in, Interval n);

// True when t (ms) lies in one of the intervals (both ends included).
inline bool IsDeleted(const Intervals& in, int64_t t) {
  for (const Interval& iv : in) {
    if (t >= iv.min_time && t <= iv.max_time) return true;
  }
  return false;
}

class MemTombstones {
 public:
  void AddInterval(uint64_t series_ref, Interval iv);
  // The intervals of a series; empty if none.
  const Intervals& Get(uint64_t series_ref) const;
  // Number of intervals over all series (meta.json's numTombstones).
  uint64_t Total() const;
  bool empty() const { return by_ref_.empty(); }
  // Every series with intervals, ascending by ref.
  const std::map<uint64_t, Intervals>& by_ref() const { return by_ref_; }

  friend bool operator==(const MemTombstones&, const MemTombstones&) = default;

 private:
  std::map<uint64_t, Intervals> by_ref_;
};

// The whole file: header, one entry per interval, CRC.
Bytes EncodeTombstonesFile(const MemTombstones& t);
// Parses a whole file; errors are kCorruption naming `path` and the offset.
Result<MemTombstones> DecodeTombstonesFile(ByteView file, const std::string& path);

// <block_dir>/tombstones; a missing file means no tombstones, as in 2.42.
Result<MemTombstones> ReadTombstonesFile(Filesystem& fs, const std::string& block_dir);
// Writes tombstones.tmp, fsyncs it, renames it over tombstones and fsyncs the
// directory. Returns the file size.
Result<uint64_t> WriteTombstonesFile(Filesystem& fs, const std::string& block_dir,
                                     const MemTombstones& t);

}  // namespace tsdb::tombstones

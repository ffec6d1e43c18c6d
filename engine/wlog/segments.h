// Naming and listing of WAL segments and checkpoints.
#pragma once

#include <string>
#include <vector>

#include "engine/base/filesystem.h"

namespace tsdb::wlog {

struct SegmentRef {
  std::string name;
  int index = 0;
};

std::string SegmentName(const std::string& dir, int index);  // dir/%08d

// Parses a whole string of decimal digits (no sign, fits in int); -1 otherwise.
int ParseIndex(std::string_view s);

// Segment files of dir in ascending order. Fails with "segments are not
// sequential" when the numbers have a gap, as 2.42 refuses to open then.
Result<std::vector<SegmentRef>> ListSegments(Filesystem& fs, const std::string& dir);

// First and last segment index, or {-1, -1} when there is none.
struct SegmentRange {
  int first = -1;
  int last = -1;
};
Result<SegmentRange> Segments(Filesystem& fs, const std::string& dir);

// Checkpoint directories (checkpoint.N, N decimal) in ascending order of N.
// Names that do not parse (checkpoint.N.tmp) are ignored.
Result<std::vector<SegmentRef>> ListCheckpoints(Filesystem& fs, const std::string& dir);

}  // namespace tsdb::wlog

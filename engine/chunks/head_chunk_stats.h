// What a chunks_head/ directory holds, file by file, read the way 2.42's
// startup reads it: for `tsdbsim inspect` and anything that shows a data
// directory to a person. Read-only.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "engine/base/filesystem.h"

namespace tsdb::chunks {

struct HeadChunkFileStats {
  std::string name;  // "000001"
  uint32_t number = 0;
  int64_t size_bytes = 0;
  int64_t chunks = 0;
  int64_t series = 0;   // distinct series refs
  int64_t samples = 0;
  int64_t min_time_ms = std::numeric_limits<int64_t>::max();
  int64_t max_time_ms = std::numeric_limits<int64_t>::min();
  std::string error;    // a corruption stopped the walk here (2.42's message)
};

// Fails only when the directory cannot be listed; a missing directory has no files.
Result<std::vector<HeadChunkFileStats>> InspectHeadChunks(Filesystem& fs, const std::string& dir);

}  // namespace tsdb::chunks

// Named places where a simulation may push the engine down a rare but legal
// path, or (for testing the crash explorer) into a deliberate bug: the
// BUGGIFY idea of FoundationDB. The engine asks Fire(point) at the place;
// the answer comes from whoever owns the run (the simulator draws it from
// its seed), so a run stays deterministic. No FaultPoints: nothing fires.
#pragma once

#include <cstdint>
#include <string_view>

namespace tsdb {

enum class FaultPoint : uint8_t {
  // Before a commit logs its records, cut a new WAL segment as if the
  // current one were full (exercises segment boundaries in replay).
  kWalCutSegment,
  // Before a commit's WAL write, close the chunks_head file being written
  // and start the next one, as if it had reached its size limit.
  kChunksCutFile,
  // A deliberate bug, for the explorer's self-test: the commit applies its
  // samples to the head and returns before writing the WAL, which the next
  // commit does.
  kBugHeadBeforeWal,
};
inline constexpr int kFaultPointCount = 3;

// "wal.cut_segment", ...: the names scenarios use.
std::string_view FaultPointName(FaultPoint p);
// False when name is none of them.
bool FaultPointFromName(std::string_view name, FaultPoint* out);

class FaultPoints {
 public:
  virtual ~FaultPoints() = default;
  // Whether the rare path is taken this time.
  virtual bool Fire(FaultPoint point) = 0;
};

// Fire through a pointer that may be null.
inline bool FireFaultPoint(FaultPoints* points, FaultPoint p) {
  return points != nullptr && points->Fire(p);
}

}  // namespace tsdb

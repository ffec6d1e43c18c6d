#include "engine/base/fault_points.h"

namespace tsdb {
namespace {

constexpr std::string_view kNames[kFaultPointCount] = {
    "wal.cut_segment",
    "chunks.cut_file",
    "bug.head_before_wal",
};

}  // namespace

std::string_view FaultPointName(FaultPoint p) { return kNames[static_cast<int>(p)]; }

bool FaultPointFromName(std::string_view name, FaultPoint* out) {
  for (int i = 0; i < kFaultPointCount; i++) {
    if (kNames[i] == name) {
      *out = static_cast<FaultPoint>(i);
      return true;
    }
  }
  return false;
}

}  // namespace tsdb

#include "engine/wlog/corruption.h"

#include "engine/wlog/segments.h"

namespace tsdb::wlog {

std::string CorruptionError::ToString() const {
  if (segment < 0) {
    return "corruption after " + std::to_string(offset) + " bytes: " + reason;
  }
  return "corruption in segment " + SegmentName(dir, segment) + " at " +
         std::to_string(offset) + ": " + reason;
}

}  // namespace tsdb::wlog

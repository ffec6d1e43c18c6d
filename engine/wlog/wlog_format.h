// Constants of the Prometheus 2.42 write-ahead log format (tsdb/wlog).
// See FORMAT.md beside this file for the layout they describe.
#pragma once

#include <cstdint>

namespace tsdb::wlog {

constexpr int64_t kPageSizeBytes = 32 * 1024;
constexpr int64_t kRecordHeaderBytes = 7;  // type, uint16 length, uint32 CRC-32C
constexpr int64_t kMaxFragmentPayloadBytes = kPageSizeBytes - kRecordHeaderBytes;
constexpr int64_t kDefaultSegmentSizeBytes = 128 * 1024 * 1024;

// The low three bits of a fragment's type byte.
enum class FragmentType : uint8_t {
  kPageTerm = 0,  // the rest of the page is zero padding
  kFull = 1,
  kFirst = 2,
  kMiddle = 3,
  kLast = 4,
};

constexpr uint8_t kSnappyFlag = 0x08;  // set on every fragment of a compressed record

inline FragmentType FragmentTypeOf(uint8_t type_byte) {
  return static_cast<FragmentType>(type_byte & static_cast<uint8_t>(~kSnappyFlag));
}

// Segment files are named with 8 decimal digits; checkpoints are
// directories named checkpoint.<8 digits> holding segments of their own.
constexpr const char* kCheckpointPrefix = "checkpoint.";

}  // namespace tsdb::wlog

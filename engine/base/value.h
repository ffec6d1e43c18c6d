// Special sample values (2.42's model/value): the stale marker and the NaN
// every parser turns other NaNs into. Compared by bit pattern, never by ==.
#pragma once

#include <bit>
#include <cstdint>

namespace tsdb {

inline constexpr uint64_t kStaleNaNBits = 0x7ff0000000000002ULL;
inline constexpr uint64_t kNormalNaNBits = 0x7ff8000000000001ULL;

inline double StaleNaN() { return std::bit_cast<double>(kStaleNaNBits); }
inline bool IsStaleNaN(double v) { return std::bit_cast<uint64_t>(v) == kStaleNaNBits; }

}  // namespace tsdb

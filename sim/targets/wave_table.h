// A sine wave from an integer table, so gauge waves never call libm's sin()
// (whose last bits differ between libraries, DESIGN.md §5).
#pragma once

#include <cstdint>

#include "engine/base/assert.h"

namespace tsdbsim {

// round(1000 * sin(2*pi*k/64)) for k = 0..16: a quarter period in 16 steps.
inline constexpr int64_t kQuarterSineMilli[17] = {0,   98,  195, 290, 383, 471, 556, 634, 707,
                                                  773, 831, 882, 924, 957, 981, 995, 1000};

// sin(2*pi*k/64) in thousandths for any k, by the sine's symmetries.
constexpr int64_t SineMilliStep(int64_t k) {
  k %= 64;
  if (k < 0) k += 64;
  if (k <= 16) return kQuarterSineMilli[k];
  if (k <= 32) return kQuarterSineMilli[32 - k];
  if (k <= 48) return -kQuarterSineMilli[k - 32];
  return -kQuarterSineMilli[64 - k];
}

// sin(2*pi*t/period) in thousandths, linearly interpolated between the 64
// table steps, all in integers.
inline int64_t SineMilli(int64_t t_ms, int64_t period_ms) {
  TSDB_ASSERT(period_ms > 0);
  int64_t t = t_ms % period_ms;
  if (t < 0) t += period_ms;
  // pos / period_ms is the step; a period up to ~4.5e16 ms keeps t * 64 in range.
  const int64_t pos = t * 64;
  const int64_t k = pos / period_ms;
  const int64_t frac = pos % period_ms;
  const int64_t a = SineMilliStep(k), b = SineMilliStep(k + 1);
  return a + (b - a) * frac / period_ms;
}

}  // namespace tsdbsim

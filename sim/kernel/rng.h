// The simulator's one random generator: xoshiro256** (Blackman & Vigna,
// 2018), seeded by expanding the 64-bit seed with SplitMix64. Every helper
// is integer arithmetic we define ourselves, so a seed gives the same
// numbers with every compiler, library and build type (no std::
// distributions, DESIGN.md §5).
#pragma once

#include <cstdint>

#include "engine/base/random_source.h"

namespace tsdbsim {

class Rng final : public tsdb::RandomSource {
 public:
  explicit Rng(uint64_t seed);

  uint64_t NextU64() override;
  // Uniform in [0, n), n > 0, without modulo bias (Lemire's method).
  uint64_t Below(uint64_t n);
  // Uniform in [lo, hi], lo <= hi.
  int64_t Range(int64_t lo, int64_t hi);
  // Uniform in [0, 1) with 53 random bits.
  double Unit();
  // True with probability ppm / 1,000,000.
  bool ChancePpm(uint32_t ppm);
  // An independent generator for a sub-component (a target, a fault plan):
  // its numbers do not shift when another component draws more or fewer.
  Rng Fork(uint64_t stream);

 private:
  uint64_t s_[4];
};

}  // namespace tsdbsim

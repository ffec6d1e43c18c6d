// The simulator's one random generator: xoshiro256** (Blackman & Vigna,
// 2018), seeded by expanding the 64-bit seed with SplitMix64. Every helper
// is integer arithmetic we define ourselves, so a seed gives the same
// numbers with every compiler, library and build type (no std::
// distributions, DESIGN.md §5).
#pragma once

#include <cstdint>

#include "engine/base/assert.h"
#include "engine/base/random_source.h"

namespace tsdbsim {

class Rng final : public tsdb::RandomSource {
 public:
  explicit Rng(uint64_t seed);

  // Inline, as Below and Range: a synthetic target draws once per series
  // and scrape.
  uint64_t NextU64() override {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n), n > 0, without modulo bias (Lemire's method).
  uint64_t Below(uint64_t n) {
    TSDB_ASSERT(n > 0);
    // Multiply-shift maps 64 random bits onto [0, n); rejecting the few low
    // products that would over-represent some results removes the bias.
    U128 m = static_cast<U128>(NextU64()) * n;
    auto low = static_cast<uint64_t>(m);
    if (low < n) {
      const uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<U128>(NextU64()) * n;
        low = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }
  // Uniform in [lo, hi], lo <= hi.
  int64_t Range(int64_t lo, int64_t hi) {
    TSDB_ASSERT(lo <= hi);
    const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
    if (span == UINT64_MAX) return static_cast<int64_t>(NextU64());
    return static_cast<int64_t>(static_cast<uint64_t>(lo) + Below(span + 1));
  }
  // Uniform in [0, 1) with 53 random bits.
  double Unit();
  // True with probability ppm / 1,000,000.
  bool ChancePpm(uint32_t ppm);
  // An independent generator for a sub-component (a target, a fault plan):
  // its numbers do not shift when another component draws more or fewer.
  Rng Fork(uint64_t stream);

 private:
  __extension__ typedef unsigned __int128 U128;  // GCC/Clang builtin, fine for -Wpedantic
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  uint64_t s_[4];
};

}  // namespace tsdbsim

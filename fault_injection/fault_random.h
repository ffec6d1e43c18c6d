// The fault model's only source of randomness: everything it draws (which
// unsynced sectors a torn power loss keeps, whether a rule with a chance
// fires, which bit a flip hits) comes from a seed through these functions,
// so a run is reproduced by its seed and its call sequence alone.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/base/random_source.h"

namespace tsdbsim::fault {

// A stream of draws from one seed (SplitMix64 underneath).
class FaultRandom {
 public:
  explicit FaultRandom(uint64_t seed) : gen_(seed) {}

  uint64_t Next() { return gen_.NextU64(); }
  // In [0, n) for n > 0; the modulo bias (at most n / 2^64) does not
  // matter for fault decisions.
  uint64_t Below(uint64_t n) { return Next() % n; }
  // True with probability ppm / 1,000,000.
  bool ChancePpm(uint32_t ppm) { return Below(1'000'000) < ppm; }

 private:
  tsdb::SplitMix64 gen_;
};

// Derives an independent seed from a seed and a value, so that each file,
// rule or call draws from its own stream and removing one changes nobody
// else's draws.
inline uint64_t DeriveSeed(uint64_t seed, uint64_t value) {
  tsdb::SplitMix64 a(seed ^ 0x6a09e667f3bcc909ULL);
  tsdb::SplitMix64 b(a.NextU64() ^ value);
  return b.NextU64();
}

// FNV-1a over the bytes: a stable value for a path.
inline uint64_t HashName(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : s) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace tsdbsim::fault

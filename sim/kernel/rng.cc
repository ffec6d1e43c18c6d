#include "sim/kernel/rng.h"

#include "engine/base/assert.h"

namespace tsdbsim {

Rng::Rng(uint64_t seed) {
  tsdb::SplitMix64 expand(seed);
  for (uint64_t& w : s_) w = expand.NextU64();
}

double Rng::Unit() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }

bool Rng::ChancePpm(uint32_t ppm) { return Below(1'000'000) < ppm; }

Rng Rng::Fork(uint64_t stream) {
  // Mix the stream id into a fresh seed drawn from this generator.
  return Rng(NextU64() ^ (stream * 0x9e3779b97f4a7c15ULL));
}

}  // namespace tsdbsim

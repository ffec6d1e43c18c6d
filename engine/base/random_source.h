// RandomSource: the engine's only source of randomness (ULIDs). The
// simulator hands it its seeded generator; production wiring may seed
// SplitMix64 from anything; never the host's entropy device.
#pragma once

#include <cstdint>

namespace tsdb {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual uint64_t NextU64() = 0;
};

// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and fully determined by
// its seed.
class SplitMix64 final : public RandomSource {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t NextU64() override {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

}  // namespace tsdb

#include "sim/kernel/rng.h"

#include "engine/base/assert.h"

namespace tsdbsim {
namespace {

__extension__ typedef unsigned __int128 U128;  // GCC/Clang builtin, fine for -Wpedantic

inline uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(uint64_t seed) {
  tsdb::SplitMix64 expand(seed);
  for (uint64_t& w : s_) w = expand.NextU64();
}

uint64_t Rng::NextU64() {
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

uint64_t Rng::Below(uint64_t n) {
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

int64_t Rng::Range(int64_t lo, int64_t hi) {
  TSDB_ASSERT(lo <= hi);
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  if (span == UINT64_MAX) return static_cast<int64_t>(NextU64());
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + Below(span + 1));
}

double Rng::Unit() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }

bool Rng::ChancePpm(uint32_t ppm) { return Below(1'000'000) < ppm; }

Rng Rng::Fork(uint64_t stream) {
  // Mix the stream id into a fresh seed drawn from this generator.
  return Rng(NextU64() ^ (stream * 0x9e3779b97f4a7c15ULL));
}

}  // namespace tsdbsim

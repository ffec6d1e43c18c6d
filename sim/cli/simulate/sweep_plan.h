// Which seeds one `tsdbsim sweep` runs: an inclusive range A..B cut into N
// shards. Shard I takes every N-th seed starting at position I-1, so shards
// 1..N of any range are disjoint and together run every seed exactly once,
// however uneven the range is. Header-only so the unit tests, which do not
// link the CLI, can check it.
#pragma once

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/status.h"

namespace tsdbsim {

struct SeedRange {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
};

struct Shard {
  uint64_t index = 1;  // 1-based, as Slurm array task ids and humans count
  uint64_t count = 1;
};

// Plain decimal digits only: no sign, no blanks, no 0x, nothing after.
inline std::optional<uint64_t> ParseDecimalU64(std::string_view s) {
  if (s.empty() || s.front() < '0' || s.front() > '9') return std::nullopt;
  uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// "A..B", or "A" alone for the one seed A.
inline tsdb::Result<SeedRange> ParseSeedRange(std::string_view s) {
  const size_t dots = s.find("..");
  const std::string_view a = s.substr(0, dots);
  const std::string_view b = dots == std::string_view::npos ? a : s.substr(dots + 2);
  const auto first = ParseDecimalU64(a);
  const auto last = ParseDecimalU64(b);
  if (!first || !last) {
    return tsdb::Status::InvalidArgument("--seeds " + std::string(s) +
                                         ": expected A..B, two unsigned 64-bit integers (e.g. 1..1000)");
  }
  if (*first > *last) {
    return tsdb::Status::InvalidArgument("--seeds " + std::string(s) + ": the first seed is greater than the last");
  }
  return SeedRange{*first, *last};
}

// "I/N" with 1 <= I <= N.
inline tsdb::Result<Shard> ParseShard(std::string_view s) {
  const size_t slash = s.find('/');
  const auto index = slash == std::string_view::npos ? std::nullopt : ParseDecimalU64(s.substr(0, slash));
  const auto count = slash == std::string_view::npos ? std::nullopt : ParseDecimalU64(s.substr(slash + 1));
  if (!index || !count) {
    return tsdb::Status::InvalidArgument("--shard " + std::string(s) + ": expected I/N (e.g. 3/8)");
  }
  if (*count == 0 || *index == 0 || *index > *count) {
    return tsdb::Status::InvalidArgument("--shard " + std::string(s) +
                                         ": I must be between 1 and N (shards are numbered from 1)");
  }
  return Shard{*index, *count};
}

// The seeds of one shard, by position: SeedAt(0) .. SeedAt(size - 1).
class SweepPlan {
 public:
  // Fails only for the one plan whose size does not fit in 64 bits: the
  // whole 0..2^64-1 range in a single shard.
  static tsdb::Result<SweepPlan> Make(SeedRange range, Shard shard) {
    const uint64_t span = range.last - range.first;  // positions 0..span
    const uint64_t offset = shard.index - 1;
    if (offset > span) return SweepPlan(range.first, shard.count, 0);
    const uint64_t steps = (span - offset) / shard.count;
    if (steps == std::numeric_limits<uint64_t>::max()) {
      return tsdb::Status::InvalidArgument("--seeds: 2^64 seeds in one shard; use a smaller range or more shards");
    }
    return SweepPlan(range.first + offset, shard.count, steps + 1);
  }

  uint64_t size() const { return size_; }
  // No overflow: the last position of the shard lies within the range.
  uint64_t SeedAt(uint64_t k) const { return start_ + k * stride_; }

 private:
  SweepPlan(uint64_t start, uint64_t stride, uint64_t size) : start_(start), stride_(stride), size_(size) {}

  uint64_t start_;
  uint64_t stride_;
  uint64_t size_;
};

}  // namespace tsdbsim

// ULIDs name blocks: 48 bits of Unix milliseconds then 80 random bits, shown
// as 26 characters of Crockford base32 (oklog/ulid, which Prometheus uses).
// The random part comes from a RandomSource so a seeded run names its blocks
// the same way every time (DESIGN.md §1).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/base/random_source.h"
#include "engine/base/status.h"

namespace tsdb::block {

class Ulid {
 public:
  static constexpr size_t kEncodedSize = 26;
  static constexpr int64_t kMaxTimeMs = (int64_t{1} << 48) - 1;

  Ulid() = default;  // all zero: "00000000000000000000000000"

  // Time part `ms` (must be in [0, kMaxTimeMs]) and 80 bits drawn from
  // `random`: the 8 bytes of one NextU64() (big-endian), then the top two
  // bytes of a second.
  static Ulid New(int64_t ms, RandomSource& random);

  // Accepts exactly 26 characters of the Crockford alphabet, either case
  // (no I, L, O, U), whose value fits 128 bits (first character '0'..'7').
  static Result<Ulid> Parse(std::string_view s);
  static bool IsValid(std::string_view s) { return Parse(s).ok(); }

  std::string ToString() const;  // upper case
  int64_t TimeMs() const;
  bool IsZero() const { return bytes_ == std::array<uint8_t, 16>{}; }
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }

  friend auto operator<=>(const Ulid&, const Ulid&) = default;
  friend bool operator==(const Ulid&, const Ulid&) = default;

 private:
  std::array<uint8_t, 16> bytes_{};
};

}  // namespace tsdb::block

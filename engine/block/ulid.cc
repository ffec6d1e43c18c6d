#include "engine/block/ulid.h"

namespace tsdb::block {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// Value of a base32 character, or -1. Lower case decodes like upper case.
int DecodeChar(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  const size_t i = kAlphabet.find(c);
  return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

}  // namespace

Ulid Ulid::New(int64_t ms, RandomSource& random) {
  TSDB_ASSERT(ms >= 0 && ms <= kMaxTimeMs);
  Ulid u;
  const auto t = static_cast<uint64_t>(ms);
  for (int i = 0; i < 6; i++) u.bytes_[i] = static_cast<uint8_t>(t >> (40 - 8 * i));
  const uint64_t a = random.NextU64();
  const uint64_t b = random.NextU64();
  for (int i = 0; i < 8; i++) u.bytes_[6 + i] = static_cast<uint8_t>(a >> (56 - 8 * i));
  u.bytes_[14] = static_cast<uint8_t>(b >> 56);
  u.bytes_[15] = static_cast<uint8_t>(b >> 48);
  return u;
}

// 128 bits as 26 five-bit digits: the first digit carries only 3 bits, so
// the number is read as a 130-bit big-endian value with two leading zeros.
std::string Ulid::ToString() const {
  std::string out(kEncodedSize, '0');
  // Peel five bits at a time off the low end.
  std::array<uint8_t, 16> v = bytes_;
  for (size_t i = kEncodedSize; i-- > 0;) {
    out[i] = kAlphabet[v[15] & 0x1F];
    // Shift the whole 128-bit number right by 5.
    for (int k = 15; k >= 0; k--) {
      const uint8_t hi = k > 0 ? v[k - 1] : 0;
      v[k] = static_cast<uint8_t>((v[k] >> 5) | (hi << 3));
    }
  }
  return out;
}

Result<Ulid> Ulid::Parse(std::string_view s) {
  if (s.size() != kEncodedSize) {
    return Status::InvalidArgument("ulid: bad data size when unmarshaling: \"" + std::string(s) + "\"");
  }
  Ulid u;
  for (size_t i = 0; i < kEncodedSize; i++) {
    const int d = DecodeChar(s[i]);
    if (d < 0) {
      return Status::InvalidArgument("ulid: bad data characters when unmarshaling: \"" +
                                     std::string(s) + "\"");
    }
    if (i == 0 && d > 7) {
      return Status::InvalidArgument("ulid: overflow when unmarshaling: \"" + std::string(s) + "\"");
    }
    // Multiply the 128-bit number by 32 and add d.
    uint8_t carry = static_cast<uint8_t>(d);
    for (int k = 15; k >= 0; k--) {
      const unsigned x = (unsigned{u.bytes_[k]} << 5) | carry;
      u.bytes_[k] = static_cast<uint8_t>(x);
      carry = static_cast<uint8_t>(x >> 8);
    }
  }
  return u;
}

int64_t Ulid::TimeMs() const {
  uint64_t t = 0;
  for (int i = 0; i < 6; i++) t = t << 8 | bytes_[i];
  return static_cast<int64_t>(t);
}

}  // namespace tsdb::block

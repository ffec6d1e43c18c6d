#include "engine/base/coding.h"

#include <bit>

namespace tsdb {

int EncodeUvarint(uint8_t* p, uint64_t v) {
  int i = 0;
  while (v >= 0x80) {
    p[i++] = static_cast<uint8_t>(v) | 0x80;
    v >>= 7;
  }
  p[i++] = static_cast<uint8_t>(v);
  return i;
}

int DecodeUvarint(const uint8_t* p, size_t n, uint64_t* v) {
  uint64_t x = 0;
  unsigned shift = 0;
  for (size_t i = 0; i < n; i++) {
    const uint8_t c = p[i];
    if (i == kMaxVarintBytes - 1 && c > 1) return -1;  // overflows 64 bits
    if (c < 0x80) {
      *v = x | uint64_t{c} << shift;
      return static_cast<int>(i + 1);
    }
    if (i == kMaxVarintBytes - 1) return -1;
    x |= uint64_t{c & 0x7fu} << shift;
    shift += 7;
  }
  return 0;
}

int UvarintSize(uint64_t v) {
  int n = 1;
  while (v >= 0x80) {
    v >>= 7;
    n++;
  }
  return n;
}

void Encbuf::PutBE16(uint16_t v) {
  uint8_t t[2];
  tsdb::PutBE16(t, v);
  b_.insert(b_.end(), t, t + 2);
}
void Encbuf::PutBE32(uint32_t v) {
  uint8_t t[4];
  tsdb::PutBE32(t, v);
  b_.insert(b_.end(), t, t + 4);
}
void Encbuf::PutBE64(uint64_t v) {
  uint8_t t[8];
  tsdb::PutBE64(t, v);
  b_.insert(b_.end(), t, t + 8);
}
void Encbuf::PutBEDouble(double v) { PutBE64(std::bit_cast<uint64_t>(v)); }
void Encbuf::PutUvarint(uint64_t v) {
  uint8_t t[kMaxVarintBytes];
  const int n = EncodeUvarint(t, v);
  b_.insert(b_.end(), t, t + n);
}
void Encbuf::PutUvarintStr(std::string_view s) {
  PutUvarint(s.size());
  PutBytes(AsBytes(s));
}

bool Decbuf::Need(size_t n) {
  if (err_ != nullptr) return false;
  if (b_.size() < n) {
    err_ = "invalid size";
    return false;
  }
  return true;
}

uint8_t Decbuf::Byte() {
  if (!Need(1)) return 0;
  const uint8_t c = b_[0];
  b_ = b_.subspan(1);
  return c;
}
uint16_t Decbuf::BE16() {
  if (!Need(2)) return 0;
  const uint16_t v = GetBE16(b_.data());
  b_ = b_.subspan(2);
  return v;
}
uint32_t Decbuf::BE32() {
  if (!Need(4)) return 0;
  const uint32_t v = GetBE32(b_.data());
  b_ = b_.subspan(4);
  return v;
}
uint64_t Decbuf::BE64() {
  if (!Need(8)) return 0;
  const uint64_t v = GetBE64(b_.data());
  b_ = b_.subspan(8);
  return v;
}
double Decbuf::BEDouble() { return std::bit_cast<double>(BE64()); }

uint64_t Decbuf::Uvarint() {
  if (err_ != nullptr) return 0;
  uint64_t v = 0;
  const int n = DecodeUvarint(b_.data(), b_.size(), &v);
  if (n <= 0) {
    err_ = "invalid uvarint";
    return 0;
  }
  b_ = b_.subspan(static_cast<size_t>(n));
  return v;
}

ByteView Decbuf::Take(size_t n) {
  if (!Need(n)) return {};
  ByteView out = b_.first(n);
  b_ = b_.subspan(n);
  return out;
}

std::string_view Decbuf::UvarintStr() {
  const uint64_t n = Uvarint();
  if (err_ != nullptr) return {};
  if (n > b_.size()) {
    err_ = "invalid size";
    return {};
  }
  return AsString(Take(static_cast<size_t>(n)));
}

}  // namespace tsdb

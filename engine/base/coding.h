// Integer coding shared by every on-disk format: big-endian fixed width,
// uvarint (unsigned LEB128, Go's binary.PutUvarint) and varint (zig-zag,
// Go's binary.PutVarint). Encbuf appends; Decbuf reads with a sticky error so
// a decoder can read a whole record and check once at the end.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tsdb {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline std::string_view AsString(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

inline void PutBE16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
inline void PutBE32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}
inline void PutBE64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = static_cast<uint8_t>(v >> (56 - 8 * i));
}
inline uint16_t GetBE16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
inline uint32_t GetBE32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
}
inline uint64_t GetBE64(const uint8_t* p) {
  return uint64_t{GetBE32(p)} << 32 | GetBE32(p + 4);
}

inline uint64_t ZigZagEncode(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t ZigZagDecode(uint64_t u) {
  return static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
}

constexpr int kMaxVarintBytes = 10;

// Writes the uvarint of v to p (at least kMaxVarintBytes free); returns bytes written.
int EncodeUvarint(uint8_t* p, uint64_t v);
// Decodes a uvarint from [p, p+n). Returns bytes consumed, 0 when the input
// ends first, or -1 on overflow past 64 bits (Go's binary.Uvarint contract).
int DecodeUvarint(const uint8_t* p, size_t n, uint64_t* v);
int UvarintSize(uint64_t v);

class Encbuf {
 public:
  void Reset() { b_.clear(); }
  const Bytes& bytes() const { return b_; }
  Bytes& mutable_bytes() { return b_; }
  size_t size() const { return b_.size(); }

  void PutByte(uint8_t c) { b_.push_back(c); }
  void PutBE16(uint16_t v);
  void PutBE32(uint32_t v);
  void PutBE64(uint64_t v);
  void PutBEDouble(double v);
  void PutUvarint(uint64_t v);
  void PutVarint(int64_t v) { PutUvarint(ZigZagEncode(v)); }
  void PutBytes(ByteView b) { b_.insert(b_.end(), b.begin(), b.end()); }
  void PutUvarintStr(std::string_view s);  // uvarint length, then bytes

 private:
  Bytes b_;
};

class Decbuf {
 public:
  explicit Decbuf(ByteView b) : b_(b) {}

  // Errors are sticky: after one, every read returns zero.
  bool ok() const { return err_ == nullptr; }
  const char* err() const { return err_; }  // "invalid size" or "invalid uvarint" ...
  size_t remaining() const { return b_.size(); }
  ByteView rest() const { return b_; }

  uint8_t Byte();
  uint16_t BE16();
  uint32_t BE32();
  uint64_t BE64();
  double BEDouble();
  uint64_t Uvarint();
  int64_t Varint() { return ZigZagDecode(Uvarint()); }
  ByteView Take(size_t n);
  std::string_view UvarintStr();
  void Skip(size_t n) { Take(n); }

 private:
  bool Need(size_t n);
  ByteView b_;
  const char* err_ = nullptr;
};

}  // namespace tsdb

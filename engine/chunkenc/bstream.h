// Bit streams for chunk encodings: a writer that reproduces the byte length
// Prometheus's Go writer leaves behind (PROMETHEUS.md §6.4), and a reader that
// never reads past its input and reports running out instead of inventing bits.
// Bits are packed MSB first within each byte.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/base/assert.h"
#include "engine/base/coding.h"

namespace tsdb::chunkenc {

// All ones in the low n bits, 1 <= n <= 64 (no shift by 64).
inline constexpr uint64_t LowBitsMask(int n) { return ~uint64_t{0} >> (64 - n); }

// Appends bits to a byte buffer. Byte-compatibility hinges on one detail of
// the Go writer (PROMETHEUS.md §6.4): a write whose length is a whole number
// of bytes that finishes on a byte boundary leaves a fresh, empty byte at the
// end, while a write of any other length that finishes on a boundary leaves
// the last byte full. `free_bits_` is the number of unwritten bits in the
// last byte (0..8), like Go's `count`.
//
// For speed every write is one 64-bit big-endian store. The buffer therefore
// runs at least 8 bytes past the logical end, and every byte past it is zero.
class BitWriter {
 public:
  BitWriter() : BitWriter(ByteView(), 0, 0) {}
  // Starts with a copy of `initial`, whose last byte has `free_bits` (0..8)
  // unwritten bits that must be zero. `capacity_bytes` is a sizing hint.
  BitWriter(ByteView initial, int free_bits, size_t capacity_bytes);

  ByteView bytes() const { return {buf_.data(), len_}; }
  uint8_t* mutable_data() { return buf_.data(); }
  size_t size_bytes() const { return len_; }
  int free_bits() const { return free_bits_; }

  void WriteBit(bool bit) {
    if (free_bits_ == 0) OpenByte();
    free_bits_--;
    buf_[len_ - 1] = static_cast<uint8_t>(buf_[len_ - 1] | (uint8_t{bit} << free_bits_));
  }

  // Writes the low `n_bits` (1..64) of u, most significant first.
  void WriteBits(uint64_t u, int n_bits) { WriteBitsAs(u, n_bits, n_bits); }

  // Writes what Go writes with several calls in a row, of which the last was
  // `last_call_bits` long: only the last call decides the trailing byte.
  void WriteBitsAs(uint64_t u, int n_bits, int last_call_bits) {
    TSDB_ASSERT(n_bits >= 1 && n_bits <= 64);
    if (n_bits > 56) {  // one store holds at most 7 old bits + 56 new ones
      Put((u >> 32) & LowBitsMask(n_bits - 32), n_bits - 32);
      Put(u & LowBitsMask(32), 32);
    } else {
      Put(u & LowBitsMask(n_bits), n_bits);
    }
    // The Go quirk: whole-byte writes end by opening the next byte.
    if (free_bits_ == 0 && last_call_bits % 8 == 0) OpenByte();
  }

  void WriteByte(uint8_t b) { WriteBits(b, 8); }
  // Varints are pushed byte by byte (each byte a whole-byte write).
  void WriteUvarint(uint64_t v);
  void WriteVarint(int64_t v) { WriteUvarint(ZigZagEncode(v)); }

 private:
  static constexpr size_t kSlackBytes = 9;  // one 8-byte store + one opened byte

  void OpenByte() {
    EnsureSlack();
    len_++;
    free_bits_ = 8;
  }
  // Writes u (< 2^n_bits, n_bits <= 56) right after the bits already written.
  void Put(uint64_t u, int n_bits) {
    if (free_bits_ == 0) OpenByte();
    EnsureSlack();
    uint8_t* p = buf_.data() + len_ - 1;  // the partly written byte
    const int total_bits = 8 - free_bits_ + n_bits;  // <= 63
    PutBE64(p, uint64_t{*p} << 56 | u << (64 - total_bits));
    const int touched_bytes = (total_bits + 7) / 8;
    len_ += static_cast<size_t>(touched_bytes - 1);
    free_bits_ = 8 * touched_bytes - total_bits;
  }
  void EnsureSlack() {
    if (buf_.size() < len_ + kSlackBytes) Grow();
  }
  void Grow();

  Bytes buf_;        // logical bytes, then zeros
  size_t len_ = 0;   // logical length
  int free_bits_ = 0;
};

// Reads bits from a borrowed byte range. Every read returns false when the
// input holds fewer bits than asked for; after a false return the reader's
// position is unspecified and the caller must stop.
class BitReader {
 public:
  BitReader() = default;
  explicit BitReader(ByteView b) : p_(b.data()), size_(b.size()) {}

  bool ReadBit(bool* bit) {
    if (valid_ == 0 && !Refill()) return false;
    valid_--;
    *bit = ((buf_ >> valid_) & 1) != 0;
    return true;
  }

  // Reads `n_bits` (1..64) into the low bits of *out.
  bool ReadBits(int n_bits, uint64_t* out) {
    if (n_bits <= valid_) {
      valid_ -= n_bits;
      *out = (buf_ >> valid_) & LowBitsMask(n_bits);
      return true;
    }
    return ReadBitsSlow(n_bits, out);
  }

  // Reads a Go-style uvarint/varint whose bytes sit in the bit stream.
  // Returns false when bits run out or the varint overflows 64 bits; `*overflow`
  // tells which.
  bool ReadUvarint(uint64_t* v, bool* overflow);
  bool ReadVarint(int64_t* v, bool* overflow);

  // Bits read so far, counted from the start of the input.
  size_t bits_consumed() const { return 8 * next_ - static_cast<size_t>(valid_); }
  size_t size_bytes() const { return size_; }

 private:
  bool ReadBitsSlow(int n_bits, uint64_t* out);
  bool Refill();

  const uint8_t* p_ = nullptr;
  size_t size_ = 0;
  size_t next_ = 0;   // next byte of the input to load into buf_
  uint64_t buf_ = 0;  // the low `valid_` bits are unread, MSB first
  int valid_ = 0;
};

}  // namespace tsdb::chunkenc

// Bit streams for chunk encodings: a writer that reproduces the byte length
// Prometheus's Go writer leaves behind (PROMETHEUS.md §6.4), and a reader that
// never reads past its input and reports running out instead of inventing bits.
// Bits are packed MSB first within each byte.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>

#include "engine/base/assert.h"
#include "engine/base/coding.h"

namespace tsdb::chunkenc {

// All ones in the low n bits, 1 <= n <= 64 (no shift by 64).
inline constexpr uint64_t LowBitsMask(int n) { return ~uint64_t{0} >> (64 - n); }

// Appends bits to a byte buffer. Byte-compatibility hinges on one detail of
// the Go writer (PROMETHEUS.md §6.4): a write whose length is a whole number
// of bytes that finishes on a byte boundary leaves a fresh, empty byte at the
// end, while a write of any other length that finishes on a boundary leaves
// the last byte full. The writer keeps the bit position of the next write
// and whether that empty byte exists; Go's byte length and free-bit count
// follow from the two.
//
// For speed every write is one 64-bit big-endian store at the byte holding
// the position. The buffer therefore keeps at least 8 bytes of room past
// that byte, and every byte past the position is zero (the store writes
// zeros after its bits), so the bytes are complete after every write:
// readers may take bytes() between any two appends.
class BitWriter {
 public:
  BitWriter() : BitWriter(ByteView(), 0, 0) {}
  // Starts with a copy of `initial`, whose last byte has `free_bits` (0..8)
  // unwritten bits that must be zero. `capacity_bytes` is a sizing hint.
  BitWriter(ByteView initial, int free_bits, size_t capacity_bytes);
  BitWriter(const BitWriter& other);
  BitWriter& operator=(const BitWriter& other);
  // A moved-from writer is empty (and can be written to again).
  BitWriter(BitWriter&& other) noexcept { *this = std::move(other); }
  BitWriter& operator=(BitWriter&& other) noexcept {
    buf_ = std::move(other.buf_);
    pos_bits_ = std::exchange(other.pos_bits_, 0);
    cap_bytes_ = std::exchange(other.cap_bytes_, 0);
    empty_byte_ = std::exchange(other.empty_byte_, false);
    return *this;
  }
  ~BitWriter() = default;

  ByteView bytes() const { return {buf_.get(), size_bytes()}; }
  uint8_t* mutable_data() { return buf_.get(); }
  size_t size_bytes() const { return (pos_bits_ + 7) / 8 + (empty_byte_ ? 1 : 0); }
  int free_bits() const { return static_cast<int>(8 * size_bytes() - pos_bits_); }
  size_t capacity_bytes() const { return cap_bytes_; }
  // Where the next write lands, for prefetching.
  const uint8_t* write_ptr() const { return buf_.get() + pos_bits_ / 8; }

  // Starts over as BitWriter(initial, 0, capacity_bytes) would, but keeps
  // the buffer when it fits and is at most 8 times capacity_bytes: a head
  // series reuses it for its next chunk instead of a free and a malloc.
  void Reset(ByteView initial, size_t capacity_bytes);

  void WriteBit(bool bit) {
    Put(uint64_t{bit}, 1);
    empty_byte_ = false;  // a one-bit write never opens a byte
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
    // The Go quirk: whole-byte writes that end on a boundary open the next byte.
    empty_byte_ = ((pos_bits_ | static_cast<unsigned>(last_call_bits)) & 7) == 0;
  }

  // WriteBitsAs for u < 2^n_bits with n_bits <= 56: one store, no splitting.
  void WriteShortAs(uint64_t u, int n_bits, int last_call_bits) {
    TSDB_ASSERT(n_bits >= 1 && n_bits <= 56);
    Put(u, n_bits);
    empty_byte_ = ((pos_bits_ | static_cast<unsigned>(last_call_bits)) & 7) == 0;
  }

  void WriteByte(uint8_t b) { WriteBits(b, 8); }
  // Varints are pushed byte by byte (each byte a whole-byte write).
  void WriteUvarint(uint64_t v);
  void WriteVarint(int64_t v) { WriteUvarint(ZigZagEncode(v)); }

 private:
  static constexpr size_t kStoreBytes = 8;

  // Writes u (< 2^n_bits, n_bits <= 56) at the position.
  void Put(uint64_t u, int n_bits) {
    const uint32_t pos = pos_bits_;
    if (pos / 8 + kStoreBytes > cap_bytes_) [[unlikely]] Grow();
    uint8_t* p = buf_.get() + pos / 8;
    const unsigned used_bits = pos % 8;  // of *p; its other bits are zero
    const uint64_t word = uint64_t{*p} << 56 | u << (64 - used_bits - static_cast<unsigned>(n_bits));
    const uint64_t be = std::endian::native == std::endian::little ? __builtin_bswap64(word) : word;
    std::memcpy(p, &be, sizeof(be));
    pos_bits_ = pos + static_cast<uint32_t>(n_bits);
  }
  void Grow();

  std::unique_ptr<uint8_t[]> buf_;  // the stream, then zeros
  uint32_t pos_bits_ = 0;           // bits written (a chunk stays far below 2^32)
  uint32_t cap_bytes_ = 0;
  bool empty_byte_ = false;         // Go's opened byte at pos_bits_ / 8 (pos on a boundary)
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

#include "engine/chunkenc/bstream.h"

#include <algorithm>

namespace tsdb::chunkenc {

BitWriter::BitWriter(ByteView initial, int free_bits, size_t capacity_bytes) {
  TSDB_ASSERT(free_bits >= 0 && free_bits <= 8);
  TSDB_ASSERT(!initial.empty() || free_bits == 0);
  TSDB_ASSERT(free_bits == 0 || (initial.back() & LowBitsMask(free_bits)) == 0);
  TSDB_ASSERT(initial.size() < (size_t{1} << 28));  // positions are counted in 32-bit bits
  const size_t cap = std::max(initial.size() + kStoreBytes, capacity_bytes);
  buf_ = std::make_unique<uint8_t[]>(cap);  // zeroed
  std::copy(initial.begin(), initial.end(), buf_.get());
  cap_bytes_ = static_cast<uint32_t>(cap);
  pos_bits_ = static_cast<uint32_t>(8 * initial.size()) - static_cast<uint32_t>(free_bits);
  empty_byte_ = free_bits == 8;
}

BitWriter::BitWriter(const BitWriter& other)
    : buf_(std::make_unique<uint8_t[]>(other.cap_bytes_)),
      pos_bits_(other.pos_bits_),
      cap_bytes_(other.cap_bytes_),
      empty_byte_(other.empty_byte_) {
  const ByteView b = other.bytes();
  std::copy(b.begin(), b.end(), buf_.get());
}

BitWriter& BitWriter::operator=(const BitWriter& other) {
  if (this != &other) *this = BitWriter(other);
  return *this;
}

void BitWriter::Reset(ByteView initial, size_t capacity_bytes) {
  // A buffer much bigger than asked for (a chunk of unusual size) is let go.
  if (cap_bytes_ < initial.size() + kStoreBytes || cap_bytes_ > 8 * capacity_bytes) {
    *this = BitWriter(initial, 0, capacity_bytes);
    return;
  }
  std::fill(buf_.get(), buf_.get() + size_bytes(), uint8_t{0});
  std::copy(initial.begin(), initial.end(), buf_.get());
  pos_bits_ = static_cast<uint32_t>(8 * initial.size());
  empty_byte_ = false;
}

void BitWriter::Grow() {
  // Doubling keeps appends amortised O(1). Everything past the stream stays zero.
  const size_t cap = std::max<size_t>(2 * size_t{cap_bytes_}, pos_bits_ / 8 + kStoreBytes);
  TSDB_ASSERT(cap < (size_t{1} << 29));
  auto grown = std::make_unique_for_overwrite<uint8_t[]>(cap);
  const size_t keep = size_bytes();
  std::copy(buf_.get(), buf_.get() + keep, grown.get());
  std::fill(grown.get() + keep, grown.get() + cap, uint8_t{0});
  buf_ = std::move(grown);
  cap_bytes_ = static_cast<uint32_t>(cap);
}

void BitWriter::WriteUvarint(uint64_t v) {
  uint8_t buf[kMaxVarintBytes];
  const int n = EncodeUvarint(buf, v);
  for (int i = 0; i < n; i++) WriteByte(buf[i]);
}

bool BitReader::Refill() {
  const size_t left = size_ - next_;
  if (left >= 8) {
    buf_ = GetBE64(p_ + next_);
    next_ += 8;
    valid_ = 64;
    return true;
  }
  if (left == 0) return false;
  // Fewer than 8 bytes remain: take them all, right-aligned.
  uint64_t b = 0;
  for (size_t i = 0; i < left; i++) b = b << 8 | p_[next_ + i];
  buf_ = b;
  next_ = size_;
  valid_ = static_cast<int>(8 * left);
  return true;
}

bool BitReader::ReadBitsSlow(int n_bits, uint64_t* out) {
  // Take what is left in the buffer as the high part, then the rest from a
  // fresh buffer load.
  const int have = valid_;
  const uint64_t high = have > 0 ? buf_ & LowBitsMask(have) : 0;
  const int need = n_bits - have;  // 1..64
  valid_ = 0;
  if (!Refill() || valid_ < need) return false;
  valid_ -= need;
  const uint64_t low = (buf_ >> valid_) & LowBitsMask(need);
  // have > 0 implies need < 64, so the shift is defined.
  *out = have > 0 ? (high << need) | low : low;
  return true;
}

bool BitReader::ReadUvarint(uint64_t* v, bool* overflow) {
  // Gather the bytes up to the first one without a continuation bit, then
  // decode them with the same rules as Go's binary.ReadUvarint.
  uint8_t buf[kMaxVarintBytes];
  *overflow = false;
  for (int i = 0; i < kMaxVarintBytes; i++) {
    uint64_t byte = 0;
    if (!ReadBits(8, &byte)) return false;
    buf[i] = static_cast<uint8_t>(byte);
    if (buf[i] < 0x80) {
      if (DecodeUvarint(buf, static_cast<size_t>(i + 1), v) > 0) return true;
      break;
    }
  }
  *overflow = true;
  return false;
}

bool BitReader::ReadVarint(int64_t* v, bool* overflow) {
  uint64_t u = 0;
  if (!ReadUvarint(&u, overflow)) return false;
  *v = ZigZagDecode(u);
  return true;
}

}  // namespace tsdb::chunkenc

// XorIterator: decodes an XOR chunk from borrowed bytes (see FORMAT.md).
#include <bit>
#include <string>

#include "engine/chunkenc/xor.h"

namespace tsdb::chunkenc {
namespace {

// A dod payload is the low n bits of a two's complement, and the buckets
// reach one further on the positive side, so only payloads above 2^(n-1)
// are negative.
constexpr int64_t SignExtendBucket(uint64_t u, int n_bits) {
  if (u > (uint64_t{1} << (n_bits - 1))) u -= uint64_t{1} << n_bits;
  return static_cast<int64_t>(u);
}

}  // namespace

XorIterator::XorIterator(ByteView chunk) {
  if (chunk.size() < kChunkHeaderSizeBytes) {
    status_ = Status::Corruption("xor chunk: " + std::to_string(chunk.size()) +
                                 " bytes, shorter than the 2-byte sample count");
    return;
  }
  total_ = GetBE16(chunk.data());
  br_ = BitReader(chunk.subspan(kChunkHeaderSizeBytes));
  // Decode like Prometheus's iterator: a reuse before any window means 0/0.
  s_.leading = 0;
}

double XorIterator::v() const { return std::bit_cast<double>(s_.v_bits); }

XorState XorIterator::ResumeState() const {
  XorState s = s_;
  if (!window_set_) s.leading = kNoValueWindow;
  return s;
}

bool XorIterator::Fail(const char* what) {
  status_ = Status::Corruption("xor chunk: sample " + std::to_string(read_) + " of " +
                               std::to_string(total_) + ": " + what);
  return false;
}

bool XorIterator::Next() {
  if (read_ == total_ || !status_.ok()) return false;
  bool ok = false;
  if (read_ == 0) {
    ok = ReadFirst();
  } else if (read_ == 1) {
    ok = ReadSecond();
  } else {
    ok = ReadLater();
  }
  if (!ok) return false;
  read_++;
  return true;
}

bool XorIterator::ReadFirst() {
  bool overflow = false;
  int64_t t_ms = 0;
  if (!br_.ReadVarint(&t_ms, &overflow)) {
    return Fail(overflow ? "timestamp varint overflows 64 bits" : "bit stream ends in the timestamp");
  }
  uint64_t v_bits = 0;
  if (!br_.ReadBits(64, &v_bits)) return Fail("bit stream ends in the first value");
  s_.t_ms = t_ms;
  s_.v_bits = v_bits;
  return true;
}

bool XorIterator::ReadSecond() {
  bool overflow = false;
  uint64_t delta_ms = 0;
  if (!br_.ReadUvarint(&delta_ms, &overflow)) {
    return Fail(overflow ? "timestamp delta uvarint overflows 64 bits"
                         : "bit stream ends in the timestamp delta");
  }
  s_.t_delta_ms = delta_ms;
  s_.t_ms = static_cast<int64_t>(static_cast<uint64_t>(s_.t_ms) + delta_ms);
  return ReadValue();
}

bool XorIterator::ReadLater() {
  // Up to four prefix bits: 0, 10, 110, 1110, 1111.
  int prefix_ones = 0;
  for (; prefix_ones < 4; prefix_ones++) {
    bool bit = false;
    if (!br_.ReadBit(&bit)) return Fail("bit stream ends in the delta-of-delta prefix");
    if (!bit) break;
  }
  static constexpr int kPayloadBits[] = {0, 14, 17, 20, 64};
  const int n_bits = kPayloadBits[prefix_ones];
  int64_t dod_ms = 0;
  if (n_bits > 0) {
    uint64_t u = 0;
    if (!br_.ReadBits(n_bits, &u)) return Fail("bit stream ends in the delta-of-delta");
    dod_ms = n_bits == 64 ? static_cast<int64_t>(u) : SignExtendBucket(u, n_bits);
  }
  s_.t_delta_ms += static_cast<uint64_t>(dod_ms);
  s_.t_ms = static_cast<int64_t>(static_cast<uint64_t>(s_.t_ms) + s_.t_delta_ms);
  return ReadValue();
}

bool XorIterator::ReadValue() {
  bool changed = false;
  if (!br_.ReadBit(&changed)) return Fail("bit stream ends in the value control bits");
  if (!changed) return true;
  bool new_window = false;
  if (!br_.ReadBit(&new_window)) return Fail("bit stream ends in the value control bits");
  if (new_window) {
    uint64_t header = 0;  // 5-bit lead, 6-bit significant-bit count
    if (!br_.ReadBits(5 + 6, &header)) return Fail("bit stream ends in the value window");
    const int lead = static_cast<int>(header >> 6);
    int sig_bits = static_cast<int>(header & 0x3F);
    if (sig_bits == 0) sig_bits = 64;  // 64 does not fit in 6 bits
    if (lead + sig_bits > 64) return Fail("value window wider than 64 bits");
    s_.leading = static_cast<uint8_t>(lead);
    s_.trailing = static_cast<uint8_t>(64 - lead - sig_bits);
    window_set_ = true;
  }
  const int sig_bits = 64 - s_.leading - s_.trailing;
  uint64_t x = 0;
  if (!br_.ReadBits(sig_bits, &x)) return Fail("bit stream ends in the value bits");
  s_.v_bits ^= x << s_.trailing;
  return true;
}

}  // namespace tsdb::chunkenc

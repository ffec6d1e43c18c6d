// XorChunk: the XOR encoder and resuming from bytes (see FORMAT.md).
#include "engine/chunkenc/xor.h"

#include <bit>
#include <string>

namespace tsdb::chunkenc {
namespace {

// Prometheus starts every chunk with room for 128 bytes: enough for 120
// samples of a steady counter; noisier series grow the buffer by doubling.
constexpr size_t kInitialCapacityBytes = 128;

// The largest leading-zero count the 5-bit field can hold.
constexpr int kMaxLeadingZeros = 31;

// Whether dod fits the n-bit bucket. The range is asymmetric, one more on
// the positive side: -(2^(n-1) - 1) <= dod <= 2^(n-1).
constexpr bool FitsBucket(int64_t dod, int n_bits) {
  const int64_t half = int64_t{1} << (n_bits - 1);
  return -(half - 1) <= dod && dod <= half;
}

// The 2-byte count is written as plain bytes (not through the bit writer),
// so the first sample starts a fresh byte.
constexpr uint8_t kEmptyChunk[kChunkHeaderSizeBytes] = {0, 0};

}  // namespace

static_assert(sizeof(XorChunk) <= 48, "the head keeps one XorChunk per series in its hot cache lines");

XorChunk::XorChunk() : w_(kEmptyChunk, 0, kInitialCapacityBytes) {}

XorChunk::XorChunk(BitWriter w, const XorState& s)
    : w_(std::move(w)),
      num_samples_(GetBE16(w_.bytes().data())),
      leading_(s.leading),
      trailing_(s.trailing),
      t_ms_(s.t_ms),
      v_bits_(s.v_bits),
      t_delta_ms_(s.t_delta_ms) {}

void XorChunk::Reset() {
  w_.Reset(kEmptyChunk, kInitialCapacityBytes);
  num_samples_ = 0;
  leading_ = kNoValueWindow;
  trailing_ = 0;
  t_ms_ = 0;
  v_bits_ = 0;
  t_delta_ms_ = 0;
}

void XorChunk::AppendSlow(int64_t t_ms, uint64_t v_bits) {
  const int num = NumSamples();
  TSDB_ASSERT(num < kMaxSamplesPerChunk);
  // Unsigned subtraction: Go wraps here, and so must we (no signed overflow).
  const uint64_t t_delta_ms = static_cast<uint64_t>(t_ms) - static_cast<uint64_t>(t_ms_);

  if (num >= 2) {
    const auto dod_ms = static_cast<int64_t>(t_delta_ms - t_delta_ms_);
    if (dod_ms == 0) {
      AppendValue(v_bits, 1);  // the one-bit '0' rides with the value
    } else {
      AppendDod(dod_ms);
      AppendValue(v_bits, 0);
    }
    t_delta_ms_ = t_delta_ms;
  } else if (num == 0) {
    w_.WriteVarint(t_ms);
    w_.WriteBits(v_bits, 64);
    t_delta_ms_ = 0;
  } else {
    w_.WriteUvarint(t_delta_ms);
    AppendValue(v_bits, 0);
    t_delta_ms_ = t_delta_ms;
  }
  t_ms_ = t_ms;
  v_bits_ = v_bits;
  num_samples_ = static_cast<uint16_t>(num + 1);
}

// Only for dod_ms != 0: a zero rides with the value (AppendValue).
void XorChunk::AppendDod(int64_t dod_ms) {
  // Prefix and payload go out as one write: only the last write of a sample
  // decides the trailing-byte quirk, and that is always the value's.
  const auto payload = static_cast<uint64_t>(dod_ms);
  if (FitsBucket(dod_ms, 14)) {
    w_.WriteBits(uint64_t{0b10} << 14 | (payload & LowBitsMask(14)), 2 + 14);
  } else if (FitsBucket(dod_ms, 17)) {
    w_.WriteBits(uint64_t{0b110} << 17 | (payload & LowBitsMask(17)), 3 + 17);
  } else if (FitsBucket(dod_ms, 20)) {
    w_.WriteBits(uint64_t{0b1110} << 20 | (payload & LowBitsMask(20)), 4 + 20);
  } else {
    w_.WriteBits(0b1111, 4);
    w_.WriteBits(payload, 64);  // Gorilla uses 32 bits; Prometheus needs ms range
  }
}

void XorChunk::AppendValue(uint64_t v_bits, int zero_prefix_bits) {
  TSDB_ASSERT(zero_prefix_bits == 0 || zero_prefix_bits == 1);
  const int p = zero_prefix_bits;  // leading zeros of the merged write: free
  const uint64_t x = v_bits ^ v_bits_;
  if (x == 0) {
    // Control '0'. A single-bit write never triggers the trailing-byte quirk.
    w_.WriteBitsAs(0, 1 + p, 1);
    return;
  }
  int lead = std::countl_zero(x);
  const int trail = std::countr_zero(x);
  if (lead > kMaxLeadingZeros) lead = kMaxLeadingZeros;

  // Go writes the control bits, the window fields and the XOR bits in
  // separate calls; merging them is byte-identical as long as the XOR bits'
  // length still decides the trailing-byte quirk (WriteBitsAs).
  // Before the first window leading_ is kNoValueWindow, which no lead reaches.
  if (lead >= leading_ && trail >= trailing_) {
    // The new XOR fits the previous window: control '10' and the window only.
    const int sig_bits = 64 - leading_ - trailing_;
    const uint64_t meaningful = x >> trailing_;
    if (p + 2 + sig_bits <= 64) [[likely]] {
      w_.WriteBitsAs(uint64_t{0b10} << sig_bits | meaningful, p + 2 + sig_bits, sig_bits);
    } else {
      if (p > 0) w_.WriteBit(false);
      w_.WriteBits(0b10, 2);
      w_.WriteBits(meaningful, sig_bits);
    }
    return;
  }
  leading_ = static_cast<uint8_t>(lead);
  trailing_ = static_cast<uint8_t>(trail);
  const int sig_bits = 64 - lead - trail;
  // Control '11', 5-bit lead, 6-bit count (64 wraps to 0 in 6 bits).
  const uint64_t header = uint64_t{0b11} << 11 | uint64_t(lead) << 6 | (uint64_t(sig_bits) & 0x3F);
  constexpr int kHeaderBits = 2 + 5 + 6;
  if (p + kHeaderBits + sig_bits <= 64) {
    w_.WriteBitsAs(header << sig_bits | x >> trail, p + kHeaderBits + sig_bits, sig_bits);
  } else {
    if (p > 0) w_.WriteBit(false);
    w_.WriteBits(header, kHeaderBits);
    w_.WriteBits(x >> trail, sig_bits);
  }
}

Result<XorChunk> XorChunk::FromBytes(ByteView chunk) {
  XorIterator it(chunk);
  while (it.Next()) {
  }
  if (!it.status().ok()) return it.status();

  // The writer resumes inside the last byte, so what follows the last sample
  // must be unwritten: fewer than 9 bits (the Go writer leaves at most one
  // empty byte), all zero.
  const size_t used_bits = 8 * kChunkHeaderSizeBytes + it.stream_bits_consumed();
  const size_t free_bits = 8 * chunk.size() - used_bits;
  if (free_bits > 8) {
    return Status::Corruption("xor chunk: " + std::to_string(free_bits) +
                              " unused bits after the last sample (at most 8 expected)");
  }
  if (free_bits > 0 && (chunk.back() & LowBitsMask(static_cast<int>(free_bits))) != 0) {
    return Status::Corruption("xor chunk: non-zero padding bits after the last sample");
  }
  return XorChunk(BitWriter(chunk, static_cast<int>(free_bits), kInitialCapacityBytes), it.ResumeState());
}

}  // namespace tsdb::chunkenc

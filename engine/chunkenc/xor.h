// The XOR chunk (encoding 1): Gorilla-style compression of (timestamp, float)
// samples, byte-identical to Prometheus 2.42 (PROMETHEUS.md §6, FORMAT.md).
//
// XorChunk owns its bytes and keeps the appender state inside itself, so the
// head can append sample after sample without extra objects. XorIterator
// borrows bytes (an owned chunk, or a slice of an mmapped file) and decodes
// them without copying.
#pragma once

#include <bit>
#include <cstdint>
#include <utility>

#include "engine/base/coding.h"
#include "engine/base/status.h"
#include "engine/chunkenc/bstream.h"
#include "engine/chunkenc/chunk.h"

namespace tsdb::chunkenc {

// "No value window yet": the first non-zero XOR of a chunk must describe its
// own leading/trailing zero counts.
inline constexpr uint8_t kNoValueWindow = 0xFF;

// What the encoder remembers between samples, and what the decoder rebuilds.
// Deltas are unsigned and wrap, like Go's uint64 arithmetic, so any int64
// timestamps (even decreasing ones) encode and decode without overflow UB.
struct XorState {
  int64_t t_ms = 0;
  uint64_t v_bits = 0;      // raw IEEE-754 bits of the last value
  uint64_t t_delta_ms = 0;  // t_ms minus the previous timestamp
  uint8_t leading = kNoValueWindow;
  uint8_t trailing = 0;
};

class XorIterator {
 public:
  // `chunk` is the whole chunk including its 2-byte sample count; it must
  // outlive the iterator.
  explicit XorIterator(ByteView chunk);

  // Advances to the next sample. False at the end or on error (see status()).
  bool Next();
  int64_t t() const { return s_.t_ms; }
  double v() const;
  uint64_t v_bits() const { return s_.v_bits; }
  int num_samples() const { return total_; }
  int num_read() const { return read_; }
  // OK, or kCorruption naming the sample index that failed to decode.
  const Status& status() const { return status_; }

  // After the last sample: the state an appender needs to continue the chunk
  // exactly as if it had written every sample itself, and how many bits of
  // the stream (after the 2-byte count) the samples occupy.
  XorState ResumeState() const;
  size_t stream_bits_consumed() const { return br_.bits_consumed(); }

 private:
  bool ReadFirst();
  bool ReadSecond();
  bool ReadLater();
  bool ReadValue();
  bool Fail(const char* what);

  BitReader br_;
  XorState s_;
  uint16_t total_ = 0;
  uint16_t read_ = 0;
  // Prometheus decodes a window reuse before any window as "0 leading, 0
  // trailing"; window_set_ only tells ResumeState whether one was written.
  bool window_set_ = false;
  Status status_;
};

class XorChunk {
 public:
  // An empty chunk: just the 2-byte sample count 0.
  XorChunk();

  // Appends one sample. The chunk holds at most 65,535 samples (the count is
  // 16 bits); appending more is a bug in the caller. Timestamps are not
  // checked for order: the head does that, as in Prometheus.
  void Append(int64_t t_ms, double v) {
    const uint64_t v_bits = std::bit_cast<uint64_t>(v);
    // The steady-scrape case, inline in the head's commit loop: the same
    // interval as last time (dod 0) and a value that repeats or fits the
    // current window. Everything else, and the first two samples, out of line.
    if (num_samples_ >= 2 && num_samples_ < kMaxSamplesPerChunk &&
        static_cast<uint64_t>(t_ms) - static_cast<uint64_t>(t_ms_) == t_delta_ms_ &&
        AppendSteadyValue(v_bits)) [[likely]] {
      t_ms_ = t_ms;
      v_bits_ = v_bits;
      num_samples_++;
      return;
    }
    AppendSlow(t_ms, v_bits);
  }

  // Back to an empty chunk, keeping the buffer when it is of a usual size.
  void Reset();

  int NumSamples() const { return num_samples_; }
  // The chunk's size as written to disk (count header included).
  size_t SizeBytes() const { return w_.size_bytes(); }
  // The count at the front of the bytes is brought up to date here rather
  // than on every Append: an append then touches only the stream's end, not
  // a second cache line of a buffer that is usually cold.
  ByteView bytes() const {
    PutBE16(w_.mutable_data(), num_samples_);
    return w_.bytes();
  }
  // Where the next Append writes, for prefetching.
  const uint8_t* stream_end() const { return w_.write_ptr(); }
  // Iterates this chunk; valid until the next Append.
  XorIterator Iterator() const { return XorIterator(bytes()); }

  // Copies `chunk`, decodes every sample to validate it, and restores the
  // appender state so Append continues the bit stream seamlessly.
  static Result<XorChunk> FromBytes(ByteView chunk);

 private:
  XorChunk(BitWriter w, const XorState& s);

  void AppendSlow(int64_t t_ms, uint64_t v_bits);
  void AppendDod(int64_t dod_ms);
  // dod '0' and a value that repeats or fits the current window, in one
  // store; false, with nothing written, for any other value.
  bool AppendSteadyValue(uint64_t v_bits) {
    const uint64_t x = v_bits ^ v_bits_;
    if (x == 0) {
      w_.WriteShortAs(0, 2, 1);  // dod '0', value '0'
      return true;
    }
    // lead is not clamped to 31 here: against a window's lead (<= 31) the
    // comparison comes out the same. Before the first window leading_ is
    // kNoValueWindow, which no lead reaches.
    const int lead = std::countl_zero(x);
    const int trail = std::countr_zero(x);
    const int window_bits = 64 - leading_ - trailing_;
    if (lead < leading_ || trail < trailing_ || 1 + 2 + window_bits > 56) return false;
    // dod '0', control '10', the window; the window's bits are Go's last call.
    w_.WriteShortAs(uint64_t{0b10} << window_bits | x >> trailing_, 1 + 2 + window_bits, window_bits);
    return true;
  }
  // `zero_prefix_bits` (0 or 1) zero bits go out first, in the same write:
  // a delta-of-delta of 0 is the one-bit '0' and rides with the value.
  void AppendValue(uint64_t v_bits, int zero_prefix_bits);

  // The encoder state (XorState's fields) is laid out around the writer so
  // the whole chunk object is 48 bytes: the head keeps one per series next
  // to the series' other hot fields. no_unique_address lets the small
  // fields use the writer's tail padding.
  [[no_unique_address]] mutable BitWriter w_;  // mutable only for the count, see bytes()
  uint16_t num_samples_ = 0;
  uint8_t leading_ = kNoValueWindow;
  uint8_t trailing_ = 0;
  int64_t t_ms_ = 0;
  uint64_t v_bits_ = 0;
  uint64_t t_delta_ms_ = 0;
};

}  // namespace tsdb::chunkenc

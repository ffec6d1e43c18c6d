// XOR chunk properties: any samples round trip bit for bit, and resuming a
// chunk from its bytes continues it exactly as if it had never stopped.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

#include "engine/chunkenc/xor.h"

namespace tsdb::chunkenc {
namespace {

struct Sample {
  int64_t t_ms;
  uint64_t v_bits;
};

// Delta-of-delta values at and around every bucket edge of PROMETHEUS.md §6.2.
rc::Gen<int64_t> DodEdge() {
  return rc::gen::element<int64_t>(8192, 8193, -8191, -8192, 65536, 65537, -65535, -65536, 524288,
                                   524289, -524287, -524288);
}

// Strictly increasing timestamps: steady scrapes, jitter, bucket-edge jumps,
// huge gaps and 1 ms steps.
std::vector<int64_t> GenTimestamps(int n) {
  std::vector<int64_t> ts;
  int64_t t = *rc::gen::inRange<int64_t>(-(int64_t{1} << 50), int64_t{1} << 50);
  int64_t delta = 15'000;
  for (int i = 0; i < n; i++) {
    ts.push_back(t);
    switch (*rc::gen::inRange(0, 5)) {
      case 0: break;  // same delta: dod 0
      case 1: delta = 15'000 + *rc::gen::inRange(-500, 501); break;
      case 2: delta += *DodEdge() + *rc::gen::inRange(-1, 2); break;
      case 3: delta = *rc::gen::inRange<int64_t>(1, int64_t{1} << 50); break;
      default: delta = 1; break;
    }
    if (delta < 1) delta = 1;
    if (t > std::numeric_limits<int64_t>::max() - delta) break;
    t += delta;
  }
  return ts;
}

// Values: arbitrary patterns, NaNs with payloads, stale markers, signed
// zeros, infinities, repeats, small mantissa changes and counter steps.
uint64_t GenValueBits(uint64_t prev) {
  switch (*rc::gen::inRange(0, 6)) {
    case 0: return *rc::gen::arbitrary<uint64_t>();
    case 1:
      return *rc::gen::element<uint64_t>(
          0x7FF0000000000002, 0x7FF8000000000001, 0x7FF8000000000000, 0xFFF8000000000000,
          std::bit_cast<uint64_t>(0.0), std::bit_cast<uint64_t>(-0.0),
          std::bit_cast<uint64_t>(std::numeric_limits<double>::infinity()),
          std::bit_cast<uint64_t>(-std::numeric_limits<double>::infinity()), uint64_t{1});
    case 2: {  // NaN with a random non-zero payload, either sign
      const uint64_t payload = *rc::gen::inRange<uint64_t>(1, uint64_t{1} << 52);
      return (*rc::gen::arbitrary<bool>() ? 0xFFF0000000000000 : 0x7FF0000000000000) | payload;
    }
    case 3: return prev;
    case 4: return prev ^ (*rc::gen::inRange<uint64_t>(1, 1 << 16) << *rc::gen::inRange(0, 48));
    default: {
      const double next = std::bit_cast<double>(prev) + *rc::gen::inRange(0, 1000);
      return std::bit_cast<uint64_t>(next);
    }
  }
}

std::vector<Sample> GenSamples(int max_n) {
  const std::vector<int64_t> ts = GenTimestamps(*rc::gen::inRange(0, max_n + 1));
  std::vector<Sample> out;
  uint64_t v = 0;
  for (int64_t t : ts) {
    v = GenValueBits(v);
    out.push_back({t, v});
  }
  return out;
}

XorChunk Encode(const std::vector<Sample>& samples, size_t from, size_t to, XorChunk c = XorChunk()) {
  for (size_t i = from; i < to; i++) c.Append(samples[i].t_ms, std::bit_cast<double>(samples[i].v_bits));
  return c;
}

void AssertDecodesTo(ByteView bytes, const std::vector<Sample>& samples) {
  XorIterator it(bytes);
  size_t i = 0;
  while (it.Next()) {
    RC_ASSERT(i < samples.size());
    RC_ASSERT(it.t() == samples[i].t_ms);
    RC_ASSERT(it.v_bits() == samples[i].v_bits);
    i++;
  }
  RC_ASSERT(it.status().ok());
  RC_ASSERT(i == samples.size());
}

RC_GTEST_PROP(XorProperty, IncreasingTimestampsRoundTripBitExactly, ()) {
  const std::vector<Sample> samples = GenSamples(300);
  const XorChunk c = Encode(samples, 0, samples.size());
  RC_ASSERT(c.NumSamples() == static_cast<int>(samples.size()));
  AssertDecodesTo(c.bytes(), samples);
}

RC_GTEST_PROP(XorProperty, ArbitraryTimestampsRoundTripBitExactly,
              (const std::vector<std::pair<int64_t, uint64_t>>& raw)) {
  // Any int64 sequence, unordered and wrapping: deltas are modular like Go's.
  std::vector<Sample> samples;
  for (const auto& [t, v] : raw) samples.push_back({t, v});
  AssertDecodesTo(Encode(samples, 0, samples.size()).bytes(), samples);
}

RC_GTEST_PROP(XorProperty, ResumeFromBytesThenAppendEqualsOneShot, ()) {
  const std::vector<Sample> samples = GenSamples(200);
  const size_t split = *rc::gen::inRange<size_t>(0, samples.size() + 1);
  const XorChunk whole = Encode(samples, 0, samples.size());
  const XorChunk head = Encode(samples, 0, split);
  Result<XorChunk> resumed = XorChunk::FromBytes(head.bytes());
  RC_ASSERT(resumed.ok());
  const XorChunk continued = Encode(samples, split, samples.size(), std::move(resumed).value());
  const ByteView a = whole.bytes(), b = continued.bytes();
  RC_ASSERT(std::vector<uint8_t>(a.begin(), a.end()) == std::vector<uint8_t>(b.begin(), b.end()));
}

RC_GTEST_PROP(XorProperty, ArbitraryBytesDecodeOrFailCleanly, (const std::vector<uint8_t>& bytes)) {
  // Keep the sample count small so decoding gets deep into the garbage.
  std::vector<uint8_t> b = bytes;
  if (b.size() >= 2) b[0] = 0;
  XorIterator it(b);
  int n = 0;
  while (it.Next()) n++;
  RC_ASSERT(it.status().ok() || it.status().code() == StatusCode::kCorruption);
  RC_ASSERT(n <= it.num_samples());
  Result<XorChunk> c = XorChunk::FromBytes(b);
  if (c.ok()) {
    // Whatever was accepted must keep accepting appends and stay decodable.
    c->Append(static_cast<int64_t>(static_cast<uint64_t>(it.t()) + 1), 1.0);
    XorIterator again(c->bytes());
    while (again.Next()) {
    }
    RC_ASSERT(again.status().ok());
  }
}

}  // namespace
}  // namespace tsdb::chunkenc

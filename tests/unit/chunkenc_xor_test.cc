// XOR chunk encoding: the PROMETHEUS.md §6 rules bit by bit, the §6.4 length
// quirk, resuming a chunk from bytes, and corrupt input.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "engine/chunkenc/xor.h"

namespace tsdb::chunkenc {
namespace {

struct Sample {
  int64_t t_ms;
  uint64_t v_bits;
};

double D(uint64_t bits) { return std::bit_cast<double>(bits); }
uint64_t B(double v) { return std::bit_cast<uint64_t>(v); }

std::string Hex(ByteView b) {
  static const char* kDigits = "0123456789abcdef";
  std::string s;
  for (uint8_t c : b) {
    s += kDigits[c >> 4];
    s += kDigits[c & 15];
  }
  return s;
}

// The chunk's bits from `from` (bit index from the start of the chunk) as '0'/'1'.
std::string BitsAt(ByteView b, size_t from, size_t n) {
  std::string s;
  for (size_t i = from; i < from + n; i++) s += ((b[i / 8] >> (7 - i % 8)) & 1) ? '1' : '0';
  return s;
}

// The low n bits of u as '0'/'1', most significant first.
std::string Bin(uint64_t u, int n) {
  std::string s;
  for (int i = n - 1; i >= 0; i--) s += ((u >> i) & 1) ? '1' : '0';
  return s;
}

XorChunk Encode(const std::vector<Sample>& samples) {
  XorChunk c;
  for (const Sample& s : samples) c.Append(s.t_ms, D(s.v_bits));
  return c;
}

std::vector<Sample> Decode(ByteView b, Status* status) {
  std::vector<Sample> out;
  XorIterator it(b);
  while (it.Next()) out.push_back({it.t(), it.v_bits()});
  *status = it.status();
  return out;
}

void ExpectRoundTrip(const std::vector<Sample>& samples) {
  const XorChunk c = Encode(samples);
  ASSERT_EQ(c.NumSamples(), static_cast<int>(samples.size()));
  Status st;
  const std::vector<Sample> got = Decode(c.bytes(), &st);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(got.size(), samples.size());
  for (size_t i = 0; i < samples.size(); i++) {
    EXPECT_EQ(got[i].t_ms, samples[i].t_ms) << "sample " << i;
    EXPECT_EQ(got[i].v_bits, samples[i].v_bits) << "sample " << i;
  }
}

TEST(XorChunk, WorkedVectorFromSpecByteForByte) {
  XorChunk c;
  EXPECT_EQ(Hex(c.bytes()), "0000");
  c.Append(1000, 1.0);
  EXPECT_EQ(Hex(c.bytes()), "0001d00f3ff000000000000000");
  c.Append(2000, 1.0);
  EXPECT_EQ(Hex(c.bytes()), "0002d00f3ff0000000000000e80700");
  c.Append(3000, 2.0);
  EXPECT_EQ(Hex(c.bytes()), "0003d00f3ff0000000000000e8073097ffc0");
  c.Append(4500, 2.0);
  EXPECT_EQ(Hex(c.bytes()), "0004d00f3ff0000000000000e8073097ffe07d00");
  EXPECT_EQ(c.NumSamples(), 4);
  ExpectRoundTrip({{1000, B(1.0)}, {2000, B(1.0)}, {3000, B(2.0)}, {4500, B(2.0)}});
}

TEST(XorChunk, EmptyChunkIteratesNothing) {
  const XorChunk c;
  EXPECT_EQ(c.NumSamples(), 0);
  XorIterator it = c.Iterator();
  EXPECT_FALSE(it.Next());
  EXPECT_TRUE(it.status().ok());
}

TEST(XorChunk, SingleSampleKeepsTheExtraZeroByte) {
  // varint(-1) = 01, then 64 value bits, then the empty byte of §6.4.
  const XorChunk c = Encode({{-1, B(-2.5)}});
  EXPECT_EQ(Hex(c.bytes()), "000101c00400000000000000");
  ExpectRoundTrip({{-1, B(-2.5)}});
  ExpectRoundTrip({{std::numeric_limits<int64_t>::min(), 0}});
  ExpectRoundTrip({{std::numeric_limits<int64_t>::max(), ~uint64_t{0}}});
}

// Samples 0 and 1 at t=1000, 2000 with equal values leave sample 2 starting
// at bit 113 (16 count + 16 varint + 64 value + 16 uvarint + 1 value bit).
constexpr size_t kSample2Bit = 113;

std::string DodBits(int64_t dod) {
  const XorChunk c = Encode({{1000, B(1.0)}, {2000, B(1.0)}, {3000 + dod, B(1.0)}});
  const size_t total_bits = 8 * c.bytes().size();
  return BitsAt(c.bytes(), kSample2Bit, total_bits - kSample2Bit);
}

TEST(XorChunk, DodBucketsAtEveryBoundary) {
  struct Case {
    int64_t dod;
    std::string prefix;
    int payload_bits;
  };
  const Case cases[] = {
      {0, "0", 0},
      {1, "10", 14},          {-1, "10", 14},
      {8192, "10", 14},       {-8191, "10", 14},  // asymmetric: +2^13 fits, -2^13 does not
      {8193, "110", 17},      {-8192, "110", 17},
      {65536, "110", 17},     {-65535, "110", 17},
      {65537, "1110", 20},    {-65536, "1110", 20},
      {524288, "1110", 20},   {-524287, "1110", 20},
      {524289, "1111", 64},   {-524288, "1111", 64},
      {int64_t{1} << 40, "1111", 64},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("dod " + std::to_string(c.dod));
    const std::string bits = DodBits(c.dod);
    const std::string want = c.prefix + Bin(static_cast<uint64_t>(c.dod), c.payload_bits) + "0";
    ASSERT_GE(bits.size(), want.size());
    EXPECT_EQ(bits.substr(0, want.size()), want);
    // The value bit '0' is a single-bit write: no extra byte, padding < 8 bits.
    EXPECT_LT(bits.size() - want.size(), 8u);
    ExpectRoundTrip({{1000, B(1.0)}, {2000, B(1.0)}, {3000 + c.dod, B(1.0)}});
  }
}

TEST(XorChunk, HugeAndNegativeDeltasWrapLikeGo) {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  // A negative first delta is a 10-byte uvarint (Go casts it to uint64).
  const XorChunk c = Encode({{5000, B(1.0)}, {1000, B(1.0)}});
  EXPECT_EQ(c.bytes().size(), 2u + 2 + 8 + 10 + 1);
  ExpectRoundTrip({{5000, B(1.0)}, {1000, B(1.0)}});
  ExpectRoundTrip({{kMin, 1}, {kMax, 2}, {kMin, 3}, {0, 4}, {kMax, 5}, {kMax, 5}});
  ExpectRoundTrip({{0, 0}, {-1'000'000'000'000, 0}, {1'000'000'000'000, 0}, {-3, 0}});
}

TEST(XorChunk, ValueWindowIsReusedWhenTheXorFits) {
  // 1.0 -> 1.5 flips one mantissa bit: new window lead 12, 1 significant bit.
  // 1.5 -> 1.0 flips the same bit: control '10' and just that bit.
  const XorChunk c = Encode({{1000, B(1.0)}, {2000, B(1.5)}, {3000, B(1.0)}});
  const ByteView b = c.bytes();
  const size_t v1 = 16 + 16 + 64 + 16;
  EXPECT_EQ(BitsAt(b, v1, 14), "11" + Bin(12, 5) + Bin(1, 6) + "1");
  EXPECT_EQ(BitsAt(b, v1 + 14, 1 + 4), "0" "10" "1" "0");
  ExpectRoundTrip({{1000, B(1.0)}, {2000, B(1.5)}, {3000, B(1.0)}});
}

TEST(XorChunk, NarrowerXorStartsANewWindow) {
  // 1.0 -> 1.5 sets lead 12/trail 51; 1.5 -> 1.75 has trail 50 < 51.
  const XorChunk c = Encode({{0, B(1.0)}, {1, B(1.5)}, {2, B(1.75)}});
  const size_t v2 = 16 + 8 + 64 + 8 + 14 + 1;
  EXPECT_EQ(BitsAt(c.bytes(), v2, 13 + 1), "11" + Bin(13, 5) + Bin(1, 6) + "1");
  ExpectRoundTrip({{0, B(1.0)}, {1, B(1.5)}, {2, B(1.75)}});
}

TEST(XorChunk, LeadingZerosClampAt31) {
  // 0 -> bits 1: clz 63 is stored as 31, so 33 significant bits.
  const XorChunk c = Encode({{0, 0}, {1, 1}});
  const size_t v1 = 16 + 8 + 64 + 8;
  EXPECT_EQ(BitsAt(c.bytes(), v1, 13 + 33), "11" + Bin(31, 5) + Bin(33, 6) + Bin(1, 33));
  ExpectRoundTrip({{0, 0}, {1, 1}, {2, 3}, {3, uint64_t{1} << 40}});
}

TEST(XorChunk, SixtyFourSignificantBitsAreWrittenAsZero) {
  const uint64_t x = 0x8000000000000001;
  const XorChunk c = Encode({{0, 0}, {1, x}});
  const size_t v1 = 16 + 8 + 64 + 8;
  EXPECT_EQ(BitsAt(c.bytes(), v1, 13 + 64), "11" + Bin(0, 5) + Bin(0, 6) + Bin(x, 64));
  ExpectRoundTrip({{0, 0}, {1, x}, {2, 0}, {3, x}});
}

TEST(XorChunk, NaNPayloadsAndSpecialValuesSurviveBitExactly) {
  const uint64_t values[] = {
      0x7FF0000000000002,  // Prometheus stale marker
      0x7FF8000000000001,  // Prometheus canonical NaN
      0xFFF8000000000000, 0x7FF0000000000001, 0x7FFFFFFFFFFFFFFF,
      B(0.0), B(-0.0), B(std::numeric_limits<double>::infinity()),
      B(-std::numeric_limits<double>::infinity()), B(std::numeric_limits<double>::denorm_min()),
      0x7FF0000000000002,
  };
  std::vector<Sample> samples;
  int64_t t = 1'700'000'000'000;
  for (uint64_t v : values) samples.push_back({t += 15'000, v});
  ExpectRoundTrip(samples);
}

TEST(XorChunk, ResumingFromBytesMatchesOneShotAtEverySplit) {
  const std::vector<Sample> samples = {
      {1000, B(1.0)},  {2000, B(1.0)},  {3000, B(1.0)},  {4500, B(2.0)},
      {6000, B(2.5)},  {7000, B(2.5)},  {9000, 0x7FF0000000000002}, {9001, B(-0.0)},
      {9002, B(1e300)}, {1 << 30, B(3.0)}, {(1 << 30) + 15, B(3.0)},
  };
  const XorChunk whole = Encode(samples);
  for (size_t split = 0; split <= samples.size(); split++) {
    SCOPED_TRACE("split " + std::to_string(split));
    const XorChunk first(Encode({samples.begin(), samples.begin() + static_cast<long>(split)}));
    Result<XorChunk> resumed = XorChunk::FromBytes(first.bytes());
    ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
    for (size_t i = split; i < samples.size(); i++) resumed->Append(samples[i].t_ms, D(samples[i].v_bits));
    EXPECT_EQ(Hex(resumed->bytes()), Hex(whole.bytes()));
  }
}

TEST(XorChunk, FromBytesRejectsTrailingJunk) {
  XorChunk c = Encode({{1000, B(1.0)}, {2000, B(2.0)}, {3000, B(3.0)}});
  Bytes extra(c.bytes().begin(), c.bytes().end());
  extra.push_back(0);
  extra.push_back(0);
  EXPECT_EQ(XorChunk::FromBytes(extra).status().code(), StatusCode::kCorruption);
  // Decoders ignore it, as Prometheus's does.
  Status st;
  EXPECT_EQ(Decode(extra, &st).size(), 3u);
  EXPECT_TRUE(st.ok());

  Bytes dirty(c.bytes().begin(), c.bytes().end());
  dirty.back() |= 1;  // a padding bit (the last value write ends mid-byte)
  EXPECT_EQ(XorChunk::FromBytes(dirty).status().code(), StatusCode::kCorruption);
}

TEST(XorChunk, TruncatedChunksFailWithTheSampleIndex) {
  std::vector<Sample> samples;
  for (int i = 0; i < 120; i++) samples.push_back({i * 15'000 + (i % 3), B(i * 0.37)});
  const XorChunk c = Encode(samples);
  const ByteView full = c.bytes();
  for (size_t n = 0; n < full.size(); n++) {
    const ByteView cut = full.first(n);
    Status st;
    const std::vector<Sample> got = Decode(cut, &st);
    if (n == full.size() - 1 && full.back() == 0 && st.ok()) continue;  // only padding lost
    ASSERT_FALSE(st.ok()) << "length " << n;
    EXPECT_EQ(st.code(), StatusCode::kCorruption);
    if (n >= 2) {
      EXPECT_NE(st.message().find("sample " + std::to_string(got.size())), std::string::npos)
          << st.message();
    }
    EXPECT_FALSE(XorChunk::FromBytes(cut).ok());
  }
}

TEST(XorChunk, MalformedStreamsAreCorruptionNotCrashes) {
  // Count says 1, but the timestamp varint never ends.
  Bytes overflow = {0x00, 0x01};
  for (int i = 0; i < 11; i++) overflow.push_back(0xFF);
  Status st;
  Decode(overflow, &st);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("overflows"), std::string::npos) << st.message();

  // A new window with lead 31 and 64 significant bits (0 in 6 bits).
  XorChunk two = Encode({{0, 0}, {1, 0}});
  // Drop the byte holding the single value bit; the byte before it is full.
  BitWriter w(two.bytes().first(two.bytes().size() - 1), 0, 0);
  w.WriteBits(0b11, 2);
  w.WriteBits(31, 5);
  w.WriteBits(0, 6);
  w.WriteBits(~uint64_t{0}, 64);
  Decode(w.bytes(), &st);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("sample 1"), std::string::npos) << st.message();

  const Bytes tiny = {0x00};
  Decode(tiny, &st);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
}

TEST(XorChunk, FlippingAnyBitNeverCrashes) {
  std::vector<Sample> samples;
  for (int i = 0; i < 40; i++) samples.push_back({i * 1000 + i * i, B(i % 7 * 1.25)});
  const XorChunk c = Encode(samples);
  for (size_t bit = 0; bit < 8 * c.bytes().size(); bit++) {
    Bytes b(c.bytes().begin(), c.bytes().end());
    b[bit / 8] ^= static_cast<uint8_t>(0x80 >> (bit % 8));
    Status st;
    Decode(b, &st);
    EXPECT_TRUE(st.ok() || st.code() == StatusCode::kCorruption);
    (void)XorChunk::FromBytes(b);
  }
}

}  // namespace
}  // namespace tsdb::chunkenc

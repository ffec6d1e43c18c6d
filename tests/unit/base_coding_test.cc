#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "engine/base/coding.h"
#include "engine/base/crc32c.h"

namespace tsdb {
namespace {

TEST(Coding, UvarintMatchesGoEncoding) {
  Encbuf e;
  e.PutUvarint(0);
  e.PutUvarint(127);
  e.PutUvarint(128);
  e.PutUvarint(1000);
  EXPECT_EQ(e.bytes(), (Bytes{0x00, 0x7f, 0x80, 0x01, 0xe8, 0x07}));
}

TEST(Coding, VarintIsZigZag) {
  Encbuf e;
  e.PutVarint(1000);  // PROMETHEUS.md §6: zig-zag varint 1000 = d0 0f
  e.PutVarint(-1);
  e.PutVarint(1);
  EXPECT_EQ(e.bytes(), (Bytes{0xd0, 0x0f, 0x01, 0x02}));
}

TEST(Coding, RoundTripExtremes) {
  Encbuf e;
  const int64_t values[] = {0, 1, -1, std::numeric_limits<int64_t>::min(),
                            std::numeric_limits<int64_t>::max()};
  for (int64_t v : values) {
    e.PutVarint(v);
    e.PutUvarint(static_cast<uint64_t>(v));
    e.PutBE64(static_cast<uint64_t>(v));
  }
  Decbuf d(e.bytes());
  for (int64_t v : values) {
    EXPECT_EQ(d.Varint(), v);
    EXPECT_EQ(d.Uvarint(), static_cast<uint64_t>(v));
    EXPECT_EQ(d.BE64(), static_cast<uint64_t>(v));
  }
  EXPECT_TRUE(d.ok());
  EXPECT_EQ(d.remaining(), 0u);
}

TEST(Coding, DecbufErrorsAreSticky) {
  const Bytes b = {0x80, 0x80};  // an unterminated uvarint
  Decbuf d(b);
  EXPECT_EQ(d.Uvarint(), 0u);
  EXPECT_FALSE(d.ok());
  EXPECT_STREQ(d.err(), "invalid uvarint");
  EXPECT_EQ(d.Byte(), 0u);
}

TEST(Coding, UvarintOverflowIsRejected) {
  const Bytes b = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
  uint64_t v = 0;
  EXPECT_EQ(DecodeUvarint(b.data(), b.size(), &v), -1);
}

TEST(Crc32c, MatchesCastagnoliCheckValues) {
  EXPECT_EQ(Crc32c({}), 0u);
  EXPECT_EQ(Crc32c(AsBytes("123456789")), 0xe3069283u);  // the standard check value
  const uint32_t a = Crc32c(AsBytes("12345"));
  EXPECT_EQ(Crc32cExtend(a, AsBytes("6789")), 0xe3069283u);
}

}  // namespace
}  // namespace tsdb

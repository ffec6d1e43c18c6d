// The parsers' number handling: Go 1.19's strconv.ParseFloat behind 2.42's
// "pP_" guard, strconv.ParseInt, and Go's float64 -> int64 on amd64.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <string>

#include "engine/scrape/textparse/go_strconv.h"

namespace tsdb::scrape {
namespace {

uint64_t Bits(double v) { return std::bit_cast<uint64_t>(v); }

uint64_t FloatBits(std::string_view s) {
  auto r = ParsePromFloat(s);
  EXPECT_TRUE(r.ok()) << s << ": " << r.status().message();
  return r.ok() ? Bits(*r) : 0;
}

std::string FloatError(std::string_view s) {
  auto r = ParsePromFloat(s);
  EXPECT_FALSE(r.ok()) << s;
  return r.ok() ? "" : r.status().message();
}

TEST(PromFloatTest, AcceptsGoSyntax) {
  EXPECT_EQ(FloatBits("1"), Bits(1));
  EXPECT_EQ(FloatBits("+1.5"), Bits(1.5));
  EXPECT_EQ(FloatBits("-.5e-3"), Bits(-0.0005));
  EXPECT_EQ(FloatBits("5."), Bits(5));
  EXPECT_EQ(FloatBits("1E+3"), Bits(1000));
  EXPECT_EQ(FloatBits("007"), Bits(7));
  EXPECT_EQ(FloatBits("0.1"), Bits(0.1));
  EXPECT_EQ(FloatBits("-0"), Bits(-0.0));
  EXPECT_EQ(FloatBits("9007199254740993"), Bits(9007199254740992.0));  // ties to even
  EXPECT_EQ(FloatBits("1.7976931348623157e308"), Bits(std::numeric_limits<double>::max()));
  EXPECT_EQ(FloatBits("123456789012345678901234567890"), Bits(1.2345678901234568e+29));
}

TEST(PromFloatTest, SpecialValues) {
  const uint64_t inf = Bits(std::numeric_limits<double>::infinity());
  const uint64_t ninf = Bits(-std::numeric_limits<double>::infinity());
  EXPECT_EQ(FloatBits("Inf"), inf);
  EXPECT_EQ(FloatBits("+inf"), inf);
  EXPECT_EQ(FloatBits("-Inf"), ninf);
  EXPECT_EQ(FloatBits("INFINITY"), inf);
  EXPECT_EQ(FloatBits("-Infinity"), ninf);
  EXPECT_EQ(FloatBits("NaN"), kNormalNaNBits);
  EXPECT_EQ(FloatBits("nan"), kNormalNaNBits);
  EXPECT_EQ(FloatError("+NaN"), "strconv.ParseFloat: parsing \"+NaN\": invalid syntax");
  EXPECT_EQ(FloatError("-nan"), "strconv.ParseFloat: parsing \"-nan\": invalid syntax");
  EXPECT_EQ(FloatError("infin"), "strconv.ParseFloat: parsing \"infin\": invalid syntax");
  EXPECT_EQ(FloatError("in"), "strconv.ParseFloat: parsing \"in\": invalid syntax");
}

TEST(PromFloatTest, UnderflowIsNoErrorOverflowIs) {
  EXPECT_EQ(FloatBits("4.9406564584124654e-324"), uint64_t{1});
  EXPECT_EQ(FloatBits("3e-324"), uint64_t{1});  // rounds up to the smallest subnormal
  EXPECT_EQ(FloatBits("2e-324"), Bits(0.0));
  EXPECT_EQ(FloatBits("-1e-400"), Bits(-0.0));
  EXPECT_EQ(FloatBits("1e-99999999999"), Bits(0.0));
  EXPECT_EQ(FloatBits("0e99999999999"), Bits(0.0));
  EXPECT_EQ(FloatError("1.7976931348623159e308"),
            "strconv.ParseFloat: parsing \"1.7976931348623159e308\": value out of range");
  EXPECT_EQ(FloatError("-1e400"), "strconv.ParseFloat: parsing \"-1e400\": value out of range");
  EXPECT_EQ(FloatError("0.0001e99999999"),
            "strconv.ParseFloat: parsing \"0.0001e99999999\": value out of range");
}

TEST(PromFloatTest, RejectsWhatGoRejects) {
  for (const char* s : {"", ".", "+", "-", "e5", "1e", "1e+", "1..2", "1.2.3", "--1", "+-1", "1 ",
                        " 1", "0x10", "0X1.8", "1f", "Infx", "٣"}) {
    EXPECT_EQ(FloatError(s),
              "strconv.ParseFloat: parsing " + std::string("\"") + s + "\": invalid syntax")
        << s;
  }
  // Prometheus refuses hex floats and digit separators before Go sees them.
  for (const char* s : {"0x1p-2", "1_000", "P", "p"}) {
    EXPECT_EQ(FloatError(s), "unsupported character in float") << s;
  }
}

TEST(GoInt64Test, ParseInt) {
  EXPECT_EQ(*ParseGoInt64("0"), 0);
  EXPECT_EQ(*ParseGoInt64("-42"), -42);
  EXPECT_EQ(*ParseGoInt64("+7"), 7);
  EXPECT_EQ(*ParseGoInt64("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(*ParseGoInt64("-9223372036854775808"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(ParseGoInt64("9223372036854775808").status().message(),
            "strconv.ParseInt: parsing \"9223372036854775808\": value out of range");
  // An overflow is reported even if a bad byte follows.
  EXPECT_EQ(ParseGoInt64("99999999999999999999x").status().message(),
            "strconv.ParseInt: parsing \"99999999999999999999x\": value out of range");
  EXPECT_EQ(ParseGoInt64("1_0").status().message(),
            "strconv.ParseInt: parsing \"1_0\": invalid syntax");
  EXPECT_EQ(ParseGoInt64("").status().message(), "strconv.ParseInt: parsing \"\": invalid syntax");
}

TEST(GoInt64Test, FloatConversionAsOnAmd64) {
  EXPECT_EQ(GoFloat64ToInt64(1.9), 1);
  EXPECT_EQ(GoFloat64ToInt64(-1.9), -1);
  EXPECT_EQ(GoFloat64ToInt64(-9223372036854775808.0), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(GoFloat64ToInt64(9223372036854775808.0), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(GoFloat64ToInt64(1e300), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(GoFloat64ToInt64(-1e300), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(GoFloat64ToInt64(std::nan("")), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(GoFloat64ToInt64(9223372036854774784.0), 9223372036854774784);
}

}  // namespace
}  // namespace tsdb::scrape

// Go's text formats that promtool's output is made of, so `tsdbsim dump`
// and `tsdbsim list` print byte for byte what promtool 2.42 prints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace tsdb::db {

// fmt's %g of a float64: the shortest digits that read back as v, in
// exponent form (1.8875e-05, 2.097152e+06) when the decimal exponent is
// below -4 or at least 6, else plain (0.204, -125000); NaN, +Inf, -Inf;
// -0 prints "-0".
void AppendGoFloat(double v, std::string* out);
std::string FormatGoFloat(double v);
// AppendGoFloat of the double nearest mantissa x 10^-scale, for
// |mantissa| < 10^15 and 0 <= scale <= 22, straight from the decimal's
// digits: a decimal of at most 15 significant digits survives a round
// trip through a double (DBL_DIG), so its digits are that double's
// shortest. Exporters printing fixed-point values take this path.
inline constexpr int64_t kMaxDecimalMantissa = 1'000'000'000'000'000;  // 10^15
void AppendGoDecimal(int64_t mantissa, int scale, std::string* out);
// The same into p, which has room for kMaxGoFloatChars; returns the end.
inline constexpr size_t kMaxGoFloatChars = 32;
char* WriteGoDecimal(int64_t mantissa, int scale, char* p);

// time.Duration.String() of a nanosecond count: "5.878s", "1m59.878s",
// "2h0m0s", "1.5ms", "0s", "-3s".
std::string GoDurationString(int64_t ns);

// alecthomas/units Base2Bytes.String(): "72KiB11B", "1MiB", "0B".
std::string GoBase2BytesString(int64_t n);

// time.Unix(sec, 0).UTC().String(): "2026-11-20 10:15:54 +0000 UTC".
std::string GoUtcTimeString(int64_t unix_seconds);

}  // namespace tsdb::db

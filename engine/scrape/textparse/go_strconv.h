// The number parsing 2.42's exposition parsers do, with Go's results and
// Go's error messages: strconv.ParseFloat behind Prometheus's own guard,
// strconv.ParseInt, and Go's float64 -> int64 conversion.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/base/status.h"
#include "engine/base/value.h"  // kNormalNaNBits: the only NaN the parsers hand out

namespace tsdb::scrape {

// textparse's parseFloat: a string containing 'p', 'P' or '_' fails with
// `unsupported character in float` (keeping to pre-Go 1.13 float syntax, so
// hex floats and digit separators never parse); everything else is Go 1.19's
// strconv.ParseFloat(s, 64): optional sign, decimal digits with an optional
// point and exponent, "inf"/"infinity" with optional sign and "nan" without,
// any case. Correctly rounded; underflow gives a (signed) zero or a
// subnormal without error; overflow fails with `strconv.ParseFloat: parsing
// "1e999": value out of range`, bad syntax with `...: invalid syntax`.
// NaN comes back as kNormalNaNBits.
Result<double> ParsePromFloat(std::string_view s);
// ParsePromFloat's fast path alone: true with *v set when s is a plain
// decimal, [+-]digits[.digits] with at least one digit, in range. Up to 19
// digits whose value as an integer is at most 2^53, with at most 22 after
// the point, take one correctly rounded division (Clinger's exact case);
// longer ones the exact path's conversion. False, with *v untouched, for
// anything else, which ParsePromFloat hands to the exact path.
bool ParsePlainDecimal(std::string_view s, double* v);
// Clinger's exact case, the fast path's arithmetic: the value of a plain
// decimal of at most 19 digits whose digits, read as the integer m, give
// m <= kMaxExactDecimal, with frac of them after the point. m and 10^frac
// are exact doubles, so one IEEE division rounds correctly.
inline constexpr uint64_t kMaxExactDecimal = uint64_t{1} << 53;
inline constexpr double kExactPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,
                                         1e7,  1e8,  1e9,  1e10, 1e11, 1e12, 1e13,
                                         1e14, 1e15, 1e16, 1e17, 1e18, 1e19};
inline double ExactDecimal(uint64_t m, size_t frac, bool neg) {
  const double d = static_cast<double>(m);
  const double r = frac == 0 ? d : d / kExactPow10[frac];
  return neg ? -r : r;
}
// The same function without its fast path for short decimals: every input
// goes through the full grammar and a correctly rounded conversion. Tests
// use it as the reference for ParsePromFloat.
Result<double> ParsePromFloatExact(std::string_view s);

// strconv.ParseInt(s, 10, 64), with its messages.
Result<int64_t> ParseGoInt64(std::string_view s);

// Go's int64(f) as compiled for amd64 (CVTTSD2SQ): truncation toward zero;
// NaN and values outside the int64 range give INT64_MIN.
int64_t GoFloat64ToInt64(double f);

}  // namespace tsdb::scrape

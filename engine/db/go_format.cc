#include "engine/db/go_format.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "engine/base/assert.h"

namespace tsdb::db {

namespace {

// The shortest decimal digits of |v| (no trailing zeros) and the decimal
// exponent of the first one: |v| = 0.d1d2... x 10^(exp+1). v is finite and
// non-zero. std::to_chars and Go both pick the shortest digits that round
// trip, the closest one when several do. Kept on the stack: values are
// printed once per sample by the synthetic targets.
struct Digits {
  char d[24];  // at most 17 significant digits
  int n = 0;
  int exp = 0;
};

Digits ShortestDigits(double v) {
  char buf[40];
  const auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::scientific);
  Digits out;
  const char* p = buf;
  for (; p < res.ptr && *p != 'e'; p++) {
    if (*p != '.') out.d[out.n++] = *p;
  }
  while (out.n > 1 && out.d[out.n - 1] == '0') out.n--;
  // The exponent: 'e', a sign, then digits; from_chars takes no '+'.
  const bool negative = p + 1 < res.ptr && p[1] == '-';
  std::from_chars(p + 2, res.ptr, out.exp);
  if (negative) out.exp = -out.exp;
  return out;
}

// strconv's %e body: d.ddde±XX, at least two exponent digits.
char* WriteExponentForm(const Digits& d, char* p) {
  *p++ = d.d[0];
  if (d.n > 1) {
    *p++ = '.';
    for (int i = 1; i < d.n; i++) *p++ = d.d[i];
  }
  *p++ = 'e';
  *p++ = d.exp < 0 ? '-' : '+';
  const int a = std::abs(d.exp);
  if (a < 10) *p++ = '0';
  return std::to_chars(p, p + 4, a).ptr;
}

// strconv's %f body with exactly the digits needed: dp digits before the
// point (zero-padded), the rest after it. Plain form is used only for
// decimal exponents in [-4, 6), so the text stays short.
char* WritePlainForm(const Digits& d, int dp, char* p) {
  if (dp > 0) {
    for (int i = 0; i < dp; i++) *p++ = i < d.n ? d.d[i] : '0';
  } else {
    *p++ = '0';
  }
  const int frac = d.n - dp;
  if (frac > 0) {
    *p++ = '.';
    for (int i = 0; i < frac; i++) {
      const int j = dp + i;
      *p++ = j >= 0 && j < d.n ? d.d[j] : '0';
    }
  }
  return p;
}

// %g's choice for the shortest digits: Go switches to the exponent form
// at a decimal exponent of 6 (and below -4).
char* WriteDigits(const Digits& d, char* p) {
  return d.exp < -4 || d.exp >= 6 ? WriteExponentForm(d, p) : WritePlainForm(d, d.exp + 1, p);
}

// Go formats durations right to left into a small buffer; so do we.
class ReverseBuffer {
 public:
  void Put(char c) { buf_[--w_] = c; }
  void Put(std::string_view s) {
    for (auto it = s.rbegin(); it != s.rend(); ++it) Put(*it);
  }
  void PutUint(uint64_t v) {
    do {
      Put(static_cast<char>('0' + v % 10));
      v /= 10;
    } while (v > 0);
  }
  // Go's fmtFrac: the fraction of v / 10^prec without trailing zeros (and
  // without the point when it is zero); returns the integer part.
  uint64_t PutFraction(uint64_t v, int prec) {
    bool print = false;
    for (int i = 0; i < prec; i++) {
      const uint64_t digit = v % 10;
      print = print || digit != 0;
      if (print) Put(static_cast<char>('0' + digit));
      v /= 10;
    }
    if (print) Put('.');
    return v;
  }
  std::string str() const { return std::string(buf_ + w_, sizeof buf_ - w_); }

 private:
  char buf_[48];  // the longest duration, -2562047h47m16.854775808s, is 25
  size_t w_ = sizeof buf_;
};

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
// civil_from_days), valid for every int64 day count we can get.
void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

}  // namespace

void AppendGoFloat(double v, std::string* out) {
  if (std::isnan(v)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(v)) {
    out->append(v > 0 ? "+Inf" : "-Inf");
    return;
  }
  if (std::signbit(v)) out->push_back('-');
  if (v == 0) {
    out->push_back('0');
    return;
  }
  char buf[kMaxGoFloatChars];
  out->append(buf, WriteDigits(ShortestDigits(v), buf));
}

char* WriteGoDecimal(int64_t mantissa, int scale, char* p) {
  TSDB_ASSERT(mantissa > -kMaxDecimalMantissa && mantissa < kMaxDecimalMantissa);
  TSDB_ASSERT(scale >= 0 && scale <= 22);
  if (mantissa == 0) {
    *p++ = '0';
    return p;
  }
  if (mantissa < 0) *p++ = '-';
  const auto m = static_cast<uint64_t>(mantissa < 0 ? -mantissa : mantissa);
  Digits d;
  const int len = static_cast<int>(std::to_chars(d.d, d.d + sizeof d.d, m).ptr - d.d);
  d.n = len;
  while (d.n > 1 && d.d[d.n - 1] == '0') d.n--;
  d.exp = len - 1 - scale;
  if (d.exp < -4 || d.exp >= 6) return WriteDigits(d, p);
  // Plain form in whole runs: the integer digits (trailing zeros included),
  // then the significant fraction digits, zero-led when the value is < 1.
  const int int_digits = len - scale;
  if (int_digits > 0) {
    std::memcpy(p, d.d, static_cast<size_t>(int_digits));
    p += int_digits;
    if (d.n <= int_digits) return p;
    *p++ = '.';
    std::memcpy(p, d.d + int_digits, static_cast<size_t>(d.n - int_digits));
    return p + (d.n - int_digits);
  }
  *p++ = '0';
  *p++ = '.';
  std::memset(p, '0', static_cast<size_t>(-int_digits));
  p += -int_digits;
  std::memcpy(p, d.d, static_cast<size_t>(d.n));
  return p + d.n;
}

void AppendGoDecimal(int64_t mantissa, int scale, std::string* out) {
  char buf[kMaxGoFloatChars];
  out->append(buf, WriteGoDecimal(mantissa, scale, buf));
}

std::string FormatGoFloat(double v) {
  std::string s;
  AppendGoFloat(v, &s);
  return s;
}

std::string GoDurationString(int64_t ns) {
  constexpr uint64_t kSecond = 1'000'000'000;
  const bool neg = ns < 0;
  uint64_t u = static_cast<uint64_t>(ns);
  if (neg) u = ~u + 1;  // Go's -u on uint64; exact even for MinInt64
  if (u == 0) return "0s";
  ReverseBuffer b;
  if (u < kSecond) {
    // Below a second Go picks the largest unit that keeps an integer part.
    if (u < 1000) {
      b.Put("ns");
    } else if (u < 1'000'000) {
      b.Put("\xC2\xB5s");  // U+00B5 MICRO SIGN
      u = b.PutFraction(u, 3);
    } else {
      b.Put("ms");
      u = b.PutFraction(u, 6);
    }
    b.PutUint(u);
  } else {
    b.Put('s');
    u = b.PutFraction(u, 9);
    b.PutUint(u % 60);
    u /= 60;
    if (u > 0) {
      b.Put('m');
      b.PutUint(u % 60);
      u /= 60;
      if (u > 0) {
        b.Put('h');
        b.PutUint(u);
      }
    }
  }
  if (neg) b.Put('-');
  return b.str();
}

std::string GoBase2BytesString(int64_t n) {
  static constexpr const char* kUnits[] = {"", "K", "M", "G", "T", "P", "E"};
  constexpr int kCount = 7;
  std::string parts[kCount];
  for (int i = 0; i < kCount; i++) {
    // Go's % and / truncate toward zero, as C++'s do.
    if (n % 1024 != 0 || (i == 0 && n == 0)) {
      parts[kCount - 1 - i] = std::to_string(n % 1024) + kUnits[i] + (i == 0 ? "B" : "iB");
    }
    n /= 1024;
    if (n == 0) break;
  }
  std::string out;
  for (const std::string& p : parts) out += p;
  return out;
}

std::string GoUtcTimeString(int64_t unix_seconds) {
  // Floor division: a negative time belongs to the day before.
  int64_t days = unix_seconds / 86400;
  int64_t secs = unix_seconds % 86400;
  if (secs < 0) {
    secs += 86400;
    days--;
  }
  int64_t year = 0;
  int month = 0, day = 0;
  CivilFromDays(days, &year, &month, &day);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s%04lld-%02d-%02d %02d:%02d:%02d +0000 UTC", year < 0 ? "-" : "",
                static_cast<long long>(year < 0 ? -year : year), month, day,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

}  // namespace tsdb::db

#include "engine/scrape/textparse/go_strconv.h"

#include <bit>
#include <charconv>
#include <limits>
#include <string>
#include <system_error>

#include "engine/scrape/textparse/text_util.h"

namespace tsdb::scrape {
namespace {

Status NumError(const char* fn, std::string_view s, const char* what) {
  return Status::InvalidArgument(std::string("strconv.") + fn + ": parsing " + GoQuote(s) + ": " +
                                 what);
}
Status FloatSyntax(std::string_view s) { return NumError("ParseFloat", s, "invalid syntax"); }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

size_t CommonPrefixIgnoreCase(std::string_view s, std::string_view word) {
  size_t n = 0;
  while (n < s.size() && n < word.size() && Lower(s[n]) == word[n]) n++;
  return n;
}

// Go's special(): inf/infinity with an optional sign, nan without one.
// Returns the bytes it would consume (0: not special) and sets *v.
size_t Special(std::string_view s, double* v) {
  size_t sign_len = 0;
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    sign_len = 1;
  } else if (Lower(s[0]) == 'n') {
    if (CommonPrefixIgnoreCase(s, "nan") != 3) return 0;
    *v = std::bit_cast<double>(kNormalNaNBits);
    return 3;
  }
  size_t n = CommonPrefixIgnoreCase(s.substr(sign_len), "infinity");
  if (n > 3 && n < 8) n = 3;  // "infin" reads as "inf" and leaves the rest
  if (n != 3 && n != 8) return 0;
  *v = neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  return sign_len + n;
}

// Longer plain decimals get the exact path's conversion without its grammar
// checks, which they pass; out of range (a huge or tiny value) goes back to
// the exact path for Go's error or signed zero. Out of line: rare, and its
// from_chars call would make every caller save registers.
[[gnu::noinline]] bool LongPlainDecimal(std::string_view s, double* v) {
  double r = 0;
  const char* const begin = s.data() + (s[0] == '+' ? 1 : 0);
  const char* const end = s.data() + s.size();
  const auto res = std::from_chars(begin, end, r, std::chars_format::general);
  if (res.ec != std::errc() || res.ptr != end) return false;
  *v = r;
  return true;
}

}  // namespace

// One loop over the digits and the point; exponents, specials and errors
// are left to the exact path.
bool ParsePlainDecimal(std::string_view s, double* v) {
  const char* p = s.data();
  const char* const end = p + s.size();
  bool neg = false;
  if (p != end && (*p == '+' || *p == '-')) {
    neg = *p == '-';
    p++;
  }
  const char* const digits_begin = p;
  const char* dot = nullptr;
  uint64_t m = 0;
  for (; p != end; p++) {
    const auto d = static_cast<uint64_t>(static_cast<uint8_t>(*p) - uint8_t{'0'});
    if (d < 10) {
      m = m * 10 + d;  // may wrap past 19 digits; then m is not used
    } else if (*p == '.' && dot == nullptr) {
      dot = p;
    } else {
      return false;
    }
  }
  const size_t digits = static_cast<size_t>(end - digits_begin) - (dot != nullptr ? 1 : 0);
  if (digits == 0) return false;
  // Leading zeros count as digits, so frac <= digits <= 19 indexes the table.
  if (digits <= 19 && m <= kMaxExactDecimal) {
    const size_t frac = dot != nullptr ? static_cast<size_t>(end - dot - 1) : 0;
    *v = ExactDecimal(m, frac, neg);
    return true;
  }
  return LongPlainDecimal(s, v);
}

Result<double> ParsePromFloat(std::string_view s) {
  double v = 0;
  if (ParsePlainDecimal(s, &v)) return v;
  return ParsePromFloatExact(s);
}

Result<double> ParsePromFloatExact(std::string_view s) {
  if (s.find_first_of("pP_") != std::string_view::npos) {
    return Status::InvalidArgument("unsupported character in float");
  }
  if (s.empty()) return FloatSyntax(s);
  double special = 0;
  if (const size_t n = Special(s, &special); n != 0) {
    if (n != s.size()) return FloatSyntax(s);
    return special;
  }

  // readFloat's grammar for base 10: [+-] digits [. digits] [e [+-] digits],
  // at least one mantissa digit, nothing left over.
  size_t i = 0;
  bool neg = false;
  if (s[i] == '+' || s[i] == '-') {
    neg = s[i] == '-';
    i++;
  }
  // A 0x prefix makes Go read a hex float, which needs a 'p' exponent; with
  // 'p' already refused no hex string can parse.
  if (i + 2 < s.size() && s[i] == '0' && Lower(s[i + 1]) == 'x') return FloatSyntax(s);
  bool saw_dot = false;
  int64_t digits = 0, int_digits = -1, first_nonzero = -1;
  for (; i < s.size(); i++) {
    const char c = s[i];
    if (c == '.') {
      if (saw_dot) break;
      saw_dot = true;
      int_digits = digits;
    } else if (c >= '0' && c <= '9') {
      if (c != '0' && first_nonzero < 0) first_nonzero = digits;
      digits++;
    } else {
      break;
    }
  }
  if (digits == 0) return FloatSyntax(s);
  if (int_digits < 0) int_digits = digits;
  int64_t exp = 0;
  if (i < s.size() && Lower(s[i]) == 'e') {
    i++;
    int64_t esign = 1;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      if (s[i] == '-') esign = -1;
      i++;
    }
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return FloatSyntax(s);
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; i++) {
      if (exp < 1'000'000) exp = exp * 10 + (s[i] - '0');  // saturate, as Go does
    }
    exp *= esign;
  }
  if (i != s.size()) return FloatSyntax(s);

  const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
  double v = 0;
  const auto r = std::from_chars(begin, s.data() + s.size(), v, std::chars_format::general);
  if (r.ec == std::errc()) {
    TSDB_ASSERT(r.ptr == s.data() + s.size());
    return v;
  }
  TSDB_ASSERT(r.ec == std::errc::result_out_of_range && first_nonzero >= 0);
  // Out of range is either side: the decimal exponent of the leading digit
  // tells overflow (Go's range error) from underflow (Go's signed zero).
  const int64_t magnitude = int_digits - 1 - first_nonzero + exp;
  if (magnitude > 0) return NumError("ParseFloat", s, "value out of range");
  return neg ? -0.0 : 0.0;
}

Result<int64_t> ParseGoInt64(std::string_view s) {
  const std::string_view whole = s;
  if (s.empty()) return NumError("ParseInt", whole, "invalid syntax");
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return NumError("ParseInt", whole, "invalid syntax");
  uint64_t u = 0;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  for (const char c : s) {
    if (c < '0' || c > '9') return NumError("ParseInt", whole, "invalid syntax");
    const auto d = static_cast<uint64_t>(c - '0');
    // ParseUint stops at the first overflow, before looking further.
    if (u > (kMax - d) / 10) return NumError("ParseInt", whole, "value out of range");
    u = u * 10 + d;
  }
  constexpr uint64_t kCutoff = uint64_t{1} << 63;
  if ((!neg && u >= kCutoff) || (neg && u > kCutoff)) {
    return NumError("ParseInt", whole, "value out of range");
  }
  return neg ? static_cast<int64_t>(0 - u) : static_cast<int64_t>(u);
}

int64_t GoFloat64ToInt64(double f) {
  constexpr double kTwo63 = 9223372036854775808.0;
  // Written so that NaN fails the test too.
  if (!(f >= -kTwo63 && f < kTwo63)) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(f);
}

}  // namespace tsdb::scrape

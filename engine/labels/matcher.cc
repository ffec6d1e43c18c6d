#include "engine/labels/matcher.h"

#include <re2/re2.h>

#include <memory>

#include "engine/labels/go_quote.h"

namespace tsdb {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 if the byte there does
// not start one (overlong forms, surrogates and code points past U+10FFFF
// are invalid, as for Go's utf8.DecodeRuneInString).
size_t ValidUtf8Length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (b(1) < lo || b(1) > hi) return 0;
  for (size_t k = 2; k < n; k++) {
    if (b(k) < 0x80 || b(k) > 0xBF) return 0;
  }
  return n;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = ValidUtf8Length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// What Go's regexp sees: every byte that does not start a valid sequence
// is the rune U+FFFD, one byte wide.
std::string GoRunesAsUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    const size_t n = ValidUtf8Length(s, i);
    if (n == 0) {
      out.append("\xEF\xBF\xBD");
      i++;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

// Go's regexp/syntax message for each RE2 error (RE2's own wording differs).
const char* GoRegexErrorText(RE2::ErrorCode code) {
  switch (code) {
    case RE2::ErrorMissingParen: return "missing closing )";
    case RE2::ErrorUnexpectedParen: return "unexpected )";
    case RE2::ErrorMissingBracket: return "missing closing ]";
    case RE2::ErrorRepeatOp: return "invalid nested repetition operator";
    case RE2::ErrorRepeatSize: return "invalid repeat count";
    case RE2::ErrorRepeatArgument: return "missing argument to repetition operator";
    case RE2::ErrorBadPerlOp: return "invalid or unsupported Perl syntax";
    case RE2::ErrorBadCharRange: return "invalid character class range";
    case RE2::ErrorBadCharClass: return "invalid character class";
    case RE2::ErrorBadEscape: return "invalid escape sequence";
    case RE2::ErrorBadUTF8: return "invalid UTF-8";
    case RE2::ErrorBadNamedCapture: return "invalid named capture";
    case RE2::ErrorTrailingBackslash: return "trailing backslash at end of expression";
    case RE2::ErrorPatternTooLarge: return "expression too large";
    default: return "internal error";
  }
}

Status RegexError(const std::string& what, const std::string& arg) {
  return Status::InvalidArgument("error parsing regexp: " + what + ": `" + arg + "`");
}

// The position of a \C escape (any byte) outside \Q...\E: C++ RE2 accepts
// it, Go's regexp does not.
std::string::size_type FindAnyByteEscape(const std::string& re) {
  for (std::string::size_type i = 0; i + 1 < re.size(); i++) {
    if (re[i] != '\\') continue;
    if (re[i + 1] == 'C') return i;
    if (re[i + 1] == 'Q') {
      const auto e = re.find("\\E", i + 2);
      if (e == std::string::npos) return std::string::npos;
      i = e;
    }
    i++;  // skip the escaped character
  }
  return std::string::npos;
}

std::unique_ptr<RE2> Compile(const std::string& pattern) {
  RE2::Options opts;  // UTF-8, Perl classes, `.` excludes \n: Go's defaults
  opts.set_log_errors(false);
  return std::make_unique<RE2>(pattern, opts);
}

Status ErrorOf(const RE2& r, const std::string& pattern) {
  const RE2::ErrorCode code = r.error_code();
  // Go names the whole expression for parenthesis errors.
  const bool whole = code == RE2::ErrorMissingParen || code == RE2::ErrorUnexpectedParen;
  return RegexError(GoRegexErrorText(code), whole ? pattern : r.error_arg());
}

// 2.42 compiles `^(?:re)$` (whose errors it reports first) and then parses
// re alone, so `a)|(b` fails although its anchored form compiles.
Result<std::shared_ptr<const RE2>> CompileAnchored(const std::string& value) {
  const std::string wrapped = "^(?:" + value + ")$";
  std::shared_ptr<const RE2> re = Compile(wrapped);
  if (!re->ok()) return ErrorOf(*re, wrapped);
  if (const auto alone = Compile(value); !alone->ok()) return ErrorOf(*alone, value);
  if (FindAnyByteEscape(value) != std::string::npos) return RegexError("invalid escape sequence", "\\C");
  return re;
}

}  // namespace

std::string_view MatchTypeString(MatchType type) {
  switch (type) {
    case MatchType::kEqual: return "=";
    case MatchType::kNotEqual: return "!=";
    case MatchType::kRegexMatch: return "=~";
    case MatchType::kRegexNoMatch: return "!~";
  }
  return "?";
}

Result<Matcher> Matcher::Make(MatchType type, std::string name, std::string value) {
  Matcher m(type, std::move(name), std::move(value));
  if (type == MatchType::kRegexMatch || type == MatchType::kRegexNoMatch) {
    TSDB_ASSIGN_OR_RETURN(m.re_, CompileAnchored(m.value_));
  }
  return m;
}

bool Matcher::RegexMatches(std::string_view s) const {
  if (IsValidUtf8(s)) return RE2::FullMatch(s, *re_);
  const std::string as_go = GoRunesAsUtf8(s);
  return RE2::FullMatch(as_go, *re_);
}

bool Matcher::Matches(std::string_view s) const {
  switch (type_) {
    case MatchType::kEqual: return s == value_;
    case MatchType::kNotEqual: return s != value_;
    case MatchType::kRegexMatch: return RegexMatches(s);
    case MatchType::kRegexNoMatch: return !RegexMatches(s);
  }
  return false;
}

std::string Matcher::ToString() const {
  std::string out = name_;
  out.append(MatchTypeString(type_));
  AppendGoQuoted(value_, &out);
  return out;
}

bool MatchesAll(const std::vector<Matcher>& matchers, const Labels& lset) {
  if (matchers.empty()) return false;
  for (const Matcher& m : matchers) {
    if (!m.MatchesLabels(lset)) return false;
  }
  return true;
}

}  // namespace tsdb

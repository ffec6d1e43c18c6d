#include "engine/labels/go_quote.h"

#include <algorithm>

namespace tsdb {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr uint32_t kRuneError = 0xFFFD;

struct Rune {
  uint32_t value;
  size_t width;  // bytes consumed; an invalid byte is (kRuneError, 1)
};

uint32_t Cont(uint8_t c) { return c & 0x3Fu; }

// utf8.DecodeRuneInString: shortest forms only, no surrogates, nothing past
// U+10FFFF; anything else yields one invalid byte.
Rune DecodeRune(std::string_view s) {
  const auto b = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const uint8_t c0 = b(0);
  if (c0 < 0x80) return {c0, 1};
  const Rune bad{kRuneError, 1};
  size_t need;
  uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c0 >= 0xC2 && c0 <= 0xDF) {
    need = 2;
  } else if (c0 >= 0xE0 && c0 <= 0xEF) {
    need = 3;
    if (c0 == 0xE0) lo = 0xA0;  // overlong
    if (c0 == 0xED) hi = 0x9F;  // surrogates
  } else if (c0 >= 0xF0 && c0 <= 0xF4) {
    need = 4;
    if (c0 == 0xF0) lo = 0x90;  // overlong
    if (c0 == 0xF4) hi = 0x8F;  // beyond U+10FFFF
  } else {
    return bad;
  }
  if (s.size() < need || b(1) < lo || b(1) > hi) return bad;
  for (size_t i = 2; i < need; i++) {
    if (b(i) < 0x80 || b(i) > 0xBF) return bad;
  }
  if (need == 2) return {(c0 & 0x1Fu) << 6 | Cont(b(1)), 2};
  if (need == 3) return {(c0 & 0x0Fu) << 12 | Cont(b(1)) << 6 | Cont(b(2)), 3};
  return {(c0 & 0x07u) << 18 | Cont(b(1)) << 12 | Cont(b(2)) << 6 | Cont(b(3)), 4};
}

void AppendHex(uint32_t v, int digits, std::string* out) {
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out->push_back(kHex[(v >> shift) & 0xF]);
}

// The escape for a rune that is neither a quote, a backslash nor printable.
void AppendEscaped(uint32_t r, std::string* out) {
  switch (r) {
    case '\a': out->append("\\a"); return;
    case '\b': out->append("\\b"); return;
    case '\f': out->append("\\f"); return;
    case '\n': out->append("\\n"); return;
    case '\r': out->append("\\r"); return;
    case '\t': out->append("\\t"); return;
    case '\v': out->append("\\v"); return;
    default: break;
  }
  if (r < ' ' || r == 0x7F) {
    out->append("\\x");
    AppendHex(r, 2, out);
  } else if (r < 0x10000) {
    out->append("\\u");
    AppendHex(r, 4, out);
  } else {
    out->append("\\U");
    AppendHex(r, 8, out);
  }
}

}  // namespace

bool GoIsPrint(uint32_t rune) {
  if (rune < 0x80) return rune >= 0x20 && rune < 0x7F;
  const auto* begin = internal::kGoPrintableRanges;
  const auto* end = begin + internal::kGoPrintableRangeCount;
  // First range whose upper bound is >= rune.
  const auto* it = std::lower_bound(begin, end, rune,
                                    [](const uint32_t(&range)[2], uint32_t r) { return range[1] < r; });
  return it != end && (*it)[0] <= rune;
}

void AppendGoQuoted(std::string_view s, std::string* out) {
  out->push_back('"');
  while (!s.empty()) {
    const Rune r = DecodeRune(s);
    const std::string_view bytes = s.substr(0, r.width);
    s.remove_prefix(r.width);
    if (r.width == 1 && r.value == kRuneError) {
      out->append("\\x");
      AppendHex(static_cast<uint8_t>(bytes[0]), 2, out);
    } else if (r.value == '"' || r.value == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(r.value));
    } else if (GoIsPrint(r.value)) {
      out->append(bytes);
    } else {
      AppendEscaped(r.value, out);
    }
  }
  out->push_back('"');
}

}  // namespace tsdb

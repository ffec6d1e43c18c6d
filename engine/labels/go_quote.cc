#include "engine/labels/go_quote.h"

#include <algorithm>

#include "engine/base/utf8.h"

namespace tsdb {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr uint32_t kRuneError = 0xFFFD;

struct Rune {
  uint32_t value;
  size_t width;  // bytes consumed; an invalid byte is (kRuneError, 1)
};

uint32_t Cont(uint8_t c) { return c & 0x3Fu; }

// utf8.DecodeRuneInString: an invalid sequence yields one invalid byte.
Rune DecodeRune(std::string_view s) {
  const auto b = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const uint8_t c0 = b(0);
  switch (Utf8SequenceLength(s, 0)) {
    case 1: return {c0, 1};
    case 2: return {(c0 & 0x1Fu) << 6 | Cont(b(1)), 2};
    case 3: return {(c0 & 0x0Fu) << 12 | Cont(b(1)) << 6 | Cont(b(2)), 3};
    case 4: return {(c0 & 0x07u) << 18 | Cont(b(1)) << 12 | Cont(b(2)) << 6 | Cont(b(3)), 4};
    default: return {kRuneError, 1};
  }
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

#include "engine/scrape/textparse/media_type.h"

#include <cstdint>
#include <set>
#include <string>

namespace tsdb::scrape {
namespace {

constexpr std::string_view kOpenMetrics = "application/openmetrics-text";

// Length of the UTF-8 encoded White_Space rune at the start of s (Go's
// unicode.IsSpace), or 0.
size_t SpaceLength(std::string_view s) {
  if (s.empty()) return 0;
  const auto b = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const uint8_t c = b(0);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c == 0xC2 && s.size() >= 2 && (b(1) == 0x85 || b(1) == 0xA0)) return 2;
  if (s.size() < 3) return 0;
  if (c == 0xE1 && b(1) == 0x9A && b(2) == 0x80) return 3;  // U+1680
  if (c == 0xE2 && b(1) == 0x80 &&
      ((b(2) >= 0x80 && b(2) <= 0x8A) || b(2) == 0xA8 || b(2) == 0xA9 || b(2) == 0xAF)) {
    return 3;  // U+2000..U+200A, U+2028, U+2029, U+202F
  }
  if (c == 0xE2 && b(1) == 0x81 && b(2) == 0x9F) return 3;  // U+205F
  if (c == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;  // U+3000
  return 0;
}

std::string_view TrimLeftSpace(std::string_view s) {
  while (size_t n = SpaceLength(s)) s.remove_prefix(n);
  return s;
}

// A rune ending at the end of s that is White_Space: its length, or 0.
size_t TrailingSpaceLength(std::string_view s) {
  for (size_t n = 1; n <= 3 && n <= s.size(); n++) {
    if (SpaceLength(s.substr(s.size() - n)) == n) return n;
  }
  return 0;
}

std::string_view TrimSpace(std::string_view s) {
  s = TrimLeftSpace(s);
  while (size_t n = TrailingSpaceLength(s)) s.remove_suffix(n);
  return s;
}

bool IsTSpecial(char c) {
  return std::string_view(R"(()<>@,;:\"/[]?=)").find(c) != std::string_view::npos;
}
bool IsTokenChar(char c) {
  const auto u = static_cast<uint8_t>(c);
  return u > 0x20 && u < 0x7F && !IsTSpecial(c);
}

// consumeToken: the longest prefix of token characters.
std::string_view ConsumeToken(std::string_view* v) {
  size_t n = 0;
  while (n < v->size() && IsTokenChar((*v)[n])) n++;
  const std::string_view tok = v->substr(0, n);
  v->remove_prefix(n);
  return tok;
}

// consumeValue: a token or a quoted string. False when neither is there.
bool ConsumeValue(std::string_view* v) {
  if (v->empty()) return false;
  if ((*v)[0] != '"') return !ConsumeToken(v).empty();
  for (size_t i = 1; i < v->size(); i++) {
    const char r = (*v)[i];
    if (r == '"') {
      v->remove_prefix(i + 1);  // even `""`: Go sees the input move on
      return true;
    }
    if (r == '\\' && i + 1 < v->size() && IsTSpecial((*v)[i + 1])) {
      i++;
    } else if (r == '\r' || r == '\n') {
      return false;
    }
  }
  return false;  // no closing quote
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// consumeMediaParam: `; name = value`. Returns the lower-cased name, empty
// when there is no well-formed parameter (v is then left as it was).
std::string ConsumeParam(std::string_view* v) {
  std::string_view rest = TrimLeftSpace(*v);
  if (rest.empty() || rest[0] != ';') return {};
  rest = TrimLeftSpace(rest.substr(1));
  const std::string name = AsciiLower(ConsumeToken(&rest));
  if (name.empty()) return {};
  rest = TrimLeftSpace(rest);
  if (rest.empty() || rest[0] != '=') return {};
  rest = TrimLeftSpace(rest.substr(1));
  if (!ConsumeValue(&rest)) return {};
  *v = rest;
  return name;
}

}  // namespace

bool IsOpenMetricsContentType(std::string_view content_type) {
  const size_t semi = content_type.find(';');
  const std::string_view base = content_type.substr(0, semi);
  // Go lower-cases with Unicode rules, but no non-ASCII rune lower-cases
  // into this media type's letters, so ASCII folding decides the same.
  if (AsciiLower(TrimSpace(base)) != kOpenMetrics) return false;

  // The parameters must parse too, or 2.42 falls back to the text format.
  std::string_view v = content_type.substr(base.size());
  std::set<std::string> seen;
  while (!v.empty()) {
    v = TrimLeftSpace(v);
    if (v.empty()) break;
    const std::string name = ConsumeParam(&v);
    if (name.empty()) {
      return TrimSpace(v) == ";";  // a trailing semicolon is allowed
    }
    // RFC 2231 continuations (`name*0`) live in maps of their own in Go,
    // but their keys keep the '*', so one set finds the same duplicates.
    if (!seen.insert(name).second) return false;
  }
  return true;
}

}  // namespace tsdb::scrape

// Small text helpers the exposition parsers share: Go's UTF-8 validity,
// the unescaping 2.42 applies to label values and HELP text, Go's %q for
// error messages, and turning a byte offset into a line and column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/utf8.h"
#include "engine/labels/labels.h"
#include "engine/scrape/textparse/parser.h"

namespace tsdb::scrape {

// engine/base/utf8.h's FindInvalidUtf8, with the ASCII run it starts with
// skipped eight bytes a step first: HELP texts and label values are mostly
// ASCII, and an ASCII byte is a whole sequence, so the result is the same.
inline size_t FindInvalidUtf8(std::string_view s) {
  size_t i = 0;
  for (uint64_t w = 0; i + 8 <= s.size(); i += 8) {
    std::memcpy(&w, s.data() + i, 8);
    if ((w & 0x8080808080808080ULL) != 0) break;
  }
  const size_t bad = tsdb::FindInvalidUtf8(s.substr(i));
  return bad == std::string_view::npos ? bad : i + bad;
}

// What 2.42's strings.Replacer does to a label value: `\"`, `\\` and `\n`
// become `"`, `\` and a newline, scanning left to right; any other
// backslash stays as it is.
void AppendUnescapedLabelValue(std::string_view s, std::string* out);
// The Prometheus text format's HELP replacer: only `\\` and `\n`.
void AppendUnescapedHelp(std::string_view s, std::string* out);

// Resets b and adds `__name__` = page[name_begin, name_end) and the pairs
// whose offsets are (name begin, name end, value begin, value end) per
// label, values unescaped (through *scratch when they need it): 2.42's
// Metric() without its final sort.
void DecodeLabels(std::string_view page, size_t name_begin, size_t name_end,
                  std::span<const size_t> offsets, std::string* scratch, LabelsBuilder* b);

// Go's %q of a string (strconv.Quote).
std::string GoQuote(std::string_view s);
// Go's %q of string(b) for one byte b: Go converts the byte to the rune
// U+0000..U+00FF first, so 0xE9 prints as "é", not "\xe9".
std::string GoQuoteByteAsRune(uint8_t b);

// 1-based line and byte column of offset in page (offset may equal the
// page size: the position just past the last byte).
TextPosition PositionAt(std::string_view page, size_t offset);

}  // namespace tsdb::scrape

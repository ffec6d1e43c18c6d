// Go's strconv.Quote, needed so Labels::ToString prints label values exactly
// as Prometheus does (`{job="a\nb"}`), e.g. in messages and promtool output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tsdb {

// Appends s as a double-quoted Go string literal: `"` and `\` escaped, printable
// runes raw, \a \b \f \n \r \t \v by name, other ASCII controls and invalid
// UTF-8 bytes as \xNN, other non-printable runes as \uNNNN or \UNNNNNNNN.
void AppendGoQuoted(std::string_view s, std::string* out);

// strconv.IsPrint: letters, marks, numbers, punctuation, symbols, and ' '.
bool GoIsPrint(uint32_t rune);

namespace internal {
// Generated table (go_printable_table.cc), sorted inclusive ranges.
extern const uint32_t kGoPrintableRanges[][2];
extern const size_t kGoPrintableRangeCount;
}  // namespace internal

}  // namespace tsdb

// The text format lexer's byte classes as bits of one 256-entry table, so
// that runs of name, value and timestamp bytes and of plain label value
// bytes are scanned with one load and test per byte.
#pragma once

#include <cstdint>

#include "engine/scrape/textparse/lex_token.h"

namespace tsdb::scrape::prom_class {

// Not NUL, blank or newline: what may start HELP text.
constexpr bool IsTextStart(uint8_t c) { return c != 0 && c != '\n' && !IsBlank(c); }
// What a sample value is made of: anything up to a blank, '{' or newline.
constexpr bool IsValueChar(uint8_t c) { return c != 0 && c != '\n' && c != '{' && !IsBlank(c); }

constexpr uint8_t kMetricChar = 1;
constexpr uint8_t kLabelChar = 2;
constexpr uint8_t kDigit = 4;
constexpr uint8_t kValueChar = 8;
// Label value bytes that need no look: all but '"', '\\' and NUL.
constexpr uint8_t kQuotedPlain = 16;
constexpr uint8_t kBlank = 32;
// kQuotedPlain below 0x80 and not a newline: what the one-pass line reader
// takes without a look (no UTF-8 check, and the line goes on).
constexpr uint8_t kQuotedAscii = 64;

struct Table {
  uint8_t bits[256] = {};
  constexpr Table() {
    for (int c = 0; c < 256; c++) {
      const auto b = static_cast<uint8_t>(c);
      uint8_t v = 0;
      if (IsMetricChar(b)) v |= kMetricChar;
      if (IsLabelChar(b)) v |= kLabelChar;
      if (IsDigit(b)) v |= kDigit;
      if (IsValueChar(b)) v |= kValueChar;
      if (b != '"' && b != '\\' && b != 0) v |= kQuotedPlain;
      if (IsBlank(b)) v |= kBlank;
      if ((v & kQuotedPlain) != 0 && b < 0x80 && b != '\n') v |= kQuotedAscii;
      bits[c] = v;
    }
  }
};
inline constexpr Table kTable;

// What may start a metric name or a label name, in a second table: one load
// and test, as for the runs.
constexpr uint8_t kMetricStart = 1;
constexpr uint8_t kLabelStart = 2;
struct StartTable {
  uint8_t bits[256] = {};
  constexpr StartTable() {
    for (int c = 0; c < 256; c++) {
      const auto b = static_cast<uint8_t>(c);
      bits[c] = static_cast<uint8_t>((IsMetricStart(b) ? kMetricStart : 0) |
                                     (IsLabelStart(b) ? kLabelStart : 0));
    }
  }
};
inline constexpr StartTable kStarts;
inline bool StartsMetricName(uint8_t c) { return (kStarts.bits[c] & kMetricStart) != 0; }
inline bool StartsLabelName(uint8_t c) { return (kStarts.bits[c] & kLabelStart) != 0; }

// The run scans stop at NUL (Advance() outside the NUL-skipping states).
static_assert((kTable.bits[0] & (kMetricChar | kLabelChar | kDigit | kValueChar | kQuotedPlain |
                                 kBlank | kQuotedAscii)) == 0);
// The classes a line scan may use: none holds the newline, so a scan that
// starts before a '\n' of the page stops at it at the latest.
constexpr uint8_t kInLine = static_cast<uint8_t>(~kQuotedPlain);
static_assert((kTable.bits[static_cast<uint8_t>('\n')] & kInLine) == 0);

// The first index in [i, n) whose byte is not in `bits`, or n.
inline size_t SkipRun(const uint8_t* p, size_t i, size_t n, uint8_t bits) {
  while (i < n && (kTable.bits[p[i]] & bits) != 0) i++;
  return i;
}

// SkipRun without the bound: `bits` must be in kInLine and a '\n' of the
// page must come at or after i, so the scan stops there at the latest. Two
// bytes a step.
inline size_t SkipRunInLine(const uint8_t* p, size_t i, uint8_t bits) {
  for (;; i += 2) {
    if ((kTable.bits[p[i]] & bits) == 0) return i;
    if ((kTable.bits[p[i + 1]] & bits) == 0) return i + 1;
  }
}

}  // namespace tsdb::scrape::prom_class

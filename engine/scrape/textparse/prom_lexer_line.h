// PromLexer's one-pass readers of common lines. Each step accepts only what
// leaves the token-by-token lexer no choice, so that the offsets match its
// tokens. A sample line:
//   name          MNAME, the metric char run from the line's first byte
//   '{'           BOPEN; then '}' (BCLOSE) or a label name
//   name '='      LNAME ends at the first byte that is no label char, which
//                 must be '=' (a blank would be a WHITESPACE token: refused)
//   '"' plain '"' LVALUE: plain bytes (ASCII but '"', '\\', NUL and the
//                 newline) cannot end or escape it, and no NUL follows the
//                 quote (the lexer would skip it into the token)
//   ',' or '}'    COMMA (then a name or '}') or BCLOSE
//   blanks value  WHITESPACE, VALUE up to a blank, '{', NUL or newline
//   blanks digits blanks '\n'   WHITESPACE, TIMESTAMP, WHITESPACE, LINEBREAK
// A metadata line:
//   '#' ' '       the start of a `#` comment that goes on as a `# ` one
//   HELP|TYPE ' ' the keyword and its one blank (no NUL, which the comment
//                 state would skip)
//   name          MNAME in the state after the keyword
//   ' ' or '\t', then a byte that is no blank, NUL or newline: the TEXT
//                 token runs from the blank to the newline (NULs inside
//                 are kept); or '\n' at once: an empty TEXT token
// Every scan stops at the line's '\n' (AtScannableLine), so none needs a
// bound. Inline, for the parser's Next() alone: the lines' offsets then
// stay in registers.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

#include "engine/scrape/textparse/go_strconv.h"
#include "engine/scrape/textparse/prom_byte_class.h"
#include "engine/scrape/textparse/prom_lexer.h"
#include "engine/scrape/textparse/prom_line_scan.h"

namespace tsdb::scrape {
namespace line_scan {

// Digits from p[*i] on into *m (which may wrap past 19 digits); moves *i past them.
inline void ReadDigits(const uint8_t* p, size_t* i, uint64_t* m) {
  size_t j = *i;
  uint64_t v = *m;
  for (uint64_t d; (d = static_cast<uint64_t>(p[j]) - '0') < 10; j++) v = v * 10 + d;
  *i = j;
  *m = v;
}

// Four bytes as a load from memory gives them.
constexpr uint32_t Word(const char (&s)[5]) {
  uint32_t w = 0;
  for (int k = 0; k < 4; k++) {
    const int shift = std::endian::native == std::endian::little ? 8 * k : 8 * (3 - k);
    w |= static_cast<uint32_t>(static_cast<uint8_t>(s[k])) << shift;
  }
  return w;
}

}  // namespace line_scan

[[gnu::always_inline]] inline bool PromLexer::ScanPlainSample(PlainSample* out,
                                                              LabelOffsets* labels) {
  const uint8_t* const p = p_;
  size_t i = prom_class::MetricNameEnd(p, i_, n_, last_name_, last_name_len_);
  last_name_ = i_;
  last_name_len_ = i - i_;
  out->name_end = i;
  if (p[i] == '{') {
    i++;
    while (p[i] != '}') {
      if (!prom_class::StartsLabelName(p[i])) return false;
      const size_t name_begin = i;
      i = prom_class::SkipRunInLine(p, i + 1, prom_class::kLabelChar);
      if (p[i] != '=' || p[i + 1] != '"') return false;
      // Non-ASCII values go the long way, for the parser's UTF-8 check.
      const size_t value_end = prom_class::SkipRunInLine(p, i + 2, prom_class::kQuotedAscii);
      if (p[value_end] != '"') return false;
      labels->Add(name_begin, i, i + 2, value_end);
      i = value_end + 1;
      if (p[i] == ',') {
        i++;
      } else if (p[i] != '}') {
        return false;
      }
    }
    i++;  // past '}'
  }
  out->series_end = i;
  i = p[i] == ' ' && !IsBlank(p[i + 1]) ? i + 1
                                        : prom_class::SkipRunInLine(p, i, prom_class::kBlank);

  // The value, read as a plain decimal while it is scanned.
  out->value_begin = i;
  const bool neg = p[i] == '-';
  i += neg ? 1 : 0;
  const size_t digits_begin = i;
  uint64_t m = 0;
  line_scan::ReadDigits(p, &i, &m);
  size_t digits = i - digits_begin;
  size_t frac = 0;
  if (p[i] == '.') {
    const size_t frac_begin = ++i;
    line_scan::ReadDigits(p, &i, &m);
    frac = i - frac_begin;
    digits += frac;
  }
  if ((prom_class::kTable.bits[p[i]] & prom_class::kValueChar) != 0) {
    // More than a plain decimal (an exponent, a word, a second point): the
    // rest of the run, for the parser to convert.
    i = prom_class::SkipRunInLine(p, i + 1, prom_class::kValueChar);
    out->value_parsed = false;
  } else {
    if (i == out->value_begin) return false;  // no VALUE token here
    // Leading zeros count as digits, so frac <= digits <= 19 indexes the table.
    out->value_parsed = digits != 0 && digits <= 19 && m <= kMaxExactDecimal;
    if (out->value_parsed) out->value = ExactDecimal(m, frac, neg);
  }
  out->value_end = i;
  if (p[i] == '\n') {  // the common end: no timestamp, no blanks
    out->ts_begin = out->ts_end = i;
    out->line_end = i + 1;
    return true;
  }
  i = prom_class::SkipRunInLine(p, i, prom_class::kBlank);
  out->ts_begin = out->ts_end = i;
  if (IsDigit(p[i])) {
    // Only after a blank: the value's run would have taken a digit.
    i = prom_class::SkipRunInLine(p, i + 1, prom_class::kDigit);
    out->ts_end = i;
    i = prom_class::SkipRunInLine(p, i, prom_class::kBlank);
  }
  if (p[i] != '\n') return false;
  out->line_end = i + 1;
  return true;
}

[[gnu::always_inline]] inline bool PromLexer::ScanPlainMetadata(PlainMetadata* out) {
  // `# HELP ` and the name's first byte: eight bytes up to the line's '\n'.
  if (scan_end_ - i_ < 8) return false;
  const uint8_t* const p = p_;
  const size_t i = i_;
  if (p[i + 1] != ' ' || p[i + 6] != ' ') return false;
  uint32_t word = 0;
  std::memcpy(&word, p + i + 2, 4);
  if (word == line_scan::Word("HELP")) {
    out->kind = Token::kHelp;
  } else if (word == line_scan::Word("TYPE")) {
    out->kind = Token::kType;
  } else {
    return false;
  }
  if (!prom_class::StartsMetricName(p[i + 7])) return false;
  out->name_begin = i + 7;
  // A HELP line most likely starts a family: its name is new, and TYPE's
  // the same.
  const size_t name_end = out->kind == Token::kHelp
                              ? prom_class::SkipMetricCharsInLine(p, i + 8, n_)
                              : prom_class::MetricNameEnd(p, i + 7, n_, last_name_, last_name_len_);
  last_name_ = i + 7;
  last_name_len_ = name_end - (i + 7);
  out->name_end = name_end;
  if (p[name_end] == '\n') {
    out->text_begin = out->text_end = name_end;
    out->text_ascii = true;
    out->line_end = name_end + 1;
    return true;
  }
  if (!IsBlank(p[name_end]) || !prom_class::IsTextStart(p[name_end + 1])) return false;
  out->text_begin = name_end + 1;
  size_t j = prom_class::FindHelpStopInLine(p, name_end + 1, n_);
  out->text_ascii = p[j] == '\n';
  if (!out->text_ascii) {
    const void* nl = std::memchr(p + j, '\n', scan_end_ - j);  // never null: see above
    j = static_cast<size_t>(static_cast<const uint8_t*>(nl) - p);
  }
  out->text_end = j;
  out->line_end = j + 1;
  return true;
}

}  // namespace tsdb::scrape

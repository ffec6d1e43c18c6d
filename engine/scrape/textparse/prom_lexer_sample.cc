// PromLexer's one-pass reading of a common sample line. Each step accepts
// only what leaves the token-by-token lexer no choice, so that the offsets
// match its tokens:
//   '{'           BOPEN; then '}' (BCLOSE) or a label name
//   name '='      LNAME ends at the first byte that is no label char, which
//                 must be '=' (a blank would be a WHITESPACE token: refused)
//   '"' plain '"' LVALUE: plain bytes (ASCII but '"', '\\' and NUL) cannot
//                 end or escape it, and no NUL follows the quote (the lexer
//                 would skip it into the token)
//   ',' or '}'    COMMA (then a name or '}') or BCLOSE
//   blanks value  WHITESPACE, VALUE up to a blank, '{', NUL or newline
//   blanks digits blanks '\n'   WHITESPACE, TIMESTAMP, WHITESPACE, LINEBREAK
// Nothing may reach the end of the page, where the appended newline and
// the zeros after it have their own rules.
#include "engine/base/assert.h"
#include "engine/scrape/textparse/prom_byte_class.h"
#include "engine/scrape/textparse/prom_lexer.h"

namespace tsdb::scrape {

using prom_class::SkipRun;

bool PromLexer::ScanPlainSample(PlainSample* out, std::vector<size_t>* label_offsets) const {
  TSDB_ASSERT(state_ == LexState::kValue);
  const uint8_t* const p = p_;
  const size_t n = n_;
  size_t i = i_;
  if (i < n && p[i] == '{') {
    i++;
    for (;;) {
      if (i >= n) return false;
      if (p[i] == '}') break;
      if (!IsLabelStart(p[i])) return false;
      const size_t name_begin = i;
      i = SkipRun(p, i + 1, n, prom_class::kLabelChar);
      if (i + 1 >= n || p[i] != '=' || p[i + 1] != '"') return false;
      const size_t name_end = i;
      const size_t value_begin = i + 2;
      // Non-ASCII values go the long way, for the parser's UTF-8 check.
      i = SkipRun(p, value_begin, n, prom_class::kQuotedAscii);
      if (i + 1 >= n || p[i] != '"') return false;
      label_offsets->insert(label_offsets->end(), {name_begin, name_end, value_begin, i});
      i++;
      if (p[i] == ',') {
        i++;
      } else if (p[i] != '}') {
        return false;
      }
    }
    i++;  // past '}'
  }
  out->series_end = i;
  i = SkipRun(p, i, n, prom_class::kBlank);
  if (i >= n || !prom_class::IsValueChar(p[i])) return false;
  out->value_begin = i;
  i = SkipRun(p, i + 1, n, prom_class::kValueChar);
  out->value_end = i;
  i = SkipRun(p, i, n, prom_class::kBlank);
  out->ts_begin = out->ts_end = i;
  if (i < n && IsDigit(p[i])) {
    // Only after a blank: the value's run would have taken a digit.
    i = SkipRun(p, i + 1, n, prom_class::kDigit);
    out->ts_end = i;
    i = SkipRun(p, i, n, prom_class::kBlank);
  }
  if (i >= n || p[i] != '\n') return false;
  out->line_end = i + 1;
  return true;
}

void PromLexer::SkipScannedLine(size_t line_end) {
  TSDB_ASSERT(line_end > i_ && line_end <= n_ && p_[line_end - 1] == '\n');
  start_ = line_end - 1;  // the LINEBREAK token
  i_ = line_end;
  state_ = LexState::kInit;
}

}  // namespace tsdb::scrape

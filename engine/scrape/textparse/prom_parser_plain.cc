// PromParser::Next() and its one-pass path: common sample and metadata
// lines (and blank lines) read whole by the lexer's line readers
// (prom_lexer_line.h), with what the token path would make of them.
// Anything they do not take, and every error, goes token by token
// (prom_parser.cc), which also words the errors.
#include <bit>
#include <cmath>

#include "engine/scrape/textparse/go_strconv.h"
#include "engine/scrape/textparse/prom_lexer_line.h"
#include "engine/scrape/textparse/prom_parser.h"
#include "engine/scrape/textparse/text_util.h"

namespace tsdb::scrape {

Result<EntryType> PromParser::Next() {
  label_offsets_.clear();
  while (lex_.AtScannableLine()) {
    start_ = lex_.pos();
    const uint8_t c = lex_.Peek();
    if (prom_class::StartsMetricName(c)) {
      if (PlainSample()) return EntryType::kSeries;
    } else if (c == '#') {
      EntryType e = EntryType::kHelp;
      if (PlainMetadata(&e)) return e;
    } else if (c == '\n') {
      lex_.SkipScannedLine(start_ + 1);  // a blank line: one LINEBREAK token
      continue;
    }
    break;
  }
  return TokenEntry();
}

[[gnu::always_inline]] inline bool PromParser::PlainSample() {
  PromLexer::PlainSample s;
  if (!lex_.ScanPlainSample(&s, &label_offsets_)) {
    label_offsets_.clear();
    return false;
  }
  double v = s.value;
  if (!s.value_parsed && !SlowValue(s.value_begin, s.value_end, &v)) {
    label_offsets_.clear();
    return false;
  }
  int64_t ts = 0;
  const bool has_ts = s.ts_end != s.ts_begin;
  if (has_ts && !Timestamp(s.ts_begin, s.ts_end, &ts)) {
    label_offsets_.clear();
    return false;
  }
  name_end_ = s.name_end;
  series_ = std::string_view(page_.data() + start_, s.series_end - start_);
  value_ = v;
  if (has_ts) {
    ts_.emplace(ts);
  } else {
    ts_.reset();
  }
  lex_.SkipScannedLine(s.line_end);
  lines_read_whole_++;
  return true;
}

// A value the line reader did not convert (an exponent, Inf, NaN, many
// digits); false when it does not parse.
[[gnu::noinline]] bool PromParser::SlowValue(size_t begin, size_t end, double* v) const {
  const Result<double> r = ParsePromFloat(page_.substr(begin, end - begin));
  if (!r.ok()) return false;
  *v = std::isnan(*r) ? std::bit_cast<double>(kNormalNaNBits) : *r;
  return true;
}

// The digits the line reader took as a timestamp; false when they overflow.
[[gnu::noinline]] bool PromParser::Timestamp(size_t begin, size_t end, int64_t* ts) const {
  if (end - begin > 18) {
    // Long enough to overflow: ParseGoInt64 decides (and the token path words its error).
    const Result<int64_t> t = ParseGoInt64(page_.substr(begin, end - begin));
    if (!t.ok()) return false;
    *ts = *t;
    return true;
  }
  // Digits only, and 18 of them fit in an int64.
  int64_t v = 0;
  for (size_t k = begin; k < end; k++) v = v * 10 + (page_[k] - '0');
  *ts = v;
  return true;
}

[[gnu::always_inline]] inline bool PromParser::PlainMetadata(EntryType* entry) {
  PromLexer::PlainMetadata m;
  if (!lex_.ScanPlainMetadata(&m)) return false;
  const std::string_view text(page_.data() + m.text_begin, m.text_end - m.text_begin);
  if (m.kind == Token::kType) {
    const MetricType type = TypeWord(text);
    if (type == MetricType::kUnknown) return false;
    type_ = type;
    text_ = text;
    *entry = EntryType::kType;
  } else {
    if (m.text_ascii) {
      text_ = text;
    } else if (SetHelp(text) != std::string_view::npos) {
      return false;
    }
    *entry = EntryType::kHelp;
  }
  name_ = std::string_view(page_.data() + m.name_begin, m.name_end - m.name_begin);
  lex_.SkipScannedLine(m.line_end);
  lines_read_whole_++;
  return true;
}

}  // namespace tsdb::scrape

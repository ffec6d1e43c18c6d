#include "engine/scrape/textparse/prom_parser.h"

#include <bit>
#include <cmath>

#include "engine/scrape/textparse/go_strconv.h"
#include "engine/scrape/textparse/text_util.h"

namespace tsdb::scrape {

Token PromParser::NextToken() {
  for (;;) {
    const Token t = lex_.Lex();
    if (t != Token::kWhitespace) return t;
  }
}

size_t PromParser::ErrorOffset(Token t) const {
  return (t == Token::kInvalid || t == Token::kEof) ? lex_.stop() : lex_.start();
}

Status PromParser::Fail(std::string message, size_t offset) {
  error_pos_ = PositionAt(page_, offset);
  return Status::InvalidArgument(std::move(message));
}

// 2.42's parseError: `expected equal, got "INVALID"`.
Status PromParser::Expected(std::string_view what, Token got) {
  return Fail(std::string(what) + ", got \"" + TokenName(got) + "\"", ErrorOffset(got));
}

Result<EntryType> PromParser::Next() {
  label_offsets_.clear();
  for (;;) {
    start_ = lex_.pos();
    switch (const Token t = NextToken(); t) {
      case Token::kEof:
        return EntryType::kEof;
      case Token::kLinebreak:
        continue;  // blank lines are allowed
      case Token::kHelp:
      case Token::kType:
        return Metadata(t);
      case Token::kComment: {
        text_ = page_.substr(lex_.start(), lex_.pos() - lex_.start());
        const Token t2 = NextToken();
        if (t2 != Token::kLinebreak) return Expected("linebreak expected after comment", t2);
        return EntryType::kComment;
      }
      case Token::kMetricName:
        return Sample();
      default:
        return Fail(std::string("\"") + TokenName(t) + "\" is not a valid start token",
                    ErrorOffset(t));
    }
  }
}

Result<EntryType> PromParser::Metadata(Token kind) {
  const Token t = NextToken();
  if (t != Token::kMetricName) {
    return Expected(std::string("expected metric name after ") + TokenName(kind), t);
  }
  name_ = page_.substr(lex_.start(), lex_.pos() - lex_.start());
  if (const Token t2 = NextToken(); t2 != Token::kText) {
    return Fail(std::string("expected text in ") + TokenName(kind), ErrorOffset(t2));
  }
  // The token starts with the blank after the name (or whatever ended it),
  // which is dropped; further blanks stay part of the text.
  const size_t token_len = lex_.pos() - lex_.start();
  const size_t text_begin = lex_.start() + (token_len > 1 ? 1 : 0);
  text_ = token_len > 1 ? page_.substr(text_begin, lex_.pos() - text_begin) : std::string_view();
  if (kind == Token::kType) {
    if (text_ == "counter") {
      type_ = MetricType::kCounter;
    } else if (text_ == "gauge") {
      type_ = MetricType::kGauge;
    } else if (text_ == "histogram") {
      type_ = MetricType::kHistogram;
    } else if (text_ == "summary") {
      type_ = MetricType::kSummary;
    } else if (text_ == "untyped") {
      type_ = MetricType::kUntyped;
    } else {
      return Fail("invalid metric type " + GoQuote(text_), text_begin);
    }
  } else {
    if (const size_t bad = FindInvalidUtf8(text_); bad != std::string_view::npos) {
      return Fail("help text is not a valid utf8 string", text_begin + bad);
    }
    if (text_.find('\\') != std::string_view::npos) {
      help_unescaped_.clear();
      AppendUnescapedHelp(text_, &help_unescaped_);
      text_ = help_unescaped_;
    }
  }
  if (const Token t3 = NextToken(); t3 != Token::kLinebreak) {
    return Expected("linebreak expected after metadata", t3);
  }
  return kind == Token::kHelp ? EntryType::kHelp : EntryType::kType;
}

// The common line in one pass; false (with nothing changed) when the line
// or its numbers need the token by token path, which also words the errors.
bool PromParser::PlainSample() {
  PromLexer::PlainSample s;
  if (!lex_.ScanPlainSample(&s, &label_offsets_)) {
    label_offsets_.clear();
    return false;
  }
  double v = 0;
  const std::string_view value_text = page_.substr(s.value_begin, s.value_end - s.value_begin);
  if (!ParsePlainDecimal(value_text, &v)) {
    const Result<double> exact = ParsePromFloat(value_text);
    if (!exact.ok()) {
      label_offsets_.clear();
      return false;
    }
    v = std::isnan(*exact) ? std::bit_cast<double>(kNormalNaNBits) : *exact;
  }
  const size_t ts_digits = s.ts_end - s.ts_begin;
  int64_t ts = 0;
  if (ts_digits > 18) {
    // Long enough to overflow: ParseGoInt64 decides (and the long path words its error).
    const Result<int64_t> t = ParseGoInt64(page_.substr(s.ts_begin, ts_digits));
    if (!t.ok()) {
      label_offsets_.clear();
      return false;
    }
    ts = *t;
  } else {
    // The scan took digits only, and 18 of them fit in an int64.
    for (size_t k = s.ts_begin; k < s.ts_end; k++) ts = ts * 10 + (page_[k] - '0');
  }
  series_ = page_.substr(start_, s.series_end - start_);
  value_ = v;
  if (ts_digits > 0) {
    ts_.emplace(ts);
  } else {
    ts_.reset();
  }
  lex_.SkipScannedLine(s.line_end);
  return true;
}

Result<EntryType> PromParser::Sample() {
  name_end_ = lex_.pos();
  if (PlainSample()) return EntryType::kSeries;
  series_ = page_.substr(start_, name_end_ - start_);
  Token t = NextToken();
  if (t == Token::kBraceOpen) {
    TSDB_RETURN_IF_ERROR(LabelPairs());
    series_ = page_.substr(start_, lex_.pos() - start_);
    t = NextToken();
  }
  if (t != Token::kValue) return Expected("expected value after metric", t);
  const size_t value_at = lex_.start();
  Result<double> v = ParsePromFloat(page_.substr(value_at, lex_.pos() - value_at));
  if (!v.ok()) return Fail(v.status().message(), value_at);
  value_ = std::isnan(*v) ? std::bit_cast<double>(kNormalNaNBits) : *v;

  ts_.reset();
  switch (t = NextToken(); t) {
    case Token::kLinebreak:
      break;
    case Token::kTimestamp: {
      const size_t ts_at = lex_.start();
      Result<int64_t> ts = ParseGoInt64(page_.substr(ts_at, lex_.pos() - ts_at));
      if (!ts.ok()) return Fail(ts.status().message(), ts_at);
      ts_ = *ts;
      if (const Token t2 = NextToken(); t2 != Token::kLinebreak) {
        return Expected("expected next entry after timestamp", t2);
      }
      break;
    }
    default:
      return Expected("expected timestamp or new record", t);
  }
  return EntryType::kSeries;
}

// The label list after '{'. Commas between pairs are optional and one may
// trail, as in 2.42.
Status PromParser::LabelPairs() {
  Token t = NextToken();
  for (;;) {
    if (t == Token::kBraceClose) return Status();
    if (t != Token::kLabelName) return Expected("expected label name", t);
    label_offsets_.push_back(lex_.start());
    label_offsets_.push_back(lex_.pos());
    if (t = NextToken(); t != Token::kEqual) return Expected("expected equal", t);
    if (t = NextToken(); t != Token::kLabelValue) return Expected("expected label value", t);
    const size_t quoted_at = lex_.start();
    const std::string_view quoted = page_.substr(quoted_at, lex_.pos() - quoted_at);
    if (const size_t bad = FindInvalidUtf8(quoted); bad != std::string_view::npos) {
      return Fail("invalid UTF-8 label value", quoted_at + bad);
    }
    label_offsets_.push_back(quoted_at + 1);
    label_offsets_.push_back(lex_.pos() - 1);
    if (t = NextToken(); t == Token::kComma) t = NextToken();
  }
}

void PromParser::Labels(LabelsBuilder* b) const {
  // 2.42 takes the name from where the entry began, so blanks before it on
  // the line become part of __name__ (and then fail the scrape's validity
  // check).
  DecodeLabels(page_, start_, name_end_, label_offsets_, &value_scratch_, b);
}

}  // namespace tsdb::scrape
